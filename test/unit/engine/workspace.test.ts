import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateWorkspace } from '../../../src-shared/workspace/migrate';
import { WORKSPACE_FORMAT_VERSION } from '../../../src-shared/workspace/workspace';
import { WorkspaceService } from '../../../src-main/engine/workspace/workspace-service';
import { readWorkspaceFile, writeFileAtomic } from '../../../src-main/engine/workspace/workspace-store';
import { emptyWorkspace } from '../../../src-main/engine';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-ws-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const station = { id: 's1', name: 'One', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 } };

describe('workspace schema and migration', () => {
  it('applies defaults to a minimal station', () => {
    const parsed = migrateWorkspace({ formatVersion: WORKSPACE_FORMAT_VERSION, stations: [station] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const s = parsed.workspace.stations[0]!;
    expect(s.enabled).toBe(true);
    expect(s.dnp3.outstationAddress).toBe(10);
    expect(s.iec104.k).toBe(12);
    expect(parsed.workspace.preferences.batchIntervalMs).toBe(100);
  });

  it('migrates format 1 (point lists inside stations, accounts) to the current format', () => {
    const parsed = migrateWorkspace({ formatVersion: 1, stations: [{ ...station, points: [{ address: 'ai:0', name: 'Flow' }] }], accounts: [] });
    expect(parsed).toMatchObject({ ok: true, migratedFrom: 1 });
    if (parsed.ok) expect(parsed.workspace.points.s1![0]!.name).toBe('Flow');
  });

  it('refuses a newer format with a clear message', () => {
    const parsed = migrateWorkspace({ formatVersion: WORKSPACE_FORMAT_VERSION + 1 });
    expect(parsed).toMatchObject({ ok: false, code: 'NEWER_FORMAT' });
    if (!parsed.ok) expect(parsed.message).toMatch(/newer than this Switchyard/);
  });

  it('names the field path and reason of an invalid station', () => {
    const parsed = migrateWorkspace({ formatVersion: WORKSPACE_FORMAT_VERSION, stations: [{ ...station, transport: { kind: 'tcp', host: '127.0.0.1', port: 70000 } }] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^stations\.0\.transport\.port: /);
  });

  it('refuses TLS without files and UDP for IEC 104', () => {
    const tls = migrateWorkspace({ formatVersion: 2, stations: [{ ...station, transport: { kind: 'tls', host: 'h', port: 1 } }] });
    expect(tls.ok).toBe(false);
    const udp = migrateWorkspace({ formatVersion: 2, stations: [{ ...station, protocol: 'iec104', transport: { kind: 'udp', host: 'h', port: 1 } }] });
    expect(udp.ok).toBe(false);
  });

  it('refuses a CROB NUL policy on an IEC 104 station and names why', () => {
    const nul = migrateWorkspace({ formatVersion: 2, stations: [{ ...station, protocol: 'iec104', commands: [{ address: 'ioa:1@1', actions: ['nul'] }] }] });
    expect(nul.ok).toBe(false);
    expect(JSON.stringify(nul)).toContain('the nul action (CROB NUL) is for DNP3 only');
    const dnp3 = migrateWorkspace({ formatVersion: 2, stations: [{ ...station, protocol: 'dnp3', commands: [{ address: 'bo:0', actions: ['nul'] }] }] });
    expect(dnp3.ok).toBe(true);
  });
});

describe('workspace store and service', () => {
  it('writes atomically and leaves no temporary file', async () => {
    const dir = temp();
    const file = join(dir, 'w.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['w.json']);
  });

  it('keeps the previous workspace when an edit is invalid, and saves a valid one', async () => {
    const dir = temp();
    const file = join(dir, 'workspace.json');
    const applied: string[][] = [];
    const service = new WorkspaceService(emptyWorkspace(), file, async (next) => void applied.push(next.stations.map((s) => s.id)));
    const bad = await service.update((draft) => void (draft.stations = [{ ...station, id: 'bad id!' } as never]));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/^stations\.0\.id: /);
    expect(service.workspace.stations).toEqual([]);
    const good = await service.update((draft) => void (draft.stations = [station as never]));
    expect(good.ok).toBe(true);
    expect(applied).toEqual([['s1']]);
    const read = await readWorkspaceFile(file);
    expect(read).toMatchObject({ ok: true, workspace: { stations: [{ id: 's1' }] } });
  });

  it('imports text (refusing invalid JSON) and exports the running workspace', async () => {
    const dir = temp();
    const service = new WorkspaceService(emptyWorkspace(), join(dir, 'w.json'), async () => undefined);
    expect(await service.importText('{nope')).toMatchObject({ ok: false, error: { code: 'INVALID_WORKSPACE' } });
    const result = await service.importText(JSON.stringify({ formatVersion: 1, stations: [station] }));
    expect(result.ok).toBe(true);
    expect(JSON.parse(service.exportText())).toMatchObject({ formatVersion: WORKSPACE_FORMAT_VERSION, stations: [{ id: 's1' }] });
  });

  it('reports a corrupt file as invalid rather than missing', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'w.json'), '{"formatVersion": 2, "stations": 5}');
    const read = await readWorkspaceFile(join(dir, 'w.json'));
    expect(read).toMatchObject({ ok: false, code: 'INVALID_WORKSPACE' });
    expect(await readWorkspaceFile(join(dir, 'missing.json'))).toBeNull();
  });
});
