/**
 * What the Monitor tab shows: the start form's checks (the engine checks again), the frame
 * table's columns, and the words for directions, states and values.
 */
import { parseHostPort } from '../../../src-shared/monitor-address';
import type { MonitorRow, MonitorStartRequest, MonitorStatus, MonitorValueRow } from '../../stores/monitor';
import { integer, timeOfDay } from '../../util/format';
import type { TableColumn } from '../widgets/virtual-table';

/** The start form. */
export interface MonitorForm {
  listen: string;
  forward: string;
  protocol: 'auto' | 'dnp3' | 'iec104';
  /** Record the traffic as a pcap file (in the engine's data directory). */
  record: boolean;
}

/** A new form: a relay on the loopback port beside the standard DNP3 port. */
export function newMonitorForm(): MonitorForm {
  return { listen: '127.0.0.1:20001', forward: '127.0.0.1:20000', protocol: 'auto', record: true };
}

/** The request the form makes, or the first field that is wrong and why. */
export function monitorRequest(form: MonitorForm): { ok: true; request: MonitorStartRequest } | { ok: false; field: 'listen' | 'forward'; message: string } {
  const listen = parseHostPort(form.listen, true);
  if (!listen.ok) return { ok: false, field: 'listen', message: `Listen: ${listen.error.message}` };
  const forward = parseHostPort(form.forward);
  if (!forward.ok) return { ok: false, field: 'forward', message: `Forward to: ${forward.error.message}` };
  if (listen.value.host === forward.value.host && listen.value.port === forward.value.port) {
    return { ok: false, field: 'listen', message: 'Listen: the relay cannot listen on the address it forwards to' };
  }
  return { ok: true, request: { listen: form.listen.trim(), forward: form.forward.trim(), protocol: form.protocol, record: form.record } };
}

/** `→ master to outstation` / `← outstation to master`, never by colour alone. */
function directionText(direction: 'tx' | 'rx'): string {
  return direction === 'tx' ? '→ M to O' : '← O to M';
}

/** The frame table's columns. */
export const FRAME_COLUMNS: TableColumn<MonitorRow>[] = [
  { id: 'seq', label: '#', width: 60, numeric: true, text: (r) => String(r.seq), sort: (r) => r.seq },
  { id: 'packet', label: 'Packet', width: 64, numeric: true, text: (r) => String(r.frame), sort: (r) => r.frame },
  { id: 'time', label: 'Time', width: 112, numeric: true, text: (r) => timeOfDay(r.time), sort: (r) => r.time },
  { id: 'connection', label: 'Conn', width: 50, numeric: true, text: (r) => `c${r.connection}`, sort: (r) => r.connection },
  { id: 'direction', label: 'Dir', width: 90, text: (r) => directionText(r.direction) },
  { id: 'length', label: 'Bytes', width: 56, numeric: true, text: (r) => String(r.hex.length / 2), sort: (r) => r.hex.length },
  { id: 'summary', label: 'Summary', width: 460, text: (r) => (r.error ? `${r.summary} [${r.error}]` : r.summary), abnormal: (r) => r.error !== undefined },
];

/** A monitor's line in the list. */
export function monitorTitle(m: MonitorStatus): string {
  const protocol = m.protocol === null ? 'protocol not yet known' : m.protocol === 'dnp3' ? 'DNP3' : 'IEC 104';
  return `${m.listen} → ${m.forward} (${protocol})`;
}

/** A recorded pcap's size: `12,345 octets, 40 packets`. */
export function recordingSize(capture: NonNullable<MonitorStatus['capture']>): string {
  return `${integer(capture.bytes)} octets, ${integer(capture.packets)} packets`;
}

/** The monitored outstation's port, to decode its recorded file as the monitor's protocol (none while the protocol is unknown). */
export function recordingDecodeAs(m: MonitorStatus): Array<{ port: number; protocol: 'dnp3' | 'iec104' }> {
  const forward = parseHostPort(m.forward);
  return forward.ok && m.protocol !== null ? [{ port: forward.value.port, protocol: m.protocol }] : [];
}

/** A value as text: numbers as given, booleans as ON/OFF words. */
export function valueText(v: MonitorValueRow): string {
  if (typeof v.value === 'boolean') return v.value ? 'true (1)' : 'false (0)';
  return String(v.value);
}

/** Quality words that are not the normal ONLINE make a value abnormal. */
export function isAbnormal(v: MonitorValueRow): boolean {
  return v.quality.some((q) => q !== 'ONLINE');
}
