/**
 * The IEC 104 protocol-level probe of a connectivity check: TESTFR act/con round trips
 * (latency; a connection closed right after accept shows here), STARTDT act/con, a
 * general interrogation with object counts by type id (COT 46 = wrong common address),
 * and the time to first data.
 */
import type { Target } from '../target/target';
import { interrogate } from '../target/target-calls';
import { openTarget } from '../target/target-session';
import type { ProtocolProbeContext, ProtocolProbeResult, ProtocolStep } from '../connectivity';
import { latencyOf, probeLink } from './link-probe';
import { protocolDiagnosis } from './protocol-diagnosis';
import type { ProbeSettings } from './protocol-probe-dnp3';

const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Runs the IEC 104 probe against `target` over `context.endpoint`. */
export async function probeIec104(target: Target, context: ProtocolProbeContext, s: ProbeSettings): Promise<ProtocolProbeResult> {
  const steps: ProtocolStep[] = [];
  const problems: ProtocolProbeResult['problems'] = [];
  const result = (extra: Partial<ProtocolProbeResult> = {}): ProtocolProbeResult => ({
    status: problems.length > 0 ? 'failed' : 'passed',
    protocol: 'iec104',
    steps,
    problems,
    ...extra,
  });
  const link = await probeLink(context.endpoint, { kind: 'iec104' }, s.probes, s.timeoutMs);
  const latency = latencyOf(link.trips);
  steps.push({
    name: 'TESTFR act/con',
    ok: link.trips.length === s.probes,
    durationMs: link.trips[0] ? round(link.trips[0].ms) : null,
    detail: link.stop ? `${link.trips.length}/${s.probes} answered; ${link.stop.message}` : `${s.probes}/${s.probes} answered`,
  });
  if (link.trips.length === 0 && link.stop?.code === 'CLOSED') {
    problems.push(protocolDiagnosis({ code: 'CLOSED_AFTER_ACCEPT', message: `the station closed the connection right after accepting it (${link.stop.message})` }));
    return result();
  }
  const timing = { connectedAt: performance.now(), firstData: null as number | null };
  const opened = await openTarget(target, {
    endpoint: context.endpoint,
    timeoutMs: s.timeoutMs,
    onEvent: (e) => {
      if (e.type === 'points' && timing.firstData === null) timing.firstData = performance.now() - timing.connectedAt;
    },
  });
  if (!opened.ok) {
    steps.push({ name: 'STARTDT act/con', ok: false, durationMs: null, detail: opened.error.message });
    problems.push(protocolDiagnosis(opened.error));
    return result(latency ? { latency } : {});
  }
  const session = opened.value;
  try {
    timing.connectedAt = performance.now() - session.readyMs;
    steps.push({ name: 'STARTDT act/con', ok: true, durationMs: round(session.readyMs) });
    const gi = await interrogate(session, 2 * s.timeoutMs);
    let objectCounts: Record<string, number> | undefined;
    if (gi.ok) {
      objectCounts = {};
      for (const p of gi.value.points) objectCounts[p.type] = (objectCounts[p.type] ?? 0) + 1;
      steps.push({ name: `GI (CA ${target.commonAddress})`, ok: true, durationMs: round(gi.value.durationMs), detail: `${gi.value.points.length} objects` });
    } else {
      steps.push({ name: `GI (CA ${target.commonAddress})`, ok: false, durationMs: null, detail: gi.error.message });
      problems.push(protocolDiagnosis(gi.error));
    }
    steps.push({
      name: 'time to first data',
      ok: timing.firstData !== null,
      durationMs: timing.firstData === null ? null : round(timing.firstData),
      detail: timing.firstData === null ? 'no monitor data received' : 'from connect to the first monitor ASDU',
    });
    return result({ ...(latency ? { latency } : {}), ...(objectCounts ? { objectCounts } : {}) });
  } finally {
    await session.close();
  }
}
