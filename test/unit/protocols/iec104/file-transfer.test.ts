/**
 * File transfer in monitor direction, the master against the simulator in memory on a fake
 * clock: the standard's sequence step by step (IEC 60870-5-101 clause 7.4.11), the
 * directory over several ASDUs, reads from an offset, checksum errors, unknown files and
 * directories, timeouts, a lost link, abort, the queue, an eager device and the
 * spontaneous directory.
 */
import { describe, expect, it } from 'vitest';
import type { FileEvent } from '../../../../src-shared/file-transfer';
import {
  AFQ,
  createIec104Master,
  createIec104Station,
  decodeApci,
  decodeAsdu,
  IEC104_PARAMS,
  SCQ,
  StationFiles,
  type Asdu,
  type Iec104FileServing,
  type Iec104MasterConfig,
  type StationFile,
} from '../../../../src-main/protocols/iec104';
import { Net, type NetNode } from './net';

const DIR = 4096;
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

/** Octets 0..n-1 of a recognisable pattern (not a multiple of 256, so checksums differ by position). */
function pattern(n: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);
}

function file(nof: number, size: number, name = `f${nof}.dat`): StationFile {
  return { nof, name, bytes: pattern(size, nof), modifiedMs: T0 + nof * 1000 };
}

function setup(serving: Partial<Iec104FileServing> & { list?: StationFile[] } = {}, masterConfig: Iec104MasterConfig = {}) {
  const files = new StationFiles(serving.list ?? [file(1, 5000), file(2, 10)]);
  const net = new Net();
  const master = net.add(createIec104Master({ giOnStart: false, ...masterConfig }));
  const station = net.add(createIec104Station({ endOfInit: false, files: { sectionSize: 2048, watchMs: 0, ...serving, files } }));
  const wire = net.connect(master, 0, station, 0);
  net.advance(10);
  return { net, master, station, wire, files };
}

/** The file ASDUs a node sent, in order. */
function fileAsdus(n: NetNode): Asdu[] {
  return n.sent.flatMap(({ bytes }) => {
    const a = decodeApci(bytes);
    if (!a.ok || a.value.format !== 'I') return [];
    const d = decodeAsdu(a.value.asdu, IEC104_PARAMS);
    return d.ok && d.value.typeId >= 120 ? [d.value] : [];
  });
}

/** A readable step: `F_SC_NA_1 q=1 nos=0` etc. */
function steps(n: NetNode): string[] {
  return fileAsdus(n).map((a) => {
    const o = a.objects[0];
    const q = o?.qualifier === undefined ? '' : ` q=${o.qualifier}`;
    return `${a.typeName}${a.negative ? ' neg' : ''}${q} nos=${o?.section ?? '-'}${o?.segment ? ` seg=${o.segment.length}` : ''}`;
  });
}

function fileEvents(n: NetNode, id: string): FileEvent[] {
  return n.events.filter((e): e is FileEvent => (e.type === 'fileList' || e.type === 'fileData' || e.type === 'fileDone') && e.id === id);
}

/** The octets delivered for a read, placed at their offsets. */
function delivered(n: NetNode, id: string): { bytes: Uint8Array; from: number } {
  const data = fileEvents(n, id).filter((e): e is Extract<FileEvent, { type: 'fileData' }> => e.type === 'fileData');
  const from = data[0]?.offset ?? 0;
  const out = new Uint8Array(data.reduce((s, d) => s + d.bytes.length, 0));
  let o = 0;
  for (const d of data) {
    expect(d.offset).toBe(from + o);
    out.set(d.bytes, o);
    o += d.bytes.length;
  }
  return { bytes: out, from };
}

function done(n: NetNode, id: string): Extract<FileEvent, { type: 'fileDone' }> | undefined {
  return fileEvents(n, id).find((e): e is Extract<FileEvent, { type: 'fileDone' }> => e.type === 'fileDone');
}

describe('reading a file, in the standard sequence', () => {
  it('selects, calls the file, calls each section, checks each checksum, acknowledges sections and file', () => {
    const { net, master, station, files } = setup();
    net.call(master, { op: 'file.read', id: 'r1', name: `${DIR}/1`, offset: 0 });
    net.advance(100);
    const want = files.get(1)?.bytes as Uint8Array;
    expect(done(master, 'r1')).toEqual({ type: 'fileDone', id: 'r1', ok: true, result: 'SUCCESS', size: 5000 });
    expect(delivered(master, 'r1')).toEqual({ bytes: want, from: 0 });
    // One fileData per section, each after its checksum matched, with the file's size.
    const data = fileEvents(master, 'r1').filter((e) => e.type === 'fileData');
    expect(data.map((d) => (d.type === 'fileData' ? [d.offset, d.bytes.length, d.size] : []))).toEqual([[0, 2048, 5000], [2048, 2048, 5000], [4096, 904, 5000]]);
    expect(steps(master)).toEqual([
      `F_SC_NA_1 q=${SCQ.SELECT_FILE} nos=0`,
      `F_SC_NA_1 q=${SCQ.REQUEST_FILE} nos=0`,
      `F_SC_NA_1 q=${SCQ.REQUEST_SECTION} nos=1`,
      `F_AF_NA_1 q=${AFQ.SECTION_POSITIVE} nos=1`,
      `F_SC_NA_1 q=${SCQ.REQUEST_SECTION} nos=2`,
      `F_AF_NA_1 q=${AFQ.SECTION_POSITIVE} nos=2`,
      `F_SC_NA_1 q=${SCQ.REQUEST_SECTION} nos=3`,
      `F_AF_NA_1 q=${AFQ.SECTION_POSITIVE} nos=3`,
      `F_AF_NA_1 q=${AFQ.FILE_POSITIVE} nos=0`,
    ]);
    const section = (nos: number, segs: number[]) => [`F_SR_NA_1 q=0 nos=${nos}`, ...segs.map((s) => `F_SG_NA_1 nos=${nos} seg=${s}`), `F_LS_NA_1 q=3 nos=${nos}`];
    expect(steps(station)).toEqual([
      'F_FR_NA_1 q=0 nos=-',
      ...section(1, [236, 236, 236, 236, 236, 236, 236, 236, 160]),
      ...section(2, [236, 236, 236, 236, 236, 236, 236, 236, 160]),
      ...section(3, [236, 236, 236, 196]),
      'F_LS_NA_1 q=1 nos=3',
    ]);
    // The checksums on the wire are the octet sums modulo 256 of the sections and of the file.
    const ls = fileAsdus(station).filter((a) => a.typeId === 123).map((a) => a.objects[0]?.checksum);
    const sum = (b: Uint8Array) => b.reduce((s, x) => (s + x) & 0xff, 0);
    expect(ls).toEqual([sum(want.subarray(0, 2048)), sum(want.subarray(2048, 4096)), sum(want.subarray(4096)), sum(want)]);
  });

  it('reads a file of one short section and an empty file', () => {
    const { net, master, files } = setup({ list: [file(2, 10), file(3, 0)] });
    net.call(master, { op: 'file.read', id: 'a', name: `${DIR}/2`, offset: 0 });
    net.call(master, { op: 'file.read', id: 'b', name: `${DIR}/3`, offset: 0 });
    net.advance(100);
    expect(delivered(master, 'a').bytes).toEqual(files.get(2)?.bytes);
    expect(done(master, 'b')).toMatchObject({ ok: true, result: 'SUCCESS', size: 0 });
  });

  it('works with a device that announces the next section before the acknowledgement of the last', () => {
    const { net, master, station, files } = setup({ eagerSections: true, sectionSize: 1000 });
    net.call(master, { op: 'file.read', id: 'e', name: `${DIR}/1`, offset: 0 });
    net.advance(100);
    expect(done(master, 'e')).toMatchObject({ ok: true, result: 'SUCCESS', size: 5000 });
    expect(delivered(master, 'e').bytes).toEqual(files.get(1)?.bytes);
    const s = steps(station);
    expect(s.indexOf('F_SR_NA_1 q=0 nos=2')).toBe(s.indexOf('F_LS_NA_1 q=3 nos=1') + 1);
  });
});

describe('reading from an offset', () => {
  it('acknowledges the sections before the offset unread, calls the one holding it and delivers only octets from it', () => {
    const { net, master, station, files } = setup();
    net.call(master, { op: 'file.read', id: 'o', name: `${DIR}/1`, offset: 3000 });
    net.advance(100);
    expect(done(master, 'o')).toEqual({ type: 'fileDone', id: 'o', ok: true, result: 'SUCCESS', size: 2000 });
    expect(delivered(master, 'o')).toEqual({ bytes: (files.get(1)?.bytes as Uint8Array).subarray(3000), from: 3000 });
    expect(steps(master).slice(0, 4)).toEqual([`F_SC_NA_1 q=1 nos=0`, `F_SC_NA_1 q=2 nos=0`, `F_AF_NA_1 q=3 nos=1`, `F_SC_NA_1 q=6 nos=2`]);
    expect(steps(station).filter((s) => s.startsWith('F_SG_NA_1 nos=1'))).toEqual([]);
  });

  it('skips with an eager device too, and an offset at the end delivers nothing', () => {
    const { net, master, files } = setup({ eagerSections: true });
    net.call(master, { op: 'file.read', id: 'o', name: `${DIR}/1`, offset: 4096 });
    net.call(master, { op: 'file.read', id: 'end', name: `${DIR}/1`, offset: 5000 });
    net.advance(100);
    expect(delivered(master, 'o').bytes).toEqual((files.get(1)?.bytes as Uint8Array).subarray(4096));
    expect(done(master, 'end')).toMatchObject({ ok: true, result: 'SUCCESS', size: 0 });
    expect(fileEvents(master, 'end').filter((e) => e.type === 'fileData')).toEqual([]);
  });
});

describe('failures', () => {
  it('names a wrong section checksum CHECKSUM_MISMATCH, delivers none of that section and acknowledges negatively', () => {
    const { net, master } = setup({ corruptChecksum: 'section' });
    net.call(master, { op: 'file.read', id: 'c', name: `${DIR}/1`, offset: 0 });
    net.advance(100);
    expect(done(master, 'c')).toMatchObject({ ok: false, result: 'CHECKSUM_MISMATCH', size: 0 });
    expect(done(master, 'c')?.detail).toMatch(/section 1: checksum 0x.. announced, 0x.. computed/);
    expect(fileEvents(master, 'c').filter((e) => e.type === 'fileData')).toEqual([]);
    expect(steps(master).slice(-2)).toEqual([`F_AF_NA_1 q=${AFQ.SECTION_NEGATIVE | 0x20} nos=1`, `F_AF_NA_1 q=${AFQ.FILE_NEGATIVE | 0x20} nos=0`]);
  });

  it('names a wrong file checksum CHECKSUM_MISMATCH after the sections were delivered', () => {
    const { net, master } = setup({ corruptChecksum: 'file' });
    net.call(master, { op: 'file.read', id: 'c', name: `${DIR}/1`, offset: 0 });
    net.advance(100);
    expect(done(master, 'c')).toMatchObject({ ok: false, result: 'CHECKSUM_MISMATCH', size: 5000 });
    expect(done(master, 'c')?.detail).toMatch(/file checksum/);
  });

  it('reports NOT_FOUND for an unknown file, an unknown directory IOA and a name that is no IEC 104 file name', () => {
    const { net, master, station } = setup();
    net.call(master, { op: 'file.read', id: 'nof', name: `${DIR}/9`, offset: 0 });
    net.call(master, { op: 'file.list', id: 'ioa', directory: '77' });
    net.advance(100);
    net.call(master, { op: 'file.read', id: 'bad', name: 'records/x.cfg', offset: 0 });
    net.call(master, { op: 'file.read', id: 'ioa2', name: '77/1', offset: 0 });
    net.advance(100);
    expect(done(master, 'nof')).toMatchObject({ ok: false, result: 'NOT_FOUND' });
    expect(done(master, 'nof')?.detail).toMatch(/F_FR_NA_1 negative confirm/);
    expect(fileEvents(master, 'ioa')).toEqual([expect.objectContaining({ type: 'fileList', ok: false, result: 'NOT_FOUND', entries: [] })]);
    expect(done(master, 'bad')).toMatchObject({ ok: false, result: 'NOT_FOUND', detail: "'records/x.cfg' is not an IEC 104 file name (<IOA>/<NOF>)" });
    expect(done(master, 'ioa2')).toMatchObject({ ok: false, result: 'NOT_FOUND' });
    expect(steps(station)).toContain('F_FR_NA_1 q=128 nos=-');
  });

  it('reports UNSUPPORTED when the device does not know the file transfer types', () => {
    const net = new Net();
    const master = net.add(createIec104Master({ giOnStart: false }));
    const station = net.add(createIec104Station({ endOfInit: false }));
    net.connect(master, 0, station, 0);
    net.advance(10);
    net.call(master, { op: 'file.list', id: 'l', directory: '' });
    net.advance(100);
    expect(fileEvents(master, 'l')).toEqual([expect.objectContaining({ ok: false, result: 'UNSUPPORTED' })]);
  });

  it('times out (TIMEOUT) when the device stops answering mid-file, after fileTimeoutMs', () => {
    const { net, master, station, wire } = setup({}, { fileTimeoutMs: 5000 });
    // After three segments the device goes silent (but for the link layer, which stays up).
    let segments = 0;
    net.setFilter(wire, (from, bytes) => from !== station || (bytes[6] === 125 ? ++segments <= 3 : segments < 3 || bytes.length === 6));
    net.call(master, { op: 'file.read', id: 't', name: `${DIR}/1`, offset: 0 });
    net.advance(4999);
    expect(done(master, 't')).toBeUndefined();
    net.advance(1);
    expect(done(master, 't')).toMatchObject({ ok: false, result: 'TIMEOUT', detail: 'no answer within 5000 ms' });
  });

  it('reports LINK_LOST when the link drops mid-file, and for the reads queued behind it', () => {
    const { net, master, station, wire } = setup();
    let cut = false;
    net.setFilter(wire, (from, bytes) => {
      // The section ready of section 2 (NOS after the APCI, header, IOA and NOF) never arrives.
      if (from === station && bytes[6] === 121 && bytes[17] === 2) cut = true;
      return !cut;
    });
    net.call(master, { op: 'file.read', id: 'l1', name: `${DIR}/1`, offset: 0 });
    net.call(master, { op: 'file.read', id: 'l2', name: `${DIR}/2`, offset: 0 });
    net.advance(100);
    expect(cut).toBe(true);
    expect(done(master, 'l1')).toBeUndefined();
    net.cut(wire);
    expect(done(master, 'l1')).toMatchObject({ ok: false, result: 'LINK_LOST', size: 2048 });
    expect(done(master, 'l2')).toMatchObject({ ok: false, result: 'LINK_LOST', size: 0 });
  });

  it('aborts a read (ABORTED) with a negative acknowledgement of the file, and a queued one without sending', () => {
    const { net, master, station, wire } = setup();
    net.setFilter(wire, (from, bytes) => from !== station || (bytes[6] !== 125 && bytes[6] !== 123));
    net.call(master, { op: 'file.read', id: 'a1', name: `${DIR}/1`, offset: 0 });
    net.call(master, { op: 'file.read', id: 'a2', name: `${DIR}/2`, offset: 0 });
    net.advance(10);
    net.call(master, { op: 'file.abort', id: 'a2' });
    net.call(master, { op: 'file.abort', id: 'a1' });
    net.advance(10);
    expect(done(master, 'a1')).toMatchObject({ ok: false, result: 'ABORTED' });
    expect(done(master, 'a2')).toMatchObject({ ok: false, result: 'ABORTED', detail: 'aborted before it started' });
    expect(steps(master).at(-1)).toBe(`F_AF_NA_1 q=${AFQ.FILE_NEGATIVE} nos=0`);
    expect(steps(master).filter((s) => s.startsWith('F_SC_NA_1 q=1'))).toHaveLength(1);
  });
});

describe('the directory', () => {
  it('lists every file over several F_DR_TA_1 ASDUs until the entry marked last of directory', () => {
    const list = Array.from({ length: 40 }, (_, i) => file(i + 1, i * 100));
    const { net, master, station } = setup({ list });
    net.call(master, { op: 'file.list', id: 'd', directory: '' });
    net.advance(100);
    const drs = fileAsdus(station).filter((a) => a.typeId === 126);
    expect(drs.map((a) => a.objects.length)).toEqual([15, 15, 10]);
    const [event] = fileEvents(master, 'd');
    expect(event).toMatchObject({ type: 'fileList', ok: true, result: 'SUCCESS' });
    const entries = event?.type === 'fileList' ? event.entries : [];
    expect(entries).toHaveLength(40);
    expect(entries[0]).toEqual({ name: `${DIR}/1`, kind: 'file', size: 0, modifiedMs: T0 + 1000 });
    expect(entries[39]).toEqual({ name: `${DIR}/40`, kind: 'file', size: 3900, modifiedMs: T0 + 40_000 });
  });

  it('takes the directory IOA from the configuration or the call', () => {
    const { net, master } = setup({ directoryIoa: 7000 }, { fileDirectoryIoa: 7000 });
    net.call(master, { op: 'file.list', id: 'cfg', directory: '' });
    net.call(master, { op: 'file.list', id: 'given', directory: '7000' });
    net.advance(100);
    expect(fileEvents(master, 'cfg')[0]).toMatchObject({ ok: true, entries: [{ name: '7000/1' }, { name: '7000/2' }] });
    expect(fileEvents(master, 'given')[0]).toMatchObject({ ok: true, entries: [{ name: '7000/1' }, { name: '7000/2' }] });
  });

  it('ends a listing without a last-of-directory mark after the timeout with what came', () => {
    const { net, master, station, wire } = setup({}, { fileTimeoutMs: 3000 });
    net.setFilter(wire, (from, bytes) => {
      if (from === station && bytes[6] === 126) bytes[bytes.length - 8] = (bytes[bytes.length - 8] as number) & ~0x20;
      return true;
    });
    net.call(master, { op: 'file.list', id: 'nolfd', directory: '' });
    net.advance(3000);
    expect(fileEvents(master, 'nolfd')[0]).toMatchObject({ ok: true, result: 'SUCCESS', entries: [{ name: `${DIR}/1` }, { name: `${DIR}/2` }] });
    expect(fileEvents(master, 'nolfd')[0]?.type === 'fileList' && fileEvents(master, 'nolfd')[0]).toMatchObject({ detail: expect.stringMatching(/LFD/) });
  });

  it('is reported spontaneously to every connection when the files change', () => {
    const { net, master, station, files } = setup({ watchMs: 500 });
    net.advance(1000);
    expect(fileAsdus(station).filter((a) => a.typeId === 126)).toEqual([]);
    files.replace([file(1, 5000), file(2, 10), file(3, 77)]);
    net.advance(500);
    const spont = fileAsdus(station).filter((a) => a.typeId === 126);
    expect(spont.map((a) => [a.cause, a.objects.map((o) => o.value)])).toEqual([[3, [1, 2, 3]]]);
    net.advance(2000);
    expect(fileAsdus(station).filter((a) => a.typeId === 126)).toHaveLength(1);
    // The master ignores it: no listing is running.
    expect(master.events.filter((e) => e.type === 'fileList')).toEqual([]);
  });
});

describe('configuration', () => {
  it('refuses a file timeout under 1 ms, a directory IOA beyond the IOA size and segments that do not fit an APDU', () => {
    expect(() => createIec104Master({ fileTimeoutMs: 0 })).toThrow(/fileTimeoutMs=0/);
    expect(() => createIec104Master({ fileDirectoryIoa: 70_000, ioaSize: 2 })).toThrow(/fileDirectoryIoa 70000 out of range/);
    const files = new StationFiles();
    expect(() => createIec104Station({ files: { files, segmentSize: 237 } })).toThrow(/segmentSize 237 must be 1 to 236/);
    expect(() => createIec104Station({ files: { files, sectionSize: 0 } })).toThrow(/sectionSize 0/);
    expect(() => createIec104Station({ ioaSize: 1, files: { files } })).toThrow(/files.directoryIoa 4096 out of range/);
    expect(() => new StationFiles([{ nof: 0, name: 'x', bytes: new Uint8Array(1), modifiedMs: null }])).toThrow(/NOF 0/);
  });
});
