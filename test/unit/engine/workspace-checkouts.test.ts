import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../../src-shared/workspace/checkout';
import { migrateWorkspace } from '../../../src-shared/workspace/migrate';
import { WorkspaceService } from '../../../src-main/engine/workspace/workspace-service';
import { WORKSPACE_FORMAT_VERSION } from '../../../src-shared/workspace/workspace';

const checkout = {
  id: 'c1',
  station: { id: 's1', name: 'S1', protocol: 'dnp3', endpoint: 'tcp://127.0.0.1:20000' },
  createdBy: 'eng',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  device: {},
  items: [{ address: 'bi:0', name: 'Breaker', kind: 'value', expected: '1', tolerance: 0, observed: null, result: 'pending', detail: '', by: null, at: null }],
};

describe('workspace format 3: checkouts', () => {
  it('is the current format', () => {
    expect(WORKSPACE_FORMAT_VERSION).toBe(3);
  });

  it('migrates format 2 and format 1 workspaces with an empty checkout list', () => {
    expect(migrateWorkspace({ formatVersion: 2, name: 'Old', stations: [] })).toMatchObject({ ok: true, migratedFrom: 2, workspace: { formatVersion: 3, name: 'Old', checkouts: [] } });
    const v1 = migrateWorkspace({ formatVersion: 1, stations: [{ id: 's1', name: 'S1', protocol: 'dnp3', transport: { kind: 'tcp', host: 'h', port: 1 }, points: [] }], accounts: [] });
    expect(v1).toMatchObject({ ok: true, migratedFrom: 1, workspace: { formatVersion: 3, checkouts: [], points: { s1: [] } } });
  });

  it('keeps checkouts of a format 3 workspace as they are', () => {
    const parsed = migrateWorkspace({ formatVersion: 3, checkouts: [checkout] });
    expect(parsed).toMatchObject({ ok: true, migratedFrom: null });
    expect(parsed.ok && parsed.workspace.checkouts).toEqual([checkout]);
  });

  it('refuses a malformed checkout naming the field, and duplicate checkout ids', () => {
    const bad = migrateWorkspace({ formatVersion: 3, checkouts: [{ ...checkout, items: [{ ...checkout.items[0], result: 'maybe' }] }] });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_WORKSPACE', message: expect.stringMatching(/^checkouts\.0\.items\.0\.result: /) });
    const badId = migrateWorkspace({ formatVersion: 3, checkouts: [{ ...checkout, id: '../x' }] });
    expect(badId).toMatchObject({ ok: false, message: expect.stringMatching(/checkouts\.0\.id: letters, digits/) });
    const twice = migrateWorkspace({ formatVersion: 3, checkouts: [checkout, checkout] });
    expect(twice).toMatchObject({ ok: false, message: 'checkout ids must be unique' });
  });
});

describe('saving checkouts', () => {
  it('validates and saves them without applying the workspace, coalescing writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swy-checkouts-'));
    try {
      const start = migrateWorkspace({ formatVersion: 3 });
      if (!start.ok) throw new Error(start.message);
      const applied: unknown[] = [];
      const service = new WorkspaceService(start.workspace, join(dir, 'workspace.json'), async (next) => void applied.push(next));
      const ids = ['c1', 'c2', 'c3', 'c4', 'c5'];
      const results = await Promise.all(ids.map((id) => service.updateCheckouts((list) => void list.push({ ...checkout, id } as Checkout))));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(applied).toEqual([]);
      await service.flush();
      const saved = JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')) as { checkouts: Checkout[] };
      expect(saved.checkouts.map((c) => c.id)).toEqual(ids);
      const refused = await service.updateCheckouts((list) => void list.push({ ...checkout, id: 'c1' } as Checkout));
      expect(refused).toMatchObject({ ok: false, error: { message: 'checkout ids must be unique' } });
      expect(service.workspace.checkouts).toHaveLength(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
