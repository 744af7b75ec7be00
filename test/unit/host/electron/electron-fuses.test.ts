/**
 * The packaged app's Electron fuses: electron-builder.yml is read and validated by
 * electron-builder's own loader and schema (so a misspelt key fails here, not silently at
 * packaging), and every hardening fuse has the value the security review asked for.
 */
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../../', import.meta.url).pathname;

async function builderConfig(): Promise<Awaited<ReturnType<typeof getConfig>>> {
  const config = await getConfig(ROOT, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder fuses', () => {
  it('sets every hardening fuse in a configuration electron-builder accepts', async () => {
    const { electronFuses } = await builderConfig();
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('refuses a misspelt fuse, so the check above reads the real schema', async () => {
    const config = await builderConfig();
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNodeX: false } } as typeof config;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/runAsNodeX|electronFuses/);
  });
});
