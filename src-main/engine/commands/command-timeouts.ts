/**
 * How long the engine waits on a station's session between two stages of a command before
 * its own backstop timer ends the command as TIMEOUT. The wait has to outlast the
 * protocol's own timeouts for the next stage (a DNP3 response and the feedback window
 * after the operate echo; the IEC 104 ACTCON and ACTTERM), or a slow but successful device
 * would be reported as timed out.
 */
import type { StationConfig } from '../../../src-shared/workspace/station';

/** IEC 104: most ms from an execute command to its ACTCON (set on the master session). */
export const IEC104_EXECUTE_TIMEOUT_MS = 10_000;
/** IEC 104, activation termination `expected`: most ms from the execute ACTCON to ACTTERM, e.g. a motor-driven switch (set on the master session). */
export const IEC104_TERM_TIMEOUT_MS = 30_000;
/** The least the engine waits for the next stage of any command. */
const MIN_STAGE_WAIT_MS = 15_000;

/** The longest the station's session may take from one command stage to the next. */
export function commandStageWaitMs(station: StationConfig): number {
  const protocolMs = station.protocol === 'dnp3' ? Math.max(station.dnp3.responseTimeoutMs, station.dnp3.feedbackWindowMs) : iec104StageWaitMs(station.iec104);
  return Math.max(MIN_STAGE_WAIT_MS, protocolMs);
}

/** IEC 104: the ACTCON wait, or the ACTTERM wait after it when that is longer. */
function iec104StageWaitMs(c: StationConfig['iec104']): number {
  const termMs = c.actTerm === 'expected' ? IEC104_TERM_TIMEOUT_MS : c.actTerm === 'auto' ? c.actTermWindowMs : 0;
  return Math.max(IEC104_EXECUTE_TIMEOUT_MS, termMs);
}
