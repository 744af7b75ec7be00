/**
 * Analyzer descriptions of link frames and application fragments: a one-line summary and,
 * at decode level `full`, FrameField trees with byte spans into the raw link frame.
 */
import type { FrameField } from '../../../../src-shared/session';
import { functionName } from '../app/control';
import { parseFragment, type ParsedFragment } from '../app/fragment';
import { iinWords } from '../app/iin';
import { linkFunctionName, rawOffsetOfUserOctet, type LinkFrame } from '../link/frame';
import { decodeTransportHeader } from '../transport/segments';

const hex = (n: number, w = 2): string => `0x${n.toString(16).padStart(w, '0')}`;

/** One-line summary of a link frame's header. */
export function linkSummary(f: LinkFrame): string {
  return `${f.source}->${f.destination} ${linkFunctionName(f.prm, f.func)}`;
}

/** One-line summary of a parsed fragment, e.g. `READ seq 3 g60v2 g60v3`. */
export function fragmentSummary(p: ParsedFragment): string {
  const parts = [`${functionName(p.function)} seq ${p.control.seq}`];
  if (p.iin !== null && p.iin !== 0) parts.push(`IIN [${iinWords(p.iin).join(',')}]`);
  for (const h of p.headers) parts.push(h.objects.length > 0 ? `g${h.group}v${h.variation}x${h.objects.length}` : `g${h.group}v${h.variation}`);
  if (p.error) parts.push(`error ${p.error.code}`);
  return parts.join(' ');
}

/** Link (and transport header) fields of a raw frame. */
export function linkFields(f: LinkFrame, raw: Uint8Array): FrameField[] {
  const c = raw[3] ?? 0;
  const fields: FrameField[] = [
    { name: 'start', value: '0x0564', offset: 0, length: 2 },
    { name: 'length', value: String(raw[2] ?? 0), offset: 2, length: 1 },
    {
      name: 'control',
      value: hex(c),
      offset: 3,
      length: 1,
      children: [
        { name: 'DIR', value: String(f.dir), offset: 3, length: 1 },
        { name: 'PRM', value: String(f.prm), offset: 3, length: 1 },
        { name: f.prm ? 'FCB' : 'reserved', value: String(f.fcb), offset: 3, length: 1 },
        { name: f.prm ? 'FCV' : 'DFC', value: String(f.fcvDfc), offset: 3, length: 1 },
        { name: 'function', value: linkFunctionName(f.prm, f.func), offset: 3, length: 1 },
      ],
    },
    { name: 'destination', value: String(f.destination), offset: 4, length: 2 },
    { name: 'source', value: String(f.source), offset: 6, length: 2 },
    { name: 'header CRC', value: hex((raw[8] ?? 0) | ((raw[9] ?? 0) << 8), 4), offset: 8, length: 2 },
  ];
  if (f.payload.length > 0) {
    const t = decodeTransportHeader(f.payload[0]!);
    fields.push({
      name: 'transport',
      value: hex(f.payload[0]!),
      offset: 10,
      length: 1,
      children: [
        { name: 'FIN', value: String(t.fin), offset: 10, length: 1 },
        { name: 'FIR', value: String(t.fir), offset: 10, length: 1 },
        { name: 'SEQ', value: String(t.seq), offset: 10, length: 1 },
      ],
    });
  }
  return fields;
}

/**
 * Application fields of a fragment. `inFrame` says the whole fragment sits in this link
 * frame after the transport octet, so spans map into the raw frame; otherwise spans are 0.
 */
export function fragmentFields(p: ParsedFragment, inFrame: boolean): FrameField {
  const at = (off: number, len: number): { offset: number; length: number } =>
    inFrame ? { offset: rawOffsetOfUserOctet(off + 1), length: len } : { offset: 0, length: 0 };
  const children: FrameField[] = [
    {
      name: 'control',
      value: `FIR=${+p.control.fir} FIN=${+p.control.fin} CON=${+p.control.con} UNS=${+p.control.uns} SEQ=${p.control.seq}`,
      ...at(0, 1),
    },
    { name: 'function', value: functionName(p.function), ...at(1, 1) },
  ];
  if (p.iin !== null) children.push({ name: 'IIN', value: `${hex(p.iin, 4)} ${iinWords(p.iin).join(',')}`, ...at(2, 2) });
  for (const h of p.headers) {
    children.push({
      name: `g${h.group}v${h.variation}`,
      value: `qualifier ${hex(h.qualifier)} ${h.range === 'startStop' ? `${h.start}-${h.stop}` : h.range === 'count' ? `count ${h.count}` : 'all'}`,
      ...at(h.offset, h.length),
      children: h.objects.map((o) => ({
        name: `index ${o.index}`,
        value: 'data' in o ? JSON.stringify(o.data) : `${String(o.value)} flags ${hex(o.flags)}${o.time !== null ? ` time ${new Date(o.time).toISOString()}` : ''}`,
        ...at(o.offset, o.length),
      })),
    });
  }
  if (p.error) children.push({ name: 'error', value: `${p.error.code}: ${p.error.message}`, offset: 0, length: 0 });
  return { name: 'application', value: functionName(p.function), offset: 0, length: 0, children };
}

/** Parses a fragment for the analyzer (never throws). */
export function parseForAnalyzer(fragment: Uint8Array): ParsedFragment | null {
  const r = parseFragment(fragment);
  return r.ok ? r.fragment : null;
}
