/**
 * Records a session with a target as a pcap file: the master's startup, a general
 * interrogation / integrity poll, then whatever the device reports (unsolicited /
 * spontaneous) until the duration ends or the caller stops it. Synthetic TCP/UDP headers
 * carry the real addresses and ports (the transport's PcapRecorder), except that TLS
 * cleartext is written with the protocol's cleartext port (capture-ports.ts).
 */
import { PcapRecorder } from '../transport/pcap-recorder';
import { capturePorts, type CapturePorts } from '../protocols/capture';

export { capturePorts, capturePortsNote } from '../protocols/capture';
import { interrogate } from './target/target-calls';
import { openTarget } from './target/target-session';
import type { Target, TargetError, TargetResult } from './target/target';

/** What a capture recorded. */
export interface CaptureSummary {
  file: string;
  /** Packets written, including synthetic handshakes and FINs. */
  packets: number;
  seconds: number;
  /** The interrogation at the start: points reported, or why it failed. */
  interrogation: { ok: true; points: number } | { ok: false; error: TargetError };
  /** Set when the connection was lost before the end. */
  lost?: TargetError;
  /** The device's port as written, and the tshark option the file needs, if any. */
  ports: CapturePorts;
}

/** Why a capture could not be written at all. */
export interface CaptureFileError {
  /** NOT_SUPPORTED: a serial target (its traffic has no IP flow for a pcap file). */
  code: 'CANNOT_WRITE' | 'NOT_SUPPORTED';
  message: string;
}

/** Options of a capture. */
export interface CaptureOptions {
  /** Output pcap path. */
  out: string;
  /** Stop after this long; without it, only `until` stops the capture. */
  durationMs?: number;
  /** Resolves when the caller wants to stop (e.g. Ctrl+C). */
  until?: Promise<void>;
  /** Connect and answer timeout; default 5000 ms. */
  timeoutMs?: number;
}

/**
 * Runs a capture. A connection or protocol failure of the target still leaves a pcap of
 * what was exchanged, and comes back as `target` error.
 */
export async function captureTarget(
  target: Target,
  o: CaptureOptions,
): Promise<{ ok: true; value: CaptureSummary } | { ok: false; error: CaptureFileError } | { ok: false; target: TargetError; packets: number }> {
  if (target.transport === 'serial') return { ok: false, error: { code: 'NOT_SUPPORTED', message: 'capture: a serial line is not written to pcap (its frames have no IP flow); use the Analyzer of a serial station' } };
  const ports = capturePorts({ ...target, transport: target.transport });
  const opened = await PcapRecorder.open(o.out, ports.written === ports.real ? {} : { rewritePorts: { [ports.real]: ports.written } });
  if (!opened.ok) return { ok: false, error: { code: 'CANNOT_WRITE', message: `cannot write ${o.out}: ${opened.error.message}` } };
  const recorder = opened.value;
  const started = performance.now();
  const session = await openTarget(target, { timeoutMs: o.timeoutMs ?? 5000, unsolicited: true, onBytes: recorder.tap });
  if (!session.ok) {
    await recorder.close();
    return { ok: false, target: session.error, packets: recorder.packetCount };
  }
  const s = session.value;
  let lost: TargetError | undefined;
  let gi: TargetResult<{ points: unknown[] }>;
  try {
    gi = await interrogate(s, 2 * (o.timeoutMs ?? 5000));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stops: Array<Promise<unknown>> = [s.lost.then((e) => (lost = e))];
    if (o.durationMs !== undefined) stops.push(new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, o.durationMs! - (performance.now() - started))))));
    if (o.until) stops.push(o.until);
    await Promise.race(stops);
    clearTimeout(timer);
  } finally {
    await s.close();
    await recorder.close();
  }
  const summary: CaptureSummary = {
    file: o.out,
    packets: recorder.packetCount,
    seconds: (performance.now() - started) / 1000,
    interrogation: gi.ok ? { ok: true, points: gi.value.points.length } : { ok: false, error: gi.error },
    ...(lost ? { lost } : {}),
    ports,
  };
  return { ok: true, value: summary };
}
