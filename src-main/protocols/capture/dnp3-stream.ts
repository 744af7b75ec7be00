/**
 * Decodes one direction of a captured DNP3 byte stream into application fragments, as the
 * analyzer does: link framer, transport reassembly per link source/destination pair,
 * then the fragment parser. Every framing, CRC, reassembly or parse problem is a record
 * with its error code.
 *
 * Reassembly state is bounded: a pair is held only while its fragment is partly
 * reassembled (its storage grows with the fragment), and at most
 * {@link MAX_PENDING_PAIRS} pairs are held at once; beyond that the pair heard from least
 * recently loses its partial fragment, counted in {@link Dnp3StreamDecoder.droppedPartials}.
 */
import { describeDroppedFrame, describeLinkFrame, fragmentSummary, functionName, parseFragment, LinkFramer, Reassembler } from '../dnp3';
import type { CapturedFrameSink, Dnp3Record } from './decoded-record';

/** Largest fragment the decoder reassembles (the protocol's limit). */
const MAX_FRAGMENT = 65_536;

/**
 * Link address pairs with a partly reassembled fragment held at once in one direction of
 * one connection. Real links have one pair per association (a few behind a gateway).
 */
export const MAX_PENDING_PAIRS = 256;

/** Stream decoder for one direction of one DNP3 connection (or UDP flow). */
export class Dnp3StreamDecoder {
  private framer = new LinkFramer();
  /** Pairs with a partial fragment, least recently heard first (Map insertion order). */
  private readonly reassemblers = new Map<string, Reassembler>();
  /** Partial fragments dropped because more than {@link MAX_PENDING_PAIRS} pairs were pending. */
  droppedPartials = 0;

  /** `sink`, when given, also receives each link frame as the analyzer shows it. */
  constructor(private readonly sink?: CapturedFrameSink) {}

  /** Drops partial frames and fragments (after a gap in the capture). */
  reset(): void {
    this.framer = new LinkFramer();
    this.reassemblers.clear();
  }

  /** Feeds the octets of capture frame `frame`; returns the records they completed. */
  push(frame: number, bytes: Uint8Array): Dnp3Record[] {
    const out: Dnp3Record[] = [];
    for (const item of this.framer.push(bytes)) {
      const direction = this.sink?.direction ?? 'rx';
      if (!item.ok) {
        const { code, message } = item.error;
        out.push(errorRecord(frame, null, null, code, message));
        const raw = item.raw;
        // a damaged frame shows its octets and header; skipped noise (DISCARDED_OCTETS) has none to show
        this.sink?.frame(frame, () =>
          raw ? { ...describeDroppedFrame(raw, null, code, message, 'full'), direction } : { direction, protocol: 'dnp3', summary: `error ${code}: ${message}`, bytes: new Uint8Array(0), error: code },
        );
        continue;
      }
      const fragment = this.reassemble(frame, item.frame.source, item.frame.destination, item.frame.payload, out);
      this.sink?.frame(frame, () => describeLinkFrame(direction, item.frame, item.raw, fragment, 'full'));
    }
    return out;
  }

  /** Passes a link frame's transport segment on; returns the fragment it completed, if any. */
  private reassemble(frame: number, source: number, destination: number, payload: Uint8Array, out: Dnp3Record[]): Uint8Array | null {
    if (payload.length === 0) return null; // link-layer only (link status, ACK...): no fragment
    const key = `${source}>${destination}`;
    const reassembler = this.reassemblers.get(key) ?? new Reassembler(MAX_FRAGMENT);
    const result = reassembler.push(payload);
    this.hold(key, reassembler);
    if (result.kind === 'pending') return null;
    if (result.kind === 'error') out.push(errorRecord(frame, source, destination, result.code, result.message));
    if (!result.fragment) return null;
    out.push(fragmentRecord(frame, source, destination, result.fragment));
    this.sink?.unit?.(frame, result.fragment);
    return result.fragment;
  }

  /** Keeps a pair's reassembler while its fragment is pending (as the most recent), drops it once idle. */
  private hold(key: string, reassembler: Reassembler): void {
    this.reassemblers.delete(key);
    if (!reassembler.pending) return;
    this.reassemblers.set(key, reassembler);
    if (this.reassemblers.size <= MAX_PENDING_PAIRS) return;
    const oldest = this.reassemblers.keys().next().value as string;
    this.reassemblers.delete(oldest);
    this.droppedPartials++;
  }
}

function errorRecord(frame: number, source: number | null, destination: number | null, code: string, message: string): Dnp3Record {
  return { frame, protocol: 'dnp3', source, destination, function: null, objects: [], iin: null, summary: `error ${code}: ${message}`, error: code };
}

function fragmentRecord(frame: number, source: number, destination: number, fragment: Uint8Array): Dnp3Record {
  const parsed = parseFragment(fragment);
  if (!parsed.ok) {
    const fc = fragment.length >= 2 ? fragment[1]! : null;
    const record = errorRecord(frame, source, destination, parsed.error.code, parsed.error.message);
    return fc === null ? record : { ...record, function: fc, summary: `${functionName(fc)} error ${parsed.error.code}` };
  }
  const p = parsed.fragment;
  const record: Dnp3Record = {
    frame,
    protocol: 'dnp3',
    source,
    destination,
    function: p.function,
    objects: p.headers.map((h) => `g${h.group}v${h.variation}`),
    iin: p.iin === null ? null : ((p.iin & 0xff) << 8) | (p.iin >> 8),
    summary: fragmentSummary(p),
  };
  return p.error ? { ...record, error: p.error.code } : record;
}
