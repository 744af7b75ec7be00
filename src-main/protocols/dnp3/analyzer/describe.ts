/**
 * Analyzer descriptions of link frames and application fragments: a one-line summary and,
 * at decode level `full`, FrameField trees with byte spans into the raw link frame.
 */
import type { AnalyzerFrame, DecodeLevel, FrameField } from '../../../../src-shared/session';
import { functionName } from '../app/control';
import { parseFragment, type ParsedFragment } from '../app/fragment';
import { iinWords } from '../app/iin';
import { linkFunctionName, linkHeaderOf, rawOffsetOfUserOctet, type LinkFrame } from '../link/frame';
import { decodeFileFields, isFileVariation } from '../app/objects/file-objects';
import { decodeAuthFields, isAuthVariation } from '../secure-auth/objects';
import { decodeTransportHeader } from '../transport/segments';

const hex = (n: number, w = 2): string => `0x${n.toString(16).padStart(w, '0')}`;

/** One-line summary of a link frame's header. */
function linkSummary(f: LinkFrame): string {
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
function linkFields(f: LinkFrame, raw: Uint8Array): FrameField[] {
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
 * Application fields of a fragment, with byte spans into the raw link frame that completed
 * it. `frameStart` is the fragment offset of the first user octet this frame carries
 * after its transport octet: 0 when the whole fragment sits in the frame. A fragment
 * reassembled from several frames is described on its final frame, which carries only
 * the fragment's tail; the analyzer keeps no other frame's bytes, so:
 * - a field's span covers the part of it this frame carries (with any CRC octets inside
 *   the span, as raw bytes are contiguous);
 * - a field carried wholly by earlier frames has length 0 and its value says so;
 * - the `application` node's value names the reassembled size and the split.
 * `frameStart` null (the frame does not end the fragment, e.g. after a transport error)
 * gives every field length 0.
 */
function fragmentFields(p: ParsedFragment, fragment: Uint8Array, frameStart: number | null): FrameField {
  const fragmentLength = fragment.length;
  const place = (f: FrameField, off: number, len: number): void => {
    if (frameStart === null) return;
    const first = Math.max(off, frameStart);
    const last = off + len - 1;
    if (last < first) f.value = `${f.value} (in an earlier frame)`;
    else {
      f.offset = rawOffsetOfUserOctet(first - frameStart + 1);
      f.length = rawOffsetOfUserOctet(last - frameStart + 1) - f.offset + 1;
    }
  };
  const split = frameStart !== null && frameStart > 0 ? ` (reassembled: ${fragmentLength} octets, octets ${frameStart}-${fragmentLength - 1} in this frame)` : '';
  return applicationFields(p, fragment, place, split);
}

/** Application fields with spans placed by `place` (given each field's fragment offset and length). */
function applicationFields(p: ParsedFragment, fragment: Uint8Array, place: (f: FrameField, off: number, len: number) => void, note: string): FrameField {
  const field = (name: string, value: string, off: number, len: number, children?: FrameField[]): FrameField => {
    const f: FrameField = { name, value, offset: 0, length: 0 };
    place(f, off, len);
    if (children) f.children = children;
    return f;
  };
  const children: FrameField[] = [
    field('control', `FIR=${+p.control.fir} FIN=${+p.control.fin} CON=${+p.control.con} UNS=${+p.control.uns} SEQ=${p.control.seq}`, 0, 1),
    field('function', functionName(p.function), 1, 1),
  ];
  if (p.iin !== null) children.push(field('IIN', `${hex(p.iin, 4)} ${iinWords(p.iin).join(',')}`, 2, 2));
  for (const h of p.headers) {
    const objects = h.objects.map((o) =>
      field(
        `index ${o.index}`,
        'data' in o ? JSON.stringify(o.data) : `${String(o.value)} flags ${hex(o.flags)}${o.time !== null ? ` time ${new Date(o.time).toISOString()}` : ''}`,
        o.offset,
        o.length,
        objectFieldsOf(h.group, h.variation, fragment, o.offset, o.length, field),
      ),
    );
    const range = h.range === 'startStop' ? `${h.start}-${h.stop}` : h.range === 'count' ? `count ${h.count}` : 'all';
    children.push(field(`g${h.group}v${h.variation}`, `qualifier ${hex(h.qualifier)} ${range}`, h.offset, h.length, objects));
  }
  if (p.error) children.push({ name: 'error', value: `${p.error.code}: ${p.error.message}`, offset: 0, length: 0 });
  return { name: 'application', value: functionName(p.function) + note, offset: 0, length: 0, children };
}

/**
 * The analyzer frame of one whole application fragment (no link layer): its summary and
 * its field tree with byte spans into the fragment itself, as a raw request shows it.
 */
export function describeFragment(direction: 'tx' | 'rx', fragment: Uint8Array): AnalyzerFrame {
  const parsed = parseForAnalyzer(fragment);
  const base = { direction, protocol: 'dnp3' as const, bytes: fragment };
  if (!parsed) return { ...base, summary: 'error TRUNCATED_FRAGMENT', error: 'TRUNCATED_FRAGMENT' };
  const place = (f: FrameField, off: number, len: number): void => {
    f.offset = off;
    f.length = len;
  };
  const frame: AnalyzerFrame = { ...base, summary: fragmentSummary(parsed), fields: [applicationFields(parsed, fragment, place, '')] };
  if (parsed.error) frame.error = parsed.error.code;
  return frame;
}

/**
 * The fields of one g120 (Secure Authentication) or g70 (file control) object, each with
 * its span; undefined for other objects.
 */
function objectFieldsOf(
  group: number,
  v: number,
  fragment: Uint8Array,
  offset: number,
  length: number,
  field: (name: string, value: string, off: number, len: number) => FrameField,
): FrameField[] | undefined {
  const octets = fragment.subarray(offset, offset + length);
  const r = group === 120 && isAuthVariation(v) ? decodeAuthFields(v, octets) : group === 70 && isFileVariation(v) ? decodeFileFields(v, octets) : null;
  // an empty field (no MAC yet, no error text, no file data) has no span
  return r?.ok ? r.fields.map((f) => (f.length === 0 ? { name: f.name, value: f.text, offset: 0, length: 0 } : field(f.name, f.text, offset + f.offset, f.length))) : undefined;
}

/** Parses a fragment for the analyzer (never throws). */
function parseForAnalyzer(fragment: Uint8Array): ParsedFragment | null {
  const r = parseFragment(fragment);
  return r.ok ? r.fragment : null;
}

/**
 * The analyzer frame of one link frame: its summary, and at level `full` its link fields
 * and, when `fragment` (the application fragment this frame completed) is given, the
 * fragment's fields. Shared by the live channel and the capture decoder.
 */
export function describeLinkFrame(
  direction: 'tx' | 'rx',
  f: LinkFrame,
  raw: Uint8Array,
  fragment: Uint8Array | null,
  level: Exclude<DecodeLevel, 'off'>,
): AnalyzerFrame {
  const parsed = fragment ? parseForAnalyzer(fragment) : null;
  const summary = parsed ? `${linkSummary(f)} | ${fragmentSummary(parsed)}` : linkSummary(f);
  const frame: AnalyzerFrame = { direction, protocol: 'dnp3', summary, bytes: raw };
  if (fragment && !parsed) frame.error = 'TRUNCATED_FRAGMENT';
  else if (parsed?.error) frame.error = parsed.error.code;
  if (level === 'full') {
    const fields = linkFields(f, raw);
    if (parsed) {
      // the frame that completes a fragment carries its last payload.length - 1 octets
      const frameStart = fragment!.length - (f.payload.length - 1);
      fields.push(fragmentFields(parsed, fragment!, frameStart >= 0 && f.payload.length > 0 ? frameStart : null));
    }
    frame.fields = fields;
  }
  return frame;
}

/**
 * The analyzer frame of a received frame the link layer dropped, with its octets: a
 * damaged one (`raw` as the framer gives it, header fields unchecked) or one for another
 * address (`frame` decoded). `code` and `message` say why it was dropped.
 */
export function describeDroppedFrame(raw: Uint8Array, frame: LinkFrame | null, code: string, message: string, level: Exclude<DecodeLevel, 'off'>): AnalyzerFrame {
  const header = frame ?? linkHeaderOf(raw);
  const out: AnalyzerFrame = { direction: 'rx', protocol: 'dnp3', summary: `${linkSummary(header)} | dropped ${code}: ${message}`, bytes: raw, error: code };
  if (level === 'full') out.fields = [...linkFields(header, raw), { name: 'error', value: `${code}: ${message}`, offset: 0, length: 0 }];
  return out;
}
