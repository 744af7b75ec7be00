/**
 * tshark as an independent decoder: our golden vectors and a master<->station run written
 * to a pcap must decode without malformed APDUs and with the same type ids, causes and
 * IOAs; and every APDU of a real capture decodes with our decoder to what tshark says.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ApduFramer,
  createIec104Master,
  createIec104Station,
  decodeApci,
  decodeAsdu,
  encodeAsdu,
  IEC104_PARAMS,
  StationFiles,
  type Apci,
  type Asdu,
  type InfoObject,
  type UFunction,
} from '../../../../src-main/protocols/iec104';
import { Net } from './net';
import { hasTshark, readPcapngTcp, tsharkFields, writePcap, type PcapPacket } from './pcap';
import { fromHex, loadVectors, type Vector } from './vectors';

const tmp = mkdtempSync(join(tmpdir(), 'iec104-tshark-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// tshark 4.0 dissects only the first object of these types ("Unknown TypeId"; the file
// transfer types 120-126 by name, their elements as raw data).
const TSHARK_UNKNOWN = new Set([17, 18, 19, 20, 38, 39, 40, 120, 121, 122, 123, 124, 125, 126]);
const FIELDS = ['frame.number', 'iec60870_104.type', 'iec60870_asdu.typeid', 'iec60870_asdu.causetx', 'iec60870_asdu.ioa', '_ws.malformed', '_ws.expert.message'];

const bit = (b: boolean | undefined): string => (b ? '1' : '0');
const between = (id: number, ...ranges: Array<[number, number]>): boolean => ranges.some(([lo, hi]) => id >= lo && id <= hi);

/** Our value of a tshark field for one object of a type, or undefined when the type has no such field. */
const VALUE_FIELDS: Record<string, (o: InfoObject, id: number) => string | undefined> = {
  float: (o, id) => ([13, 14, 36, 50, 63, 112].includes(id) ? String(o.value) : undefined),
  normval: (o, id) => ([9, 10, 21, 34, 48, 61, 110].includes(id) ? String(o.value) : undefined),
  scalval: (o, id) => ([11, 12, 35, 49, 62, 111].includes(id) ? String(o.value) : undefined),
  'bcr.count': (o, id) => ([15, 16, 37].includes(id) ? String(o.value) : undefined),
  'bcr.sq': (o, id) => ([15, 16, 37].includes(id) ? String(o.sequence) : undefined),
  // tshark shows the four BSI octets in wire order as one hex number.
  bitstring: (o, id) => ([7, 8, 33, 51, 64].includes(id) ? `0x${Buffer.from(Uint32Array.of(Number(o.value)).buffer).toString('hex')}` : undefined),
  'siq.spi': (o, id) => ([1, 2, 30].includes(id) ? bit(o.value === true) : undefined),
  'siq.iv': (o, id) => ([1, 2, 30].includes(id) ? bit(o.quality.includes('IV')) : undefined),
  'siq.nt': (o, id) => ([1, 2, 30].includes(id) ? bit(o.quality.includes('NT')) : undefined),
  'siq.sb': (o, id) => ([1, 2, 30].includes(id) ? bit(o.quality.includes('SB')) : undefined),
  'siq.bl': (o, id) => ([1, 2, 30].includes(id) ? bit(o.quality.includes('BL')) : undefined),
  'diq.dpi': (o, id) => ([3, 4, 31].includes(id) ? String(o.value) : undefined),
  'vti.v': (o, id) => ([5, 6, 32].includes(id) ? String(o.value) : undefined),
  'vti.t': (o, id) => ([5, 6, 32].includes(id) ? bit(o.transient) : undefined),
  'qds.ov': (o, id) => (between(id, [5, 14], [32, 36]) ? bit(o.quality.includes('OV')) : undefined),
  'qds.nt': (o, id) => (between(id, [5, 14], [32, 36]) ? bit(o.quality.includes('NT')) : undefined),
  'qds.sb': (o, id) => (between(id, [5, 14], [32, 36]) ? bit(o.quality.includes('SB')) : undefined),
  'qds.bl': (o, id) => (between(id, [5, 14], [32, 36]) ? bit(o.quality.includes('BL')) : undefined),
  'qds.iv': (o, id) => (between(id, [5, 14], [32, 36]) ? bit(o.quality.includes('IV')) : undefined),
  'bcr.iv': (o, id) => ([15, 16, 37].includes(id) ? bit(o.quality.includes('IV')) : undefined),
  'bcr.cy': (o, id) => ([15, 16, 37].includes(id) ? bit(o.quality.includes('CY')) : undefined),
  'cp56time.ms': (o) => (o.time?.kind === 'cp56' ? String(new Date(o.time.epochMs).getUTCSeconds() * 1000 + new Date(o.time.epochMs).getUTCMilliseconds()) : undefined),
  'cp56time.min': (o) => (o.time?.kind === 'cp56' ? String(new Date(o.time.epochMs).getUTCMinutes()) : undefined),
  'cp56time.hour': (o) => (o.time?.kind === 'cp56' ? String(new Date(o.time.epochMs).getUTCHours()) : undefined),
  'cp56time.day': (o) => (o.time?.kind === 'cp56' ? String(new Date(o.time.epochMs).getUTCDate()) : undefined),
  'cp56time.month': (o) => (o.time?.kind === 'cp56' ? String(new Date(o.time.epochMs).getUTCMonth() + 1) : undefined),
  'cp56time.year': (o) => (o.time?.kind === 'cp56' ? String(new Date(o.time.epochMs).getUTCFullYear() - 2000) : undefined),
  'cp56time.su': (o) => (o.time?.kind === 'cp56' ? bit(o.time.su) : undefined),
  'cp56time.iv': (o) => (o.time?.kind === 'cp56' ? bit(o.time.iv) : undefined),
  'cp24time.ms': (o) => (o.time?.kind === 'cp24' ? String(o.time.msOfHour % 60_000) : undefined),
  'cp24time.min': (o) => (o.time?.kind === 'cp24' ? String(Math.floor(o.time.msOfHour / 60_000)) : undefined),
  'cp24time.iv': (o) => (o.time?.kind === 'cp24' ? bit(o.time.iv) : undefined),
  'sco.on': (o, id) => ([45, 58].includes(id) ? bit(o.value === true) : undefined),
  'sco.se': (o, id) => ([45, 58].includes(id) ? bit(o.select) : undefined),
  'sco.qu': (o, id) => ([45, 58].includes(id) ? String(o.qualifier) : undefined),
  'dco.on': (o, id) => ([46, 59].includes(id) ? String(o.value) : undefined),
  'dco.se': (o, id) => ([46, 59].includes(id) ? bit(o.select) : undefined),
  'dco.qu': (o, id) => ([46, 59].includes(id) ? String(o.qualifier) : undefined),
  'rco.up': (o, id) => ([47, 60].includes(id) ? String(o.value) : undefined),
  'qos.ql': (o, id) => (between(id, [48, 50], [61, 63]) ? String(o.qualifier) : undefined),
  'qos.se': (o, id) => (between(id, [48, 50], [61, 63]) ? bit(o.select) : undefined),
  qoi: (o, id) => (id === 100 ? String(o.value) : undefined),
  rqt: (o, id) => (id === 101 ? String(Number(o.value) & 0x3f) : undefined),
  frz: (o, id) => (id === 101 ? String(Number(o.value) >> 6) : undefined),
  qrp: (o, id) => (id === 105 ? String(o.value) : undefined),
  'qpm.kpa': (o, id) => (between(id, [110, 112]) ? String((o.qualifier ?? 0) & 0x3f) : undefined),
};

const CAPTURE = '/work/shared/vectors/captures/iec104_example.pcapng';

/** Reassembles each direction of the capture's port-2404 streams; the APDUs by frame number. */
function captureApdus(path: string): Map<number, Uint8Array[]> {
  const framers = new Map<string, ApduFramer>();
  const byFrame = new Map<number, Uint8Array[]>();
  for (const s of readPcapngTcp(new Uint8Array(readFileSync(path)))) {
    if (!s.key.includes(':2404')) continue;
    const f = framers.get(s.key) ?? new ApduFramer();
    framers.set(s.key, f);
    const r = f.push(s.payload.slice());
    expect(r.error).toBeNull();
    if (r.frames.length > 0) byFrame.set(s.frame, r.frames.map((x) => x.slice()));
  }
  return byFrame;
}

/** An APDU decoded by us: the APCI, and the ASDU of an I-frame. */
interface DecodedApdu {
  frame: Uint8Array;
  apci: Apci;
  asdu: Asdu | undefined;
}

function decodeFully(frame: Uint8Array): DecodedApdu {
  const a = decodeApci(frame);
  if (!a.ok) throw new Error(a.error.code);
  if (a.value.format !== 'I') return { frame, apci: a.value, asdu: undefined };
  const d = decodeAsdu(a.value.asdu, IEC104_PARAMS);
  if (!d.ok) throw new Error(d.error.code);
  return { frame, apci: a.value, asdu: d.value };
}

// tshark's utype: bits 3-8 of the first control octet.
const U_TYPE: Readonly<Record<UFunction, number>> = { STARTDT_ACT: 0x01, STARTDT_CON: 0x02, STOPDT_ACT: 0x04, STOPDT_CON: 0x08, TESTFR_ACT: 0x10, TESTFR_CON: 0x20 };
const hex32 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const ofAsdu = (f: (a: Asdu) => string | number | boolean) => (d: DecodedApdu): string[] =>
  d.asdu === undefined ? [] : [typeof f(d.asdu) === 'boolean' ? bit(f(d.asdu) as boolean) : String(f(d.asdu))];

/** Our value(s) of tshark's APCI and data unit identifier fields for one APDU. */
const HEADER_FIELDS: Record<string, (d: DecodedApdu) => string[]> = {
  'iec60870_104.apdulen': (d) => [String(d.frame[1])],
  'iec60870_104.type': (d) => [hex32(d.apci.format === 'I' ? 0 : d.apci.format === 'S' ? 1 : 3)],
  'iec60870_104.utype': (d) => (d.apci.format === 'U' ? [hex32(U_TYPE[d.apci.fn])] : []),
  'iec60870_104.tx': (d) => (d.apci.format === 'I' ? [String(d.apci.ns)] : []),
  'iec60870_104.rx': (d) => (d.apci.format === 'U' ? [] : [String(d.apci.nr)]),
  'iec60870_asdu.typeid': ofAsdu((a) => a.typeId),
  'iec60870_asdu.sq': ofAsdu((a) => a.sq),
  'iec60870_asdu.numix': ofAsdu((a) => a.objects.length),
  'iec60870_asdu.causetx': ofAsdu((a) => a.cause),
  'iec60870_asdu.nega': ofAsdu((a) => a.negative),
  'iec60870_asdu.test': ofAsdu((a) => a.test),
  'iec60870_asdu.oa': ofAsdu((a) => a.originator),
  'iec60870_asdu.addr': ofAsdu((a) => a.commonAddress),
  'iec60870_asdu.ioa': (d) => d.asdu?.objects.map((o) => String(o.ioa)) ?? [],
  // tshark shows C_TS_TA_1's elements (TSC + CP56Time2a) only as raw octets: our re-encoding must give them.
  'iec60870_asdu.rawdata': (d) =>
    d.asdu?.typeId === 107 ? d.asdu.objects.map((o) => Buffer.from(encodeAsdu({ ...d.asdu!, objects: [o] }, IEC104_PARAMS).subarray(9)).toString('hex')) : [],
};

interface Ours {
  format: string;
  typeId?: number;
  cause?: number;
  ioas?: number[];
}

function ours(frame: Uint8Array): Ours {
  const a = decodeApci(frame);
  if (!a.ok) throw new Error(a.error.code);
  if (a.value.format !== 'I') return { format: a.value.format };
  const d = decodeAsdu(a.value.asdu, IEC104_PARAMS);
  if (!d.ok) throw new Error(d.error.code);
  return { format: 'I', typeId: d.value.typeId, cause: d.value.cause, ioas: d.value.objects.map((o) => o.ioa) };
}

/** Compares tshark rows (one APDU per frame) with our decoding. */
function compare(rows: string[][], apdus: Uint8Array[]): void {
  expect(rows.length).toBe(apdus.length);
  rows.forEach((r, i) => {
    const [, format, typeId, cause, ioa, malformed, expert] = r;
    expect(malformed ?? '', `frame ${i + 1} malformed`).toBe('');
    expect(expert ?? '', `frame ${i + 1} expert`).not.toMatch(/malformed|invalid|bad/i);
    const o = ours(apdus[i] as Uint8Array);
    expect(Number(format), `frame ${i + 1} format`).toBe(o.format === 'I' ? 0 : o.format === 'S' ? 1 : 3);
    if (o.format !== 'I') return;
    expect(Number(typeId)).toBe(o.typeId);
    expect(Number(cause)).toBe(o.cause);
    const theirs = (ioa ?? '').split(',').map(Number);
    expect(theirs).toEqual(TSHARK_UNKNOWN.has(o.typeId as number) ? o.ioas?.slice(0, 1) : o.ioas);
  });
}

describe.skipIf(!hasTshark())('tshark cross-check', () => {
  it('agrees on every golden vector', () => {
    const vectors = [...loadVectors<Vector>('asdu-types.json'), ...loadVectors<Vector>('file-transfer.json'), ...loadVectors<Vector>('apci.json')];
    const apdus = vectors.map((v) => fromHex(v.hex));
    const file = join(tmp, 'vectors.pcap');
    writeFileSync(file, writePcap(apdus.map((bytes) => ({ fromStation: true, bytes }))));
    compare(tsharkFields(file, FIELDS), apdus);
  });

  it('agrees on the information element values of every golden vector', () => {
    const vectors = loadVectors<Vector>('asdu-types.json');
    const apdus = vectors.map((v) => fromHex(v.hex));
    const file = join(tmp, 'values.pcap');
    writeFileSync(file, writePcap(apdus.map((bytes) => ({ fromStation: true, bytes }))));
    const names = Object.keys(VALUE_FIELDS);
    const rows = tsharkFields(file, names.map((n) => `iec60870_asdu.${n}`));
    let compared = 0;
    rows.forEach((row, i) => {
      const a = decodeApci(apdus[i] as Uint8Array);
      if (!a.ok || a.value.format !== 'I') return;
      const d = decodeAsdu(a.value.asdu, IEC104_PARAMS);
      // tshark 4.0 shows C_TS_TA_1's elements only as raw data.
      if (!d.ok || TSHARK_UNKNOWN.has(d.value.typeId) || d.value.typeId === 107) return;
      names.forEach((name, j) => {
        const want = d.value.objects.map((o) => VALUE_FIELDS[name]?.(o, d.value.typeId)).filter((x): x is string => x !== undefined);
        if (want.length === 0) return;
        compared++;
        expect((row[j] ?? '').split(','), `${vectors[i]?.name} ${name}`).toEqual(want);
      });
    });
    expect(compared).toBeGreaterThan(150);
  });

  it('shows the elements of every file transfer vector as the octets we encode (tshark 4.0 gives them as raw data)', () => {
    const vectors = loadVectors<Vector<{ ns: number; nr: number; asdu: Asdu }>>('file-transfer.json');
    const apdus = vectors.map((v) => fromHex(v.hex));
    const file = join(tmp, 'file-transfer.pcap');
    writeFileSync(file, writePcap(apdus.map((bytes) => ({ fromStation: true, bytes }))));
    const rows = tsharkFields(file, ['iec60870_asdu.typeid', 'iec60870_asdu.rawdata', '_ws.malformed']);
    expect(rows.length).toBe(vectors.length);
    rows.forEach(([typeId, raw, malformed], i) => {
      const d = decodeFully(apdus[i] as Uint8Array).asdu as Asdu;
      expect(Number(typeId)).toBe(d.typeId);
      expect(malformed ?? '').toBe('');
      // Everything after the first IOA: the first element, and with SQ=0 the next objects' IOAs and elements.
      const ours = encodeAsdu(d, IEC104_PARAMS).subarray(6 + IEC104_PARAMS.ioaSize);
      expect(raw, vectors[i]?.name).toBe(Buffer.from(ours).toString('hex'));
    });
  });

  it('agrees on a master<->station session (start, GI, counters, commands, clock sync)', () => {
    const net = new Net();
    const master = net.add(createIec104Master({ clockSyncOnStart: true, epochOffsetMs: Date.UTC(2026, 0, 1) }));
    const station = net.add(createIec104Station({ changes: { everyMs: 100, count: 5 } }));
    net.connect(master, 0, station, 0);
    net.advance(50);
    net.call(master, { op: 'iec104.counterInterrogation' });
    net.call(master, { op: 'command', command: { id: 'c1', target: 'ioa:5002', action: { action: 'close' }, mode: 'sbo' } });
    net.call(master, { op: 'command', command: { id: 'c2', target: 'ioa:5007', action: { action: 'setpoint', value: 12.5 }, mode: 'direct', timeTagged: true } });
    net.advance(30_000);
    const packets: PcapPacket[] = [];
    // Reconstruct the wire order from both nodes' sent logs: fine for tshark since directions are separate streams.
    for (const s of master.sent) packets.push({ fromStation: false, bytes: s.bytes });
    for (const s of station.sent) packets.push({ fromStation: true, bytes: s.bytes });
    expect(packets.length).toBeGreaterThan(40);
    const file = join(tmp, 'session.pcap');
    writeFileSync(file, writePcap(packets));
    compare(tsharkFields(file, FIELDS), packets.map((p) => p.bytes));
  });

  it('agrees on a file transfer session (directory, a file of three sections, a read from an offset)', () => {
    const net = new Net();
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff);
    const files = new StationFiles([{ nof: 1, name: 'a', bytes, modifiedMs: Date.UTC(2026, 0, 1) }, { nof: 2, name: 'b', bytes: bytes.subarray(0, 10), modifiedMs: null }]);
    const master = net.add(createIec104Master({ giOnStart: false }));
    const station = net.add(createIec104Station({ endOfInit: false, files: { files, watchMs: 0 } }));
    net.connect(master, 0, station, 0);
    net.advance(10);
    net.call(master, { op: 'file.list', id: 'l', directory: '' });
    net.call(master, { op: 'file.read', id: 'r', name: '4096/1', offset: 0 });
    net.advance(100);
    net.call(master, { op: 'file.read', id: 'o', name: '4096/1', offset: 4500 });
    net.advance(30_000);
    expect(master.events.filter((e) => e.type === 'fileDone').map((e) => e.type === 'fileDone' && e.result)).toEqual(['SUCCESS', 'SUCCESS']);
    const packets: PcapPacket[] = [...master.sent.map((s) => ({ fromStation: false, bytes: s.bytes })), ...station.sent.map((s) => ({ fromStation: true, bytes: s.bytes }))];
    expect(packets.filter((p) => p.bytes.length > 6 && p.bytes[6] === 125).length).toBeGreaterThan(20);
    const file = join(tmp, 'file-session.pcap');
    writeFileSync(file, writePcap(packets));
    compare(tsharkFields(file, FIELDS), packets.map((p) => p.bytes));
  });

  it('decodes every APDU of the real capture as tshark does', () => {
    const byFrame = captureApdus(CAPTURE);
    const rows = tsharkFields(CAPTURE, FIELDS).filter((r) => (r[1] ?? '') !== '');
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.map((r) => Number(r[0]))).toEqual([...byFrame.keys()]);
    let iFrames = 0;
    for (const r of rows) {
      const frames = byFrame.get(Number(r[0])) ?? [];
      expect(frames.length, `frame ${r[0]}`).toBe((r[1] ?? '').split(',').length);
      const decoded = frames.map(ours);
      expect(decoded.map((o) => (o.format === 'I' ? 0 : o.format === 'S' ? 1 : 3)).join(',')).toBe((r[1] ?? '').split(',').map(Number).join(','));
      const is = decoded.filter((o) => o.format === 'I');
      iFrames += is.length;
      if (is.length === 0) continue;
      expect(is.map((o) => o.typeId).join(',')).toBe(r[2]);
      expect(is.map((o) => o.cause).join(',')).toBe(r[3]);
      expect(is.flatMap((o) => o.ioas ?? []).join(',')).toBe(r[4]);
      expect(r[5] ?? '').toBe('');
    }
    expect(iFrames).toBeGreaterThan(10);
  });

  it('agrees with tshark on every field of every APDU of the real capture: APCI, data unit identifier and element values', () => {
    const byFrame = captureApdus(CAPTURE);
    const fields: Array<[string, (d: DecodedApdu) => string[]]> = [
      ...Object.entries(HEADER_FIELDS),
      ...Object.entries(VALUE_FIELDS).map(([name, value]): [string, (d: DecodedApdu) => string[]] => [
        `iec60870_asdu.${name}`,
        // C_TS_TA_1's elements are compared as raw octets (rawdata) above.
        (d) => (d.asdu === undefined || d.asdu.typeId === 107 ? [] : d.asdu.objects.flatMap((o) => value(o, d.asdu?.typeId ?? 0) ?? [])),
      ]),
    ];
    const rows = tsharkFields(CAPTURE, ['frame.number', ...fields.map(([name]) => name)]);
    const compared = new Set<string>();
    let frames = 0;
    for (const row of rows) {
      const apdus = byFrame.get(Number(row[0]));
      if (apdus === undefined) continue;
      frames++;
      const decoded = apdus.map(decodeFully);
      fields.forEach(([name, value], j) => {
        const want = decoded.flatMap(value).join(',');
        if (want !== '') compared.add(name);
        expect(row[j + 1] ?? '', `frame ${row[0]} ${name}`).toBe(want);
      });
    }
    expect(frames).toBe(byFrame.size);
    // The capture has U, S and I frames of five types: most fields occur in it.
    expect(compared.size).toBeGreaterThanOrEqual(20);
  });
});
