/**
 * The captures folder keeps the newest monitor recordings within its limits: the oldest
 * go first, a running monitor's file and files that are not recordings never do.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneRecordings } from '../../../src-main/commissioning/monitor/monitor-recording';

let dataDir: string;
let folder: string;

/** A recording `name` of `bytes` octets, last written `ageSeconds` ago. */
function recording(name: string, bytes: number, ageSeconds: number): string {
  const path = join(folder, name);
  writeFileSync(path, Buffer.alloc(bytes));
  const at = new Date(Date.now() - ageSeconds * 1000);
  utimesSync(path, at, at);
  return path;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sy-recordings-'));
  folder = join(dataDir, 'captures');
  mkdirSync(folder);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('pruneRecordings', () => {
  it('deletes the oldest recordings beyond the number of files kept, and nothing else', async () => {
    for (let k = 1; k <= 5; k++) recording(`monitor-2026120${k}-m${k}.pcap`, 10, 100 - k); // m5 newest
    writeFileSync(join(folder, 'notes.txt'), 'kept'); // not a recording
    const pruned = await pruneRecordings(dataDir, new Set(), { files: 3, bytes: 1_000 });
    expect(pruned).toEqual([
      { path: join(folder, 'monitor-20261201-m1.pcap'), bytes: 10 },
      { path: join(folder, 'monitor-20261202-m2.pcap'), bytes: 10 },
    ]);
    expect(readdirSync(folder).sort()).toEqual(['monitor-20261203-m3.pcap', 'monitor-20261204-m4.pcap', 'monitor-20261205-m5.pcap', 'notes.txt']);
  });

  it('keeps the newest recordings within the octets kept', async () => {
    recording('monitor-a-m1.pcap', 400, 30);
    recording('monitor-b-m2.pcap', 400, 20);
    recording('monitor-c-m3.pcap', 400, 10);
    const pruned = await pruneRecordings(dataDir, new Set(), { files: 100, bytes: 900 });
    expect(pruned.map((f) => f.path)).toEqual([join(folder, 'monitor-a-m1.pcap')]);
    expect(readdirSync(folder).sort()).toEqual(['monitor-b-m2.pcap', 'monitor-c-m3.pcap']);
  });

  it("never deletes a running monitor's file, which still counts", async () => {
    const running = recording('monitor-a-m1.pcap', 500, 30); // the oldest, still being written
    recording('monitor-b-m2.pcap', 500, 20);
    recording('monitor-c-m3.pcap', 500, 10);
    const pruned = await pruneRecordings(dataDir, new Set([running]), { files: 2, bytes: 10_000 });
    expect(pruned.map((f) => f.path)).toEqual([join(folder, 'monitor-b-m2.pcap')]);
    expect(readdirSync(folder).sort()).toEqual(['monitor-a-m1.pcap', 'monitor-c-m3.pcap']);
  });

  it('does nothing before anything was recorded', async () => {
    rmSync(folder, { recursive: true });
    expect(await pruneRecordings(dataDir, new Set(), { files: 1, bytes: 1 })).toEqual([]);
  });
});
