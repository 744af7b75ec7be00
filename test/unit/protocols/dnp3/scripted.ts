/** A scripted peer for master session tests: decodes what the master sent and crafts replies. */
import { parseFragment, type ParsedFragment } from '../../../../src-main/protocols/dnp3/app/fragment';
import { FragmentWriter } from '../../../../src-main/protocols/dnp3/app/writer';
import { LinkFramer } from '../../../../src-main/protocols/dnp3/link/framer';
import { encodeLinkFrame } from '../../../../src-main/protocols/dnp3/link/frame';
import { Reassembler } from '../../../../src-main/protocols/dnp3/transport/reassembler';
import { segmentFragment } from '../../../../src-main/protocols/dnp3/transport/segments';
import type { Driven } from './harness';

/** Decodes every fragment in `bytes` (link frames). */
export function requestsIn(chunks: Uint8Array[]): ParsedFragment[] {
  const framer = new LinkFramer();
  const re = new Reassembler(65536);
  const out: ParsedFragment[] = [];
  for (const c of chunks) {
    for (const item of framer.push(c)) {
      if (!item.ok || !item.frame.prm || item.frame.payload.length === 0) continue;
      const r = re.push(item.frame.payload);
      if (r.kind === 'fragment') {
        const p = parseFragment(r.fragment);
        if (p.ok) out.push(p.fragment);
      }
    }
  }
  return out;
}

/** Link frames carrying a fragment from outstation 10 to master 1, transport seq from `tseq`. */
export function framesFromOutstation(fragment: Uint8Array, tseq = 0): Uint8Array[] {
  return segmentFragment(fragment, tseq).segments.map((payload) => encodeLinkFrame({ dir: false, prm: true, func: 4, destination: 1, source: 10, payload }));
}

/** A response fragment. */
export function response(seq: number, iin: number, body: (w: FragmentWriter) => void = () => undefined, opts: { fir?: boolean; fin?: boolean; con?: boolean; uns?: boolean } = {}): Uint8Array {
  const w = new FragmentWriter(4096);
  w.response({ fir: opts.fir ?? true, fin: opts.fin ?? true, con: opts.con ?? false, uns: opts.uns ?? false, seq }, opts.uns ? 130 : 129, iin);
  body(w);
  return w.finish();
}

/** Tracks what the master sent and answers it. */
export class ScriptedOutstation {
  private seen = 0;
  private tseq = 0;
  constructor(private readonly master: Driven) {
    master.deliver = false;
  }

  /** Requests sent since the last call. */
  take(): ParsedFragment[] {
    const all = requestsIn(this.master.sent);
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh;
  }

  /** Sends a fragment to the master. */
  send(fragment: Uint8Array): void {
    const { segments, nextSeq } = segmentFragment(fragment, this.tseq);
    this.tseq = nextSeq;
    for (const payload of segments) this.master.step({ kind: 'rx', bytes: encodeLinkFrame({ dir: false, prm: true, func: 4, destination: 1, source: 10, payload }) });
  }

  /** Answers the master's latest request with a null response (IIN given). */
  ack(iin = 0): ParsedFragment {
    const r = this.take().at(-1)!;
    this.send(response(r.control.seq, iin));
    return r;
  }
}

