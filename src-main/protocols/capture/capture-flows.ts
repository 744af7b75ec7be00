/**
 * The TCP/UDP flows of a capture being decoded, each one direction of a connection with
 * its TCP reassembly and its protocol's stream decoder. The table is bounded: at most
 * {@link MAX_OPEN_FLOWS} flows are followed at once; beyond that the flow heard from least
 * recently is closed early (what its TCP reassembly still holds is decoded first). How
 * often a bound was reached is reported as the capture's warnings.
 */
import type { DirectionReassembler, DirectionStats, StreamChunk } from '../pcap';
import type { DecodedRecord } from './decoded-record';
import { MAX_PENDING_PAIRS, Dnp3StreamDecoder } from './dnp3-stream';
import type { Iec104StreamDecoder } from './iec104-stream';

/** Flows (one direction of a connection each) followed at once. */
export const MAX_OPEN_FLOWS = 1024;

/** One direction of a connection (or a UDP flow) being decoded. */
export interface FlowState {
  /** The direction put back in order (pcap's reassembly); null for UDP. */
  stream: DirectionReassembler | null;
  decoder: Dnp3StreamDecoder | Iec104StreamDecoder;
}

/** Decodes reassembled chunks; a gap (lost segment) drops the decoder's partial frame. */
export function decodeChunks(flow: FlowState, chunks: readonly StreamChunk[], records: DecodedRecord[]): void {
  for (const chunk of chunks) {
    if (chunk.gapBefore) flow.decoder.reset();
    if (chunk.bytes.length > 0) records.push(...flow.decoder.push(chunk.frame, chunk.bytes));
  }
}

/** The bounded flow table of one decode; records of flushed flows go to `records`. */
export class FlowTable {
  /** Flows, least recently heard first (Map insertion order). */
  private readonly flows = new Map<string, FlowState>();
  private closedEarly = 0;
  private droppedPartials = 0;
  /** TCP reassembly counters of the flows closed so far. */
  private readonly closedStats: DirectionStats = { retransmissions: 0, outOfOrder: 0, gaps: 0 };

  constructor(private readonly records: DecodedRecord[]) {}

  /** The flow of `key` (made by `create` when new), now the most recently heard. */
  use(key: string, create: () => FlowState): FlowState {
    const flow = this.flows.get(key) ?? create();
    this.flows.delete(key);
    this.flows.set(key, flow);
    if (this.flows.size > MAX_OPEN_FLOWS) {
      const [oldestKey, oldest] = this.flows.entries().next().value as [string, FlowState];
      this.flows.delete(oldestKey);
      this.close(oldest);
      this.closedEarly++;
    }
    return flow;
  }

  /** End of capture: decodes what every flow's reassembly still holds. */
  finish(): void {
    for (const flow of this.flows.values()) this.close(flow);
    this.flows.clear();
  }

  /** The bounds reached, in words (`CODE: message`, like the file's own warnings). */
  warnings(): string[] {
    const out: string[] = [];
    if (this.closedEarly > 0) {
      out.push(
        `FLOW_LIMIT: more than ${MAX_OPEN_FLOWS} flows were open at once; ${this.closedEarly} flow(s) heard from least recently were closed early, and a frame they had only partly received was not decoded`,
      );
    }
    if (this.droppedPartials > 0) {
      out.push(
        `REASSEMBLY_LIMIT: more than ${MAX_PENDING_PAIRS} DNP3 link address pairs had a fragment in progress at once in one flow; ${this.droppedPartials} partial fragment(s) of the pairs heard from least recently were dropped`,
      );
    }
    return out;
  }

  /** TCP reassembly counters over every flow: retransmitted and out-of-order segments, gaps. */
  stats(): DirectionStats {
    const total = { ...this.closedStats };
    for (const flow of this.flows.values()) if (flow.stream) addStats(total, flow.stream.stats);
    return total;
  }

  private close(flow: FlowState): void {
    if (flow.stream) {
      decodeChunks(flow, flow.stream.flush(), this.records);
      addStats(this.closedStats, flow.stream.stats);
    }
    if (flow.decoder instanceof Dnp3StreamDecoder) this.droppedPartials += flow.decoder.droppedPartials;
  }
}

function addStats(into: DirectionStats, add: DirectionStats): void {
  into.retransmissions += add.retransmissions;
  into.outOfOrder += add.outOfOrder;
  into.gaps += add.gaps;
}
