/** Builds the golden vector files' contents and reads them back. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLinkFrame, LinkFunction, type LinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { segmentFragment } from '../../../../src-main/protocols/dnp3/transport/segments';
import type { ParsedFragment } from '../../../../src-main/protocols/dnp3/app/fragment';
import { encodeFragment, fragmentVectors, type FragmentValue, type VectorHeader } from './vector-specs';
import { hex } from './harness';

/** Where the vector files live. */
export const VECTOR_DIR = fileURLToPath(new URL('../../../vectors/dnp3', import.meta.url));

/** A golden vector. */
export interface Vector<V> {
  name: string;
  hex: string;
  value: V;
}

/** Decoded link frame as stored in link.json. */
export interface LinkValue {
  dir: boolean;
  prm: boolean;
  fcb: boolean;
  fcvDfc: boolean;
  func: number;
  destination: number;
  source: number;
  payload: string;
}

/** Link frames of a fragment: requests go master 1 -> outstation 10, responses back. */
export function framesOf(fragment: Uint8Array, isResponse: boolean): Uint8Array[] {
  const { segments } = segmentFragment(fragment, 0);
  return segments.map((payload) =>
    encodeLinkFrame({ dir: !isResponse, prm: true, func: LinkFunction.UNCONFIRMED_USER_DATA, destination: isResponse ? 1 : 10, source: isResponse ? 10 : 1, payload }),
  );
}

/** Contents of objects.json. */
export function buildObjectVectors(): Vector<FragmentValue>[] {
  return fragmentVectors().map(({ name, value }) => ({ name, hex: framesOf(encodeFragment(value), value.iin !== null).map(hex).join(''), value }));
}

/** Contents of link.json: every link function, primary and secondary. */
export function buildLinkVectors(): Vector<LinkValue>[] {
  const f = (name: string, frame: LinkFrame): Vector<LinkValue> => ({
    name,
    hex: hex(encodeLinkFrame(frame)),
    value: { dir: frame.dir, prm: frame.prm, fcb: frame.fcb, fcvDfc: frame.fcvDfc, func: frame.func, destination: frame.destination, source: frame.source, payload: hex(frame.payload) },
  });
  const e = new Uint8Array(0);
  const data = new Uint8Array(Array.from({ length: 40 }, (_, i) => i));
  return [
    f('RESET_LINK_STATES', { dir: true, prm: true, fcb: false, fcvDfc: false, func: 0, destination: 10, source: 1, payload: e }),
    f('TEST_LINK_STATES', { dir: true, prm: true, fcb: true, fcvDfc: true, func: 2, destination: 10, source: 1, payload: e }),
    f('CONFIRMED_USER_DATA', { dir: true, prm: true, fcb: true, fcvDfc: true, func: 3, destination: 10, source: 1, payload: data }),
    f('UNCONFIRMED_USER_DATA', { dir: false, prm: true, fcb: false, fcvDfc: false, func: 4, destination: 1, source: 10, payload: data.subarray(0, 16) }),
    f('REQUEST_LINK_STATUS', { dir: true, prm: true, fcb: false, fcvDfc: false, func: 9, destination: 10, source: 1, payload: e }),
    f('ACK', { dir: false, prm: false, fcb: false, fcvDfc: false, func: 0, destination: 1, source: 10, payload: e }),
    f('NACK', { dir: false, prm: false, fcb: false, fcvDfc: true, func: 1, destination: 1, source: 10, payload: e }),
    f('LINK_STATUS', { dir: false, prm: false, fcb: false, fcvDfc: false, func: 11, destination: 1, source: 10, payload: e }),
    f('NOT_SUPPORTED', { dir: false, prm: false, fcb: false, fcvDfc: false, func: 15, destination: 1, source: 10, payload: e }),
    f('UNCONFIRMED_USER_DATA 250 octets, broadcast destination', { dir: true, prm: true, fcb: false, fcvDfc: false, func: 4, destination: 0xffff, source: 65519, payload: new Uint8Array(250).map((_, i) => (i * 7) & 0xff) }),
  ];
}

/** Reads a vector file. */
export function readVectors<V>(file: string): Vector<V>[] {
  return JSON.parse(readFileSync(join(VECTOR_DIR, file), 'utf8')) as Vector<V>[];
}

/** A parsed fragment in the shape of a vector value (offsets dropped). */
export function toVectorValue(p: ParsedFragment): FragmentValue {
  return {
    control: p.control,
    function: p.function,
    iin: p.iin,
    headers: p.headers.map((h) => {
      const out: VectorHeader = { group: h.group, variation: h.variation, qualifier: h.qualifier, objects: [] };
      if (h.range === 'startStop') {
        out.start = h.start;
        out.stop = h.stop;
      } else if (h.range === 'count') out.count = h.count;
      if (h.indices) out.indices = h.indices;
      out.objects = h.objects.map((o) => ('data' in o ? { index: o.index, data: o.data } : { index: o.index, flags: o.flags, value: o.value, time: o.time }));
      return out;
    }),
  };
}
