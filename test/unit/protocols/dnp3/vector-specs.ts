/**
 * Specifications of the golden DNP3 vectors (test/vectors/dnp3/*.json) and the generic
 * encoder the tests use to rebuild a fragment from a vector's decoded value.
 */
import { FunctionCode } from '../../../../src-main/protocols/dnp3/app/control';
import { encodeObjectHeader, prefixOctets } from '../../../../src-main/protocols/dnp3/app/header';
import { codecFor } from '../../../../src-main/protocols/dnp3/app/objects/table';
import type { DataValue } from '../../../../src-main/protocols/dnp3/app/objects/types';
import type { Dnp3RawHeader } from '../../../../src-shared/dnp3-calls';

/** One object of a vector value. */
export type VectorObject = { index: number; flags: number; value: number | boolean | string; time: number | null } | { index: number; data: DataValue };

/** One header of a vector value: the header as a raw request gives it, with its objects. */
export interface VectorHeader extends Dnp3RawHeader {
  objects: VectorObject[];
}

/** The decoded value of an application fragment vector. */
export interface FragmentValue {
  control: { fir: boolean; fin: boolean; con: boolean; uns: boolean; seq: number };
  function: number;
  iin: number | null;
  headers: VectorHeader[];
}

const T = 1700000000123;
const C = { fir: true, fin: true, con: false, uns: false, seq: 1 };

function resp(headers: VectorHeader[], fc: number = FunctionCode.RESPONSE): FragmentValue {
  return { control: C, function: fc, iin: 0, headers };
}
function req(fc: number, headers: VectorHeader[]): FragmentValue {
  return { control: C, function: fc, iin: null, headers };
}
/** A point object; a true binary state is also carried in flag bit 7, as on the wire. */
const pt = (index: number, flags: number, value: number | boolean | string, time: number | null = null): VectorObject => ({ index, flags: value === true ? flags | 0x80 : flags, value, time });

function staticPoints(group: number, variation: number, values: Array<number | boolean>, flags = 0x01): VectorHeader {
  return { group, variation, qualifier: 0x00, start: 3, stop: 3 + values.length - 1, objects: values.map((v, i) => pt(3 + i, flags, v)) };
}
function eventPoints(group: number, variation: number, value: number | boolean, time: boolean, flags = 0x01): VectorHeader {
  return { group, variation, qualifier: 0x28, count: 1, objects: [pt(5, flags, value, time ? T : null)] };
}

/** Fragment vectors: one or more per object variation listed in the issue, plus requests. */
export function fragmentVectors(): Array<{ name: string; value: FragmentValue }> {
  const v: Array<{ name: string; value: FragmentValue }> = [];
  const add = (name: string, value: FragmentValue): void => void v.push({ name, value });
  add('g1v1 packed binary inputs 0x00', resp([{ group: 1, variation: 1, qualifier: 0x00, start: 0, stop: 9, objects: [true, false, true, true, false, false, false, false, true, false].map((b, i) => pt(i, b ? 0x81 : 0x01, b)) }]));
  add('g1v2 binary input with flags', resp([staticPoints(1, 2, [true, false], 0x01)]));
  add('g1v2 binary input 0x01 range', resp([{ group: 1, variation: 2, qualifier: 0x01, start: 300, stop: 300, objects: [pt(300, 0x03, false)] }]));
  add('g2v1 binary input event', resp([eventPoints(2, 1, true, false)]));
  add('g2v2 binary input event with time', resp([eventPoints(2, 2, false, true)]));
  add('g2v3 binary input event with relative time after g51v1', resp([
    { group: 51, variation: 1, qualifier: 0x07, count: 1, objects: [{ index: 0, data: { time: T } }] },
    { group: 2, variation: 3, qualifier: 0x17, count: 1, objects: [pt(5, 0x81, true, T + 500)] },
  ]));
  add('g3v1 packed double-bit inputs', resp([{ group: 3, variation: 1, qualifier: 0x00, start: 0, stop: 3, objects: [0, 1, 2, 3].map((s, i) => pt(i, 0x01 | (s << 6), s)) }]));
  add('g3v2 double-bit input with flags', resp([{ group: 3, variation: 2, qualifier: 0x00, start: 0, stop: 1, objects: [pt(0, 0x81, 2), pt(1, 0x41, 1)] }]));
  add('g4v1 double-bit event', resp([{ group: 4, variation: 1, qualifier: 0x28, count: 1, objects: [pt(5, 0x81, 2)] }]));
  add('g4v2 double-bit event with time', resp([{ group: 4, variation: 2, qualifier: 0x28, count: 1, objects: [pt(5, 0x41, 1, T)] }]));
  add('g4v3 double-bit event with relative time after g51v2', resp([
    { group: 51, variation: 2, qualifier: 0x07, count: 1, objects: [{ index: 0, data: { time: T } }] },
    { group: 4, variation: 3, qualifier: 0x28, count: 1, objects: [pt(5, 0x81, 2, T + 1000)] },
  ]));
  add('g10v1 packed binary outputs', resp([{ group: 10, variation: 1, qualifier: 0x00, start: 0, stop: 2, objects: [true, false, true].map((b, i) => pt(i, b ? 0x81 : 0x01, b)) }]));
  add('g10v2 binary output status', resp([staticPoints(10, 2, [true, false], 0x01)]));
  add('g11v1 binary output event', resp([eventPoints(11, 1, true, false)]));
  add('g11v2 binary output event with time', resp([eventPoints(11, 2, false, true)]));
  add('g12v1 CROB select 0x28', req(FunctionCode.SELECT, [{ group: 12, variation: 1, qualifier: 0x28, count: 1, objects: [{ index: 3, data: { code: 0x03, count: 1, onTime: 0, offTime: 0, status: 0 } }] }]));
  add('g12v1 CROB trip pulse direct operate 0x17', req(FunctionCode.DIRECT_OPERATE, [{ group: 12, variation: 1, qualifier: 0x17, count: 1, objects: [{ index: 7, data: { code: 0x81, count: 1, onTime: 1000, offTime: 0, status: 0 } }] }]));
  add('g13v1 binary output command event', resp([{ group: 13, variation: 1, qualifier: 0x28, count: 1, objects: [pt(5, 0x80, true)] }]));
  add('g13v2 binary output command event with time', resp([{ group: 13, variation: 2, qualifier: 0x28, count: 1, objects: [pt(5, 0x04, false, T)] }]));
  for (const [vr, val, fl] of [[1, 123456, 0x01], [2, 65535, 0x01], [5, 4000000000, 0x01], [6, 42, 0x01]] as const) {
    add(`g20v${vr} counter`, resp([staticPoints(20, vr, [val], vr >= 5 ? 0x01 : fl)]));
  }
  for (const vr of [1, 2, 5, 6, 9, 10]) {
    const obj = pt(3, vr >= 9 ? 0x01 : 0x21, 7, vr === 5 || vr === 6 ? T : null);
    add(`g21v${vr} frozen counter`, resp([{ group: 21, variation: vr, qualifier: 0x00, start: 3, stop: 3, objects: [obj] }]));
  }
  for (const g of [22, 23]) for (const vr of [1, 2, 5, 6]) add(`g${g}v${vr} counter event`, resp([eventPoints(g, vr, 99, vr >= 5, 0x41)]));
  const av: Record<number, number> = { 1: -123456, 2: -1234, 3: 2147483647, 4: 32767, 5: 1.5, 6: -2.25e100 };
  for (const vr of [1, 2, 3, 4, 5, 6]) add(`g30v${vr} analog input`, resp([staticPoints(30, vr, [av[vr]!], vr === 3 || vr === 4 ? 0x01 : 0x21)]));
  const ev: Record<number, [number, boolean]> = { 1: [-5, false], 2: [300, false], 3: [70000, true], 4: [-2, true], 5: [0.5, false], 6: [1e300, false], 7: [-0.25, true], 8: [3.5e200, true] };
  for (const g of [32, 42]) for (let vr = 1; vr <= 8; vr++) add(`g${g}v${vr} analog event`, resp([eventPoints(g, vr, ev[vr]![0], ev[vr]![1], 0x41)]));
  for (let vr = 1; vr <= 8; vr++) add(`g43v${vr} analog output command event`, resp([eventPoints(43, vr, ev[vr]![0], ev[vr]![1], 0x00)]));
  add('g34v1 deadband u16', resp([staticPoints(34, 1, [100])]));
  add('g34v2 deadband u32', resp([staticPoints(34, 2, [100000])]));
  add('g34v3 deadband f32', resp([staticPoints(34, 3, [0.5])]));
  const ao: Record<number, number> = { 1: 1000, 2: -1, 3: 12.5, 4: 1e-10 };
  for (const vr of [1, 2, 3, 4]) add(`g40v${vr} analog output status`, resp([staticPoints(40, vr, [ao[vr]!], 0x01)]));
  for (const vr of [1, 2, 3, 4]) {
    add(`g41v${vr} analog output block direct operate`, req(FunctionCode.DIRECT_OPERATE, [{ group: 41, variation: vr, qualifier: 0x17, count: 1, objects: [{ index: 2, data: { value: ao[vr]!, status: 0 } }] }]));
  }
  add('g0v252 manufacturer name and g0v240 max tx fragment', resp([
    { group: 0, variation: 252, qualifier: 0x00, start: 0, stop: 0, objects: [{ index: 0, data: { name: 'manufacturerName', dataType: 1, value: 'Switchyard' } }] },
    { group: 0, variation: 240, qualifier: 0x00, start: 0, stop: 0, objects: [{ index: 0, data: { name: 'maxTxFragmentSize', dataType: 2, value: 2048 } }] },
  ]));
  add('g0v209 secure auth version', resp([{ group: 0, variation: 209, qualifier: 0x00, start: 0, stop: 0, objects: [{ index: 0, data: { name: 'secureAuthVersion', dataType: 2, value: 5 } }] }]));
  add('g0v255 list of attribute variations', resp([{ group: 0, variation: 255, qualifier: 0x00, start: 0, stop: 0, objects: [{ index: 0, data: { name: 'attributeList', dataType: 254, value: 'fc00f000' } }] }]));
  add('g0v254 read all attributes', req(FunctionCode.READ, [{ group: 0, variation: 254, qualifier: 0x06, objects: [] }]));
  add('g50v1 write absolute time', req(FunctionCode.WRITE, [{ group: 50, variation: 1, qualifier: 0x07, count: 1, objects: [{ index: 0, data: { time: T } }] }]));
  add('g50v2 freeze at time', req(FunctionCode.FREEZE_AT_TIME, [
    { group: 50, variation: 2, qualifier: 0x07, count: 1, objects: [{ index: 0, data: { time: T, intervalMs: 60000 } }] },
    { group: 20, variation: 0, qualifier: 0x06, objects: [] },
  ]));
  add('g50v3 write last recorded time', req(FunctionCode.WRITE, [{ group: 50, variation: 3, qualifier: 0x07, count: 1, objects: [{ index: 0, data: { time: T } }] }]));
  add('g50v4 indexed absolute time and long interval', resp([{ group: 50, variation: 4, qualifier: 0x17, count: 1, objects: [{ index: 0, data: { time: T, interval: 15, units: 4 } }] }]));
  add('g52v1 coarse time delay', resp([{ group: 52, variation: 1, qualifier: 0x07, count: 1, objects: [{ index: 0, data: { seconds: 2 } }] }]));
  add('g52v2 fine time delay', resp([{ group: 52, variation: 2, qualifier: 0x07, count: 1, objects: [{ index: 0, data: { milliseconds: 15 } }] }]));
  add('g60v1-v4 integrity poll', req(FunctionCode.READ, [2, 3, 4, 1].map((vr) => ({ group: 60, variation: vr, qualifier: 0x06, objects: [] }))));
  add('g60v2 read class 1 limited count 0x07', req(FunctionCode.READ, [{ group: 60, variation: 2, qualifier: 0x07, count: 10, objects: [] }]));
  add('g80v1 clear device restart', req(FunctionCode.WRITE, [{ group: 80, variation: 1, qualifier: 0x00, start: 7, stop: 7, objects: [pt(7, 0x01, false)] }]));
  add('g110v4 octet string', resp([{ group: 110, variation: 4, qualifier: 0x00, start: 0, stop: 0, objects: [pt(0, 0x01, 'deadbeef')] }]));
  add('g111v2 octet string event', resp([{ group: 111, variation: 2, qualifier: 0x28, count: 1, objects: [pt(5, 0x01, '0102')] }]));
  add('g30v1 read 0x17 indices', req(FunctionCode.READ, [{ group: 30, variation: 1, qualifier: 0x17, count: 2, indices: [1, 9], objects: [] }]));
  add('g30v0 read start-stop 0x01', req(FunctionCode.READ, [{ group: 30, variation: 0, qualifier: 0x01, start: 0, stop: 300, objects: [] }]));
  add('g1v2 read count 0x08', req(FunctionCode.READ, [{ group: 1, variation: 2, qualifier: 0x08, count: 2, objects: [] }]));
  add('g110v3 free format 0x5B with size prefix', resp([{ group: 110, variation: 3, qualifier: 0x5b, count: 1, objects: [pt(0, 0x01, 'aabbcc')] }]));
  // Secure Authentication v5 (IEEE 1815-2012 clause 7 and A.45-A.47): challenge data, MACs and wrapped keys are fixed octets
  const sa = (variation: number, data: DataValue): VectorHeader => ({ group: 120, variation, qualifier: variation === 3 || variation === 4 ? 0x07 : 0x5b, count: 1, objects: [{ index: 0, data }] });
  add('g120v1 SA challenge', resp([sa(1, { csq: 7, user: 1, mal: 4, reason: 1, challengeData: '00112233445566778899aabbccddeeff' })], FunctionCode.AUTHENTICATE_RESP));
  add('g120v2 SA reply', req(FunctionCode.AUTHENTICATE_REQ, [sa(2, { csq: 7, user: 1, mac: 'a3b6167473100ee06e0c796c2955552b' })]));
  add('g120v3 SA aggressive mode CROB with g120v9 MAC', req(FunctionCode.DIRECT_OPERATE, [
    sa(3, { csq: 8, user: 1 }),
    { group: 12, variation: 1, qualifier: 0x28, count: 1, objects: [{ index: 3, data: { code: 0x03, count: 1, onTime: 0, offTime: 0, status: 0 } }] },
    sa(9, { mac: '0102030405060708090a0b0c0d0e0f10' }),
  ]));
  add('g120v4 SA session key status request', req(FunctionCode.AUTHENTICATE_REQ, [sa(4, { user: 1 })]));
  add('g120v5 SA session key status NOT_INIT', resp([sa(5, { ksq: 0, user: 1, kwa: 2, status: 2, mal: 4, cdl: 4, challengeData: 'c0ffee01', mac: '' })], FunctionCode.AUTHENTICATE_RESP));
  add('g120v5 SA session key status OK with MAC', resp([sa(5, { ksq: 1, user: 1, kwa: 2, status: 1, mal: 4, cdl: 4, challengeData: 'c0ffee02', mac: 'ffeeddccbbaa99887766554433221100' })], FunctionCode.AUTHENTICATE_RESP));
  add('g120v6 SA session key change', req(FunctionCode.AUTHENTICATE_REQ, [sa(6, { ksq: 1, user: 1, wrappedKeyData: '28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21' })]));
  add('g120v7 SA error authentication failed', resp([sa(7, { csq: 7, user: 1, aid: 0, error: 1, time: T, text: '' })], FunctionCode.AUTHENTICATE_RESP));
  add('g121v1 security statistics', resp([{ group: 121, variation: 1, qualifier: 0x00, start: 0, stop: 1, objects: [0, 1].map((i) => ({ index: i, data: { flags: 1, aid: 0, count: 10 + i } })) }]));
  add('g122v1 security statistic event', resp([{ group: 122, variation: 1, qualifier: 0x28, count: 1, objects: [{ index: 5, data: { flags: 1, aid: 0, count: 3 } }] }]));
  add('g122v2 security statistic event with time', resp([{ group: 122, variation: 2, qualifier: 0x28, count: 1, objects: [{ index: 5, data: { flags: 1, aid: 0, count: 4, time: T } }] }]));
  add('confirm', req(FunctionCode.CONFIRM, []));
  add('unsolicited null response with restart', { control: { fir: true, fin: true, con: true, uns: true, seq: 0 }, function: FunctionCode.UNSOLICITED_RESPONSE, iin: 0x0090, headers: [] });
  add('disable unsolicited classes 1-3', req(FunctionCode.DISABLE_UNSOLICITED, [2, 3, 4].map((vr) => ({ group: 60, variation: vr, qualifier: 0x06, objects: [] }))));
  add('delay measure', req(FunctionCode.DELAY_MEASURE, []));
  add('cold restart', req(FunctionCode.COLD_RESTART, []));
  add('assign class 2 to analog inputs', req(FunctionCode.ASSIGN_CLASS, [{ group: 60, variation: 3, qualifier: 0x06, objects: [] }, { group: 30, variation: 0, qualifier: 0x06, objects: [] }]));
  add('immediate freeze counters', req(FunctionCode.IMMEDIATE_FREEZE, [{ group: 20, variation: 0, qualifier: 0x06, objects: [] }]));
  return v;
}

/** Rebuilds fragment octets from a vector value (independent of the session encoders). */
export function encodeFragment(f: FragmentValue): Uint8Array {
  const buf = new Uint8Array(4096);
  const dv = new DataView(buf.buffer);
  const c = f.control;
  buf[0] = (c.fir ? 0x80 : 0) | (c.fin ? 0x40 : 0) | (c.con ? 0x20 : 0) | (c.uns ? 0x10 : 0) | c.seq;
  buf[1] = f.function;
  let p = 2;
  if (f.iin !== null) {
    buf[2] = f.iin & 0xff;
    buf[3] = f.iin >> 8;
    p = 4;
  }
  let cto = 0;
  for (const h of f.headers) {
    p = encodeObjectHeader(buf, p, { group: h.group, variation: h.variation, qualifier: h.qualifier, start: h.start ?? 0, stop: h.stop ?? 0, count: h.count ?? h.indices?.length ?? h.objects.length });
    const pre = prefixOctets(h.qualifier);
    for (const i of h.indices ?? []) {
      for (let k = 0; k < pre; k++) buf[p++] = (i >> (8 * k)) & 0xff;
    }
    const codec = codecFor(h.group, h.variation);
    if (!codec || h.objects.length === 0) continue;
    if (codec.kind === 'point' && codec.bits > 0) {
      const octets = Math.ceil((h.objects.length * codec.bits) / 8);
      h.objects.forEach((o, i) => {
        if (!('value' in o)) return;
        const bits = codec.bits === 1 ? (o.value === true ? 1 : 0) : Number(o.value);
        buf[p + ((i * codec.bits) >> 3)]! |= bits << ((i * codec.bits) & 7);
      });
      p += octets;
      continue;
    }
    const sizePrefix = (h.qualifier >> 4) >= 4;
    for (const o of h.objects) {
      if ((h.qualifier >> 4) & 0x07 && !sizePrefix) {
        for (let k = 0; k < pre; k++) buf[p++] = (o.index >> (8 * k)) & 0xff;
      }
      const at = sizePrefix ? p + pre : p;
      let n: number;
      if (codec.kind === 'point' && 'value' in o) {
        const rel = codec.type.endsWith('v3') && (codec.group === 2 || codec.group === 4);
        codec.write(dv, at, rel ? { ...o, time: (o.time ?? 0) - cto } : o);
        n = codec.size;
      } else if (codec.kind === 'data' && 'data' in o) {
        n = codec.write(dv, at, o.data);
        if (codec.group === 51) cto = Number(o.data.time);
      } else throw new Error('vector object does not match its codec');
      if (sizePrefix) for (let k = 0; k < pre; k++) buf[p + k] = (n >> (8 * k)) & 0xff;
      p = at + n;
    }
  }
  return buf.slice(0, p);
}
