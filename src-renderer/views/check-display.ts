/**
 * Reads the parts of a connectivity report or a port sweep (carried as JSON in a check
 * record) that the Commissioning view shows: each stage's line, the protocol steps,
 * latency, object counts, device attributes, swept ports and problems with their advice.
 */

/** One protocol step as shown. */
export interface StepLine {
  name: string;
  ok: boolean;
  durationMs: number | null;
  detail: string;
}

/** A problem with its advice. */
export interface ProblemLine {
  code: string;
  message: string;
  advice: string[];
}

/** What the view shows of a report. */
export interface ReportView {
  stages: string[];
  steps: StepLine[];
  latency: string | null;
  objects: string | null;
  device: string | null;
  problems: ProblemLine[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function problem(d: Json): ProblemLine {
  return { code: text(d.code), message: text(d.message), advice: [...list(d.likelyCauses).map((c) => `likely: ${text(c)}`), ...list(d.checks).map((c) => `check: ${text(c)}`)] };
}

/** The displayable parts of a connectivity report. */
export function reportView(report: Json): ReportView {
  const dns = obj(report.dns);
  const connect = obj(report.connect);
  const tls = report.tls ? obj(report.tls) : null;
  const protocol = obj(report.protocol);
  const serial = report.serial ? obj(report.serial) : null;
  const network = serial
    ? [`Serial port: ${text(serial.path)} ${text(serial.format)} ${serial.ok ? 'opened' : 'failed'}`]
    : [dns.ok ? `DNS: ${list(dns.addresses).map((a) => text(obj(a).address)).join(', ')}` : `DNS: failed`, `TCP: ${text(connect.outcome) || 'not run'}`];
  const stages = [
    ...network,
    ...(tls ? [`TLS: ${tls.ok ? `${text(tls.protocol)} ${text(tls.cipher)}` : 'failed'}`] : []),
    `Protocol: ${text(protocol.status)}${protocol.reason ? ` (${text(protocol.reason)})` : ''}`,
  ];
  const latency = protocol.latency ? obj(protocol.latency) : null;
  const counts = protocol.objectCounts ? Object.entries(obj(protocol.objectCounts)) : [];
  const device = protocol.device ? Object.entries(obj(protocol.device)) : [];
  const problems = [
    ...[dns.diagnosis, connect.diagnosis, tls?.diagnosis, serial?.diagnosis].filter((d) => d !== undefined && d !== null).map((d) => problem(obj(d))),
    ...list(protocol.problems).map((d) => problem(obj(d))),
  ];
  return {
    stages,
    steps: list(protocol.steps).map((s) => {
      const step = obj(s);
      return { name: text(step.name), ok: step.ok === true, durationMs: typeof step.durationMs === 'number' ? step.durationMs : null, detail: text(step.detail) };
    }),
    latency: latency ? `${text(latency.probes)} probes: min ${text(latency.minMs)} ms, avg ${text(latency.avgMs)} ms, max ${text(latency.maxMs)} ms` : null,
    objects: counts.length ? counts.map(([k, v]) => `${k} ${text(v)}`).join(', ') : null,
    device: device.length ? device.map(([k, v]) => `${k}: ${text(v)}`).join(', ') : null,
    problems,
  };
}

/** One swept port as shown. */
export interface SweepLine {
  port: string;
  service: string;
  state: string;
  open: boolean;
  durationMs: number | null;
  note: string;
}

/** The rows of a port sweep report (kind `port-sweep`), or its DNS failure. */
export function sweepView(report: Json): { address: string | null; ports: SweepLine[]; problems: ProblemLine[] } {
  const ports = list(report.ports).map((p) => {
    const port = obj(p);
    const diagnosis = port.diagnosis ? obj(port.diagnosis) : null;
    return {
      port: `${text(port.port)}/${text(port.transport)}`,
      service: text(port.service),
      state: text(port.state),
      open: port.state === 'open',
      durationMs: typeof port.durationMs === 'number' ? port.durationMs : null,
      note: port.closedAfterAccept === true ? 'closed right after accepting' : diagnosis ? text(diagnosis.message) : '',
    };
  });
  return { address: report.address ? text(report.address) : null, ports, problems: report.dnsFailure ? [problem(obj(report.dnsFailure))] : [] };
}

/** The fields of a history record the list shows. */
export interface RecordFields {
  kind: 'check' | 'sweep' | 'security';
  ok: boolean;
  station: string | null;
  target: string;
  report: Json;
}

/** What a history row names: the station, else the ad-hoc target (or swept host). */
export function recordSubject(r: RecordFields, stationName: (id: string) => string): string {
  const subject = r.station ? stationName(r.station) : r.target;
  if (r.kind === 'sweep') return `Port sweep of ${subject}`;
  return r.kind === 'security' ? `Security check of ${subject}` : subject;
}

/** The verdict of a history row, in words (never by colour alone). */
export function recordVerdict(r: RecordFields): string {
  if (r.kind === 'check') return r.ok ? 'Answered' : 'Failed';
  if (r.kind === 'security') return r.ok ? 'No high findings' : 'High findings or not reached';
  if (r.report.dnsFailure) return 'DNS failed';
  const open = list(r.report.ports).filter((p) => obj(p).state === 'open').length;
  return open ? `${open} open` : 'None open';
}
