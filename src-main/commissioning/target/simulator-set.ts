/**
 * Many simulated stations in one process (`sim dnp3|iec104 --stations K`), for scale tests:
 * K independent devices (each its own database and value changes) on K ports, consecutive
 * from the given port, or each a free port chosen by the system when the port is 0.
 */
import type { TransportError } from '../../transport/transport-error';
import { startSimulator, type Simulator, type SimulatorOptions } from './simulator';

/** Running simulators, in port order. */
export interface SimulatorSet {
  simulators: Simulator[];
  /** Closes every simulator. */
  close(): Promise<void>;
}

/** How many simulators are started at once (each binds one port). */
const STARTS_AT_ONCE = 64;

/**
 * Starts `count` simulators of `o`: on ports `o.port` .. `o.port + count - 1`, or on free
 * ports when `o.port` is 0. When one cannot listen, the ones started are closed and the
 * error names the port.
 */
export async function startSimulators(o: SimulatorOptions, count: number): Promise<{ ok: true; value: SimulatorSet } | { ok: false; error: TransportError }> {
  const simulators: Simulator[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(simulators.map((s) => s.close()));
  };
  for (let first = 0; first < count; first += STARTS_AT_ONCE) {
    const ports = Array.from({ length: Math.min(STARTS_AT_ONCE, count - first) }, (_, k) => (o.port === 0 ? 0 : o.port + first + k));
    const started = await Promise.all(ports.map((port) => startSimulator({ ...o, port })));
    for (const result of started) if (result.ok) simulators.push(result.value);
    const failed = started.findIndex((result) => !result.ok);
    if (failed >= 0) {
      await close();
      const error = (started[failed] as { ok: false; error: TransportError }).error;
      return { ok: false, error: { ...error, message: `port ${ports[failed]}: ${error.message}` } };
    }
  }
  return { ok: true, value: { simulators, close } };
}
