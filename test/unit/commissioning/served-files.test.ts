/**
 * The folder `sim iec104 --files` serves: NOF by sorted name at start, a new file the next
 * number, numbers kept across changes and removals, files leading outside refused, and
 * changes seen through the watch.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveFolder, type ServedFolder } from '../../../src-main/commissioning/target/served-files';
import { startSimulator } from '../../../src-main/commissioning/target/simulator';
import { until } from '../../integration/helpers/until';

let dir: string;
let served: ServedFolder | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'served-files-'));
});
afterEach(() => {
  served?.close();
  served = null;
  rmSync(dir, { recursive: true, force: true });
});

function open(refused: string[] = []): ServedFolder {
  const r = serveFolder(dir, (line) => refused.push(line));
  if (!r.ok) throw new Error(r.message);
  served = r.value;
  return r.value;
}

const names = (s: ServedFolder) => s.files.list().map((f) => [f.nof, f.name, f.bytes.length]);

describe('a served folder', () => {
  it('numbers the sorted regular files 1..n and serves neither subfolders nor files leading outside', () => {
    writeFileSync(join(dir, 'b.dat'), 'bb');
    writeFileSync(join(dir, 'a.cfg'), 'a');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'inner.txt'), 'x');
    symlinkSync('/etc/hostname', join(dir, 'c-out'));
    symlinkSync(join(dir, 'b.dat'), join(dir, 'd-in'));
    const refused: string[] = [];
    const s = open(refused);
    expect(names(s)).toEqual([[1, 'a.cfg', 1], [2, 'b.dat', 2], [3, 'd-in', 2]]);
    expect(refused).toEqual([expect.stringMatching(/^c-out: refused: it leads outside the folder/)]);
    expect(s.describe()).toEqual(['NOF 1  a.cfg  1 octets', 'NOF 2  b.dat  2 octets', 'NOF 3  d-in  2 octets']);
  });

  it('keeps every number while running: a changed file keeps its NOF, a removed one frees nothing, a new one gets the next', async () => {
    writeFileSync(join(dir, 'a'), 'a');
    writeFileSync(join(dir, 'b'), 'b');
    const s = open();
    writeFileSync(join(dir, 'b'), 'longer now');
    await until('the change', () => s.files.version >= 1);
    expect(names(s)).toEqual([[1, 'a', 1], [2, 'b', 10]]);
    unlinkSync(join(dir, 'a'));
    writeFileSync(join(dir, '0-first-by-name'), 'new');
    await until('the second change', () => names(s).length === 2 && s.files.get(3) !== undefined);
    expect(names(s)).toEqual([[2, 'b', 10], [3, '0-first-by-name', 3]]);
  });

  it('fails for a path that is not a folder', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    expect(serveFolder(join(dir, 'plain'))).toEqual({ ok: false, message: `${join(dir, 'plain')} is not a folder` });
    expect(serveFolder(join(dir, 'missing'))).toEqual({ ok: false, message: `${join(dir, 'missing')}: ENOENT` });
  });

  it('is listed by the simulator with its NOF, sizes and the device behaviour', async () => {
    writeFileSync(join(dir, 'a.cfg'), 'hello');
    const sim = await startSimulator({ protocol: 'iec104', port: 0, rate: 0, files: { directory: dir }, fileServing: { directoryIoa: 7000, sectionSize: 1000, eagerSections: true, corruptChecksum: 'section' } });
    if (!sim.ok) throw new Error(sim.error.message);
    try {
      expect(sim.value.details.slice(-3)).toEqual([
        `files of ${dir} at directory ioa:7000 (read as 7000/<NOF>):`,
        '  NOF 1  a.cfg  5 octets',
        '  sections of 1000 octets in segments of up to 236, the next section announced at once after the last segment; wrong checksum of the first section on purpose',
      ]);
    } finally {
      await sim.value.close();
    }
  });
});
