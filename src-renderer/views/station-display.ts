/** How a station's state, session and statistics read in the Stations view (text and icon, never colour alone). */
import type { StationStats, StationStatus } from '../stores/stations';

/** State icon and text. */
export const STATE_LABEL: Record<StationStatus['state'], { icon: string; text: string; abnormal: boolean }> = {
  disabled: { icon: '○', text: 'Disabled', abnormal: false },
  disconnected: { icon: '✕', text: 'Disconnected', abnormal: true },
  connecting: { icon: '◌', text: 'Connecting', abnormal: false },
  connected: { icon: '◐', text: 'Connected, starting', abnormal: false },
  ready: { icon: '●', text: 'Online', abnormal: false },
  backoff: { icon: '⟳', text: 'Waiting to reconnect', abnormal: true },
};

/** The protocol session's state: DNP3 IIN words, or IEC 104 STARTDT state. */
export function sessionText(station: StationStatus): string {
  if (station.protocol === 'iec104') {
    switch (station.protocolState) {
      case 'ready':
        return 'STARTDT confirmed';
      case 'starting':
        return 'STARTDT sent';
      case 'stopped':
        return 'STOPDT';
      default:
        return 'no session';
    }
  }
  const startup = station.protocolState === 'ready' ? 'startup done' : station.protocolState === 'starting' ? 'starting up' : station.protocolState === 'stopped' ? 'stopped' : 'no session';
  if (!station.iin) return startup;
  const words = station.iin.words.length ? station.iin.words.join(' ') : 'no IIN bits set';
  return `${startup}; IIN ${words}`;
}

/** Sum of the errors by kind. */
export function errorCount(stats: StationStats | undefined): number {
  return stats ? Object.values(stats.errors).reduce((a, b) => a + b, 0) : 0;
}

/** `12 / 40 / 95` ms (last / average / max), or empty. */
export function responseText(stats: StationStats | undefined): string {
  if (!stats || stats.lastResponseMs === null) return '';
  const f = (n: number | null) => (n === null ? '–' : Math.round(n).toString());
  return `${f(stats.lastResponseMs)} / ${f(stats.avgResponseMs)} / ${f(stats.maxResponseMs)}`;
}

/** Whether the station can be asked to connect (and not to disconnect). */
export function isOffline(station: StationStatus): boolean {
  return station.state === 'disconnected' || station.state === 'disabled';
}

/**
 * The serial line of a serial station as label/text rows for its details: the port and its
 * format, the outstations sharing it, the line's frames, errors and transactions. Empty for
 * other stations; one row saying so while the port is closed.
 */
export function serialLineRows(stats: StationStats | undefined): Array<[string, string]> {
  const line = stats?.serialLine;
  if (line === undefined) return [];
  if (line === null) return [['Serial port', 'closed (not connected)']];
  const n = (x: number): string => x.toLocaleString();
  return [
    ['Serial port', `${line.path} ${line.format}`],
    ['Outstations on the line', `${line.stations.join(', ')}${line.holder === null ? '' : ` (line held by ${line.holder})`}`],
    ['Line frames received / sent', `${n(line.framesRx)} / ${n(line.framesTx)}`],
    ['Line errors', `${n(line.crcErrors)} CRC, ${n(line.discardedOctets)} octets outside frames, ${n(line.unroutedFrames)} frames from other addresses`],
    ['Line transactions', `${n(line.transactions)}, ${n(line.holdTimeouts)} without answer; longest wait for the line ${Math.round(line.maxWaitMs)} ms`],
  ];
}

/**
 * The rows of a DNP3 station's Secure Authentication in its details: the user and the
 * session key status (in words when the keys are not in force), then what the master did.
 * Empty for stations without SA.
 */
export function secureAuthRows(stats: StationStats | undefined): Array<[string, string]> {
  const sa = stats?.secureAuth;
  if (!sa) return [];
  const keys = sa.keyStatus === 'OK' ? 'session keys in force (OK)' : `session keys not in force (${sa.keyStatus})`;
  const n = (x: number): string => x.toLocaleString();
  return [
    ['Secure Authentication', `user ${sa.user}, ${keys}`],
    ['SA exchanges', `${n(sa.keyChanges)} key changes, ${n(sa.challenges)} challenges answered, ${n(sa.aggressive)} aggressive-mode requests, ${n(sa.failures)} failures`],
  ];
}
