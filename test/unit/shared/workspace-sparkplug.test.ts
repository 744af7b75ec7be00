import { describe, expect, it } from 'vitest';
import { migrateWorkspace } from '../../../src-shared/workspace/migrate';

const sparkplug = { brokerUrl: 'mqtt://127.0.0.1:1883', groupId: 'Plant', edgeNodeId: 'HMI1' };

describe('workspace sparkplug section', () => {
  it('is optional: a workspace without it loads unchanged', () => {
    const parsed = migrateWorkspace({ formatVersion: 3 });
    expect(parsed.ok && parsed.workspace.sparkplug).toBeUndefined();
  });

  it('fills the defaults: disabled, no primary host, no password source, DCMD off with no points, engineer role, 10k buffer', () => {
    const parsed = migrateWorkspace({ formatVersion: 3, sparkplug });
    expect(parsed.ok && parsed.workspace.sparkplug).toEqual({
      ...sparkplug,
      enabled: false,
      caFile: '',
      certFile: '',
      keyFile: '',
      username: '',
      password: '',
      passwordSecret: '',
      passwordFile: '',
      passwordEnv: '',
      primaryHostId: '',
      publishIntervalMs: 1000,
      bufferLimit: 10_000,
      dcmdEnabled: false,
      dcmdPoints: [],
      dcmdRole: 'engineer',
    });
  });

  it.each([
    [{ brokerUrl: 'http://x:1883' }, 'sparkplug.brokerUrl'],
    [{ groupId: 'a/b' }, 'sparkplug.groupId'],
    [{ edgeNodeId: 'n+' }, 'sparkplug.edgeNodeId'],
    [{ dcmdRole: 'root' }, 'sparkplug.dcmdRole'],
    [{ publishIntervalMs: 5 }, 'sparkplug.publishIntervalMs'],
    [{ primaryHostId: 'SCADA/1' }, 'sparkplug.primaryHostId'],
    [{ passwordEnv: '1BAD' }, 'sparkplug.passwordEnv'],
  ])('refuses %j naming the field', (bad, field) => {
    const parsed = migrateWorkspace({ formatVersion: 3, sparkplug: { ...sparkplug, ...bad } });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(`${field}:`);
  });
});
