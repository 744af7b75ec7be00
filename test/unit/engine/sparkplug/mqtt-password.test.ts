import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SparkplugConfig } from '../../../../src-shared/workspace/sparkplug';
import { emptyWorkspace } from '../../../../src-main/engine/workspace/empty-workspace';
import { keepPasswordOut, resolveMqttPassword } from '../../../../src-main/engine/sparkplug/mqtt-password';
import { workspaceToText } from '../../../../src-main/engine/workspace/workspace-store';
import { FileSecretStore, PLAIN_SEALER } from '../../../../src-main/engine/secrets/file-secret-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-mqtt-password-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const section = (extra: Record<string, string>) => v.parse(SparkplugConfig, { brokerUrl: 'mqtt://127.0.0.1:1883', groupId: 'G', edgeNodeId: 'N', ...extra });

describe('MQTT password sources', () => {
  it('reads an environment variable by name, and says when it is not set', () => {
    expect(resolveMqttPassword(section({ passwordEnv: 'SY_PW' }), undefined, { SY_PW: 'from-env' })).toEqual({ ok: true, password: 'from-env' });
    expect(resolveMqttPassword(section({ passwordEnv: 'SY_PW' }), undefined, {})).toEqual({ ok: false, error: { code: 'MQTT_PASSWORD', message: 'MQTT password: environment variable SY_PW is not set' } });
  });

  it('reads a 0600 file without its line break, refuses one readable by others naming the fix, never showing the contents', () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'from-file\n', { mode: 0o600 });
    expect(resolveMqttPassword(section({ passwordFile: file }))).toEqual({ ok: true, password: 'from-file' });
    chmodSync(file, 0o644);
    const open = resolveMqttPassword(section({ passwordFile: file }));
    expect(open).toEqual({ ok: false, error: { code: 'MQTT_PASSWORD', message: `MQTT password file ${file}: readable by others (mode 0644): chmod 600 ${file}` } });
    expect(resolveMqttPassword(section({ passwordFile: join(dir, 'missing') }))).toMatchObject({ ok: false, error: { message: expect.stringContaining('ENOENT') } });
  });

  it('refuses a variable name that is not one', () => {
    expect(v.safeParse(SparkplugConfig, { brokerUrl: 'mqtt://h:1', groupId: 'G', edgeNodeId: 'N', passwordEnv: 'A B' }).success).toBe(false);
  });

  it('moves a plain password to the secret store, removes it from there when no longer named, and never writes it into the workspace text', async () => {
    const secrets = new FileSecretStore({ dir: join(dir, 'secrets'), sealer: PLAIN_SEALER });
    const old = { ...emptyWorkspace(), sparkplug: section({ password: 'plain-old' }) };
    const notices: string[] = [];
    const moved = await keepPasswordOut(old, emptyWorkspace(), secrets, (m) => notices.push(m));
    const id = moved.sparkplug!.passwordSecret;
    expect(id).toMatch(/^s-[0-9a-f]{32}$/);
    expect(moved.sparkplug).toMatchObject({ password: '', passwordFile: '', passwordEnv: '' });
    expect(resolveMqttPassword(moved.sparkplug!, secrets)).toEqual({ ok: true, password: 'plain-old' });
    expect(resolveMqttPassword(moved.sparkplug!)).toMatchObject({ ok: false, error: { code: 'MQTT_PASSWORD' } });
    expect(notices).toEqual(["Sparkplug: the MQTT password is kept in the host's secret store (a file readable by this user only), not in the workspace"]);
    expect(workspaceToText(moved)).not.toContain('plain-old');
    expect(workspaceToText(old)).not.toContain('plain-old');
    // Removing the password removes it from the store.
    await keepPasswordOut({ ...moved, sparkplug: { ...moved.sparkplug!, passwordSecret: '' } }, moved, secrets, () => undefined);
    expect(secrets.get(id)).toMatchObject({ ok: false, error: { code: 'SECRET_UNKNOWN' } });
  });
});
