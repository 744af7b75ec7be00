/**
 * The DNP3 protocol-level probe of a connectivity check: REQUEST_LINK_STATUS round trips
 * (latency and who answers), the master startup, an integrity poll (IIN and class 0 with
 * object counts by type) and the device attributes (g0) where the device reports them.
 */
import type { SessionEvent } from '../../../src-shared/session';
import { interrogate } from '../target/target-calls';
import { openTarget } from '../target/target-session';
import type { Target } from '../target/target';
import type { ProtocolProbeContext, ProtocolProbeResult, ProtocolStep } from '../connectivity';
import { latencyOf, probeLink } from './link-probe';
import { protocolDiagnosis } from './protocol-diagnosis';

/** Probe settings. */
export interface ProbeSettings {
  /** Round trips for the latency figures. */
  probes: number;
  /** Answer timeout per exchange. */
  timeoutMs: number;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

function countByType(points: ReadonlyArray<{ type: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of points) counts[p.type] = (counts[p.type] ?? 0) + 1;
  return counts;
}

/** Runs the DNP3 probe against `target` over `context.endpoint`. */
export async function probeDnp3(target: Target, context: ProtocolProbeContext, s: ProbeSettings): Promise<ProtocolProbeResult> {
  const steps: ProtocolStep[] = [];
  const problems: ProtocolProbeResult['problems'] = [];
  const result = (extra: Partial<ProtocolProbeResult> = {}): ProtocolProbeResult => ({
    status: problems.length > 0 ? 'failed' : 'passed',
    protocol: 'dnp3',
    steps,
    problems,
    ...extra,
  });
  const expected = `${target.outstationAddress}->${target.masterAddress}`;
  const link = await probeLink(context.endpoint, { kind: 'dnp3', master: target.masterAddress, outstation: target.outstationAddress }, s.probes, s.timeoutMs);
  const latency = latencyOf(link.trips);
  const answeredBy = [...new Set(link.trips.map((t) => t.from))];
  steps.push({
    name: 'REQUEST_LINK_STATUS',
    ok: link.trips.length > 0 && answeredBy.every((f) => f === expected),
    durationMs: link.trips[0] ? round(link.trips[0].ms) : null,
    detail: link.trips.length > 0 ? `LINK_STATUS ${answeredBy.join(', ')} (${link.trips.length}/${s.probes} answered)` : (link.stop?.message ?? 'no answer'),
  });
  if (answeredBy.some((f) => f !== expected)) {
    problems.push(protocolDiagnosis({ code: 'WRONG_ADDRESS', message: `wrong address: expected LINK_STATUS ${expected}, the device answered ${answeredBy.join(', ')}` }));
  }
  const seen: { iin: Extract<SessionEvent, { type: 'iin' }> | null } = { iin: null };
  const opened = await openTarget(target, {
    endpoint: context.endpoint,
    timeoutMs: s.timeoutMs,
    onEvent: (e) => {
      if (e.type === 'iin') seen.iin = e;
    },
  });
  if (!opened.ok) {
    steps.push({ name: 'startup', ok: false, durationMs: null, detail: opened.error.message });
    if (!problems.some((p) => p.code === opened.error.code)) problems.push(protocolDiagnosis(opened.error));
    return result(latency ? { latency } : {});
  }
  const session = opened.value;
  try {
    steps.push({ name: 'startup', ok: true, durationMs: round(session.readyMs), detail: 'DISABLE_UNSOLICITED and startup integrity poll answered' });
    const poll = await interrogate(session, 2 * s.timeoutMs);
    let objectCounts: Record<string, number> | undefined;
    if (poll.ok) {
      objectCounts = countByType(poll.value.points);
      const words = seen.iin?.words ?? [];
      steps.push({ name: 'integrity poll (IIN, class 0)', ok: true, durationMs: round(poll.value.durationMs), detail: `${poll.value.points.length} objects; IIN [${words.join(',')}]` });
    } else {
      steps.push({ name: 'integrity poll (IIN, class 0)', ok: false, durationMs: null, detail: poll.error.message });
      problems.push(protocolDiagnosis(poll.error));
    }
    const started = performance.now();
    const answer = session.waitFor((e) => (e.type === 'attributes' ? e.attributes : e.type === 'response' && e.id === 'check-g0' && !e.ok ? null : undefined), s.timeoutMs, 'g0 answer');
    session.call({ op: 'dnp3.readAttributes', id: 'check-g0' });
    const attrs = await answer;
    const device = attrs.ok && attrs.value !== null && Object.keys(attrs.value).length > 0 ? attrs.value : undefined;
    steps.push({
      name: 'device attributes (g0)',
      ok: device !== undefined,
      durationMs: device ? round(performance.now() - started) : null,
      detail: device ? `${Object.keys(device).length} attributes` : 'not reported by the device',
    });
    return result({ ...(latency ? { latency } : {}), ...(objectCounts ? { objectCounts } : {}), ...(device ? { device } : {}) });
  } finally {
    await session.close();
  }
}
