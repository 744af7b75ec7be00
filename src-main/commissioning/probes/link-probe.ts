/**
 * Protocol-level round trips on a connection of their own, below the application: DNP3
 * REQUEST_LINK_STATUS -> LINK_STATUS and IEC 104 TESTFR act -> TESTFR con. They measure
 * latency at the protocol level and show which link addresses answer.
 */
import { encodeLinkFrame, LinkFramer, LinkFunction } from '../../protocols/dnp3';
import { ApduFramer, decodeApci, encodeU } from '../../protocols/iec104';
import { dialEndpoint } from '../../transport/dial';
import type { Endpoint } from '../../transport/endpoint';
import type { TransportError } from '../../transport/transport-error';

/** One answered round trip. */
export interface RoundTrip {
  ms: number;
  /** DNP3: `source->destination` of the answer. */
  from?: string;
}

/** Outcome of a series of round trips. */
export interface LinkProbeResult {
  /** Answered round trips, in order. */
  trips: RoundTrip[];
  /** Why the series stopped early, if it did. */
  stop?: { code: 'CONNECT_FAILED' | 'NO_ANSWER' | 'CLOSED'; message: string; error?: TransportError };
}

/** What a protocol's probe sends and how it recognises the answer. */
export interface Exchange {
  request: Uint8Array;
  /** Feeds received bytes; returns the answer when complete. */
  feed(bytes: Uint8Array): RoundTrip | 'pending';
}

function dnp3Exchange(master: number, outstation: number): () => Exchange {
  const request = encodeLinkFrame({ dir: true, prm: true, func: LinkFunction.REQUEST_LINK_STATUS, destination: outstation, source: master });
  return () => {
    const framer = new LinkFramer();
    return {
      request,
      feed(bytes) {
        for (const item of framer.push(bytes)) {
          if (item.ok && !item.frame.prm && item.frame.func === LinkFunction.LINK_STATUS) {
            return { ms: 0, from: `${item.frame.source}->${item.frame.destination}` };
          }
        }
        return 'pending';
      },
    };
  };
}

function iec104Exchange(): () => Exchange {
  const request = encodeU('TESTFR_ACT');
  return () => {
    const framer = new ApduFramer();
    return {
      request,
      feed(bytes) {
        for (const frame of framer.push(bytes).frames) {
          const apci = decodeApci(frame);
          if (apci.ok && apci.value.format === 'U' && apci.value.fn === 'TESTFR_CON') return { ms: 0 };
        }
        return 'pending';
      },
    };
  };
}

/** The protocol's round trip (DNP3 link status with these addresses, IEC 104 TESTFR): a fresh exchange per call. */
export function exchangeOf(protocol: LinkProtocol): () => Exchange {
  return protocol.kind === 'dnp3' ? dnp3Exchange(protocol.master, protocol.outstation) : iec104Exchange();
}

/** Which protocol a link probe speaks, with the DNP3 link addresses. */
export type LinkProtocol = { kind: 'dnp3'; master: number; outstation: number } | { kind: 'iec104' };

/**
 * Opens `endpoint` and runs `count` round trips of DNP3 link status (`protocol` dnp3,
 * with the link addresses) or IEC 104 TESTFR, each waiting at most `timeoutMs`.
 */
export async function probeLink(
  endpoint: Endpoint,
  protocol: LinkProtocol,
  count: number,
  timeoutMs: number,
): Promise<LinkProbeResult> {
  if (endpoint.kind === 'tcp-listen') return { trips: [], stop: { code: 'CONNECT_FAILED', message: 'a listening endpoint cannot be probed' } };
  const dialled = await dialEndpoint(endpoint);
  if (!dialled.ok) return { trips: [], stop: { code: 'CONNECT_FAILED', message: dialled.error.message, error: dialled.error } };
  const conn = dialled.value;
  const make = exchangeOf(protocol);
  let current: { exchange: Exchange; sentAt: number; resolve: (r: RoundTrip | 'timeout' | 'closed') => void } | null = null;
  let closed: TransportError | null = null;
  conn.start({
    onData: (bytes) => {
      if (!current) return;
      const answer = current.exchange.feed(bytes);
      if (answer !== 'pending') current.resolve({ ...answer, ms: performance.now() - current.sentAt });
    },
    onClose: (error) => {
      closed = error;
      current?.resolve('closed');
    },
  });
  const trips: RoundTrip[] = [];
  let stop: LinkProbeResult['stop'];
  for (let i = 0; i < count && !stop; i++) {
    const exchange = make();
    const outcome = await new Promise<RoundTrip | 'timeout' | 'closed'>((resolve) => {
      if (closed) return resolve('closed');
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      current = { exchange, sentAt: performance.now(), resolve: (r) => (clearTimeout(timer), resolve(r)) };
      conn.write(exchange.request);
    });
    current = null;
    if (outcome === 'timeout') stop = { code: 'NO_ANSWER', message: `no answer within ${timeoutMs} ms` };
    else if (outcome === 'closed') stop = { code: 'CLOSED', message: `the device closed the connection (${closed!.message})`, error: closed! };
    else trips.push(outcome);
  }
  conn.destroy();
  return stop ? { trips, stop } : { trips };
}

/** min/avg/max of the round trips, rounded to 0.01 ms; null when none. */
export function latencyOf(trips: readonly RoundTrip[]): { probes: number; minMs: number; avgMs: number; maxMs: number } | null {
  if (trips.length === 0) return null;
  const ms = trips.map((t) => t.ms);
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { probes: ms.length, minMs: round(Math.min(...ms)), avgMs: round(ms.reduce((a, b) => a + b, 0) / ms.length), maxMs: round(Math.max(...ms)) };
}
