/**
 * Commands in the point's own words: an action reads as what it does to the point, from
 * the point's state labels ("Close", "Open"), with the protocol's term as secondary detail
 * ("CROB CLOSE, pulse 1000 ms"); a feedback value reads as the point's state label.
 */
import { number } from '../../util/format';

/** A station's protocol. */
type Protocol = 'dnp3' | 'iec104';
/** A point's state labels: raw value as text -> label. */
type StateLabels = Readonly<Record<string, string>>;

/** The protocol's own term for each action. */
const PROTOCOL_TERMS: Record<Protocol, Record<string, string>> = {
  dnp3: { on: 'CROB LATCH_ON', off: 'CROB LATCH_OFF', pulseOn: 'CROB PULSE_ON', pulseOff: 'CROB PULSE_OFF', trip: 'CROB TRIP', close: 'CROB CLOSE', nul: 'CROB NUL', setpoint: 'analog output g41', step: 'step' },
  iec104: { on: 'single command ON', off: 'single command OFF', pulseOn: 'single command ON, short pulse', pulseOff: 'single command OFF, short pulse', trip: 'double command OFF', close: 'double command ON', setpoint: 'set-point command', step: 'regulating step command' },
};

/** What an action is called when the point has no state label for it. */
const PLAIN: Record<string, string> = { on: 'On', off: 'Off', pulseOn: 'Pulse on', pulseOff: 'Pulse off', trip: 'Trip', close: 'Close', nul: 'NUL, operates nothing', setpoint: 'Set value', step: 'Raise / lower' };

/** Imperatives of common state labels ("Closed" -> "Close"); other labels read "Set <label>". */
const VERBS: Record<string, string> = {
  closed: 'Close',
  close: 'Close',
  open: 'Open',
  opened: 'Open',
  on: 'Switch on',
  off: 'Switch off',
  tripped: 'Trip',
  started: 'Start',
  running: 'Start',
  stopped: 'Stop',
  enabled: 'Enable',
  disabled: 'Disable',
  raised: 'Raise',
  lowered: 'Lower',
};

/** Actions that drive a point towards its "on" state, and those towards "off". */
const TOWARDS_ON = new Set(['on', 'pulseOn', 'close']);
const TOWARDS_OFF = new Set(['off', 'pulseOff', 'trip']);

/** The protocol's term for an action on a station of `protocol`. */
export function protocolTerm(protocol: Protocol, action: string): string {
  return PROTOCOL_TERMS[protocol][action] ?? action;
}

/**
 * The state an action drives the point to, as a key of its state labels: 1 / 0 for a
 * single point, 2 (on, closed) / 1 (off, open) when the labels are of a double point.
 */
export function targetState(action: string, labels: StateLabels): string | null {
  const double = '2' in labels || '3' in labels;
  if (TOWARDS_ON.has(action)) return double ? '2' : '1';
  if (TOWARDS_OFF.has(action)) return double ? '1' : '0';
  return null;
}

/** The imperative for reaching a state label ("Closed" -> "Close"). */
export function verbFor(label: string): string {
  return VERBS[label.trim().toLowerCase()] ?? `Set ${label}`;
}

/** An action in the point's words, and the protocol detail that goes with it. */
export interface ActionWords {
  /** What it does to the point: "Close", "Pulse close", or the plain action name. */
  main: string;
  /** The protocol term and its parameters: "CROB CLOSE, pulse 1000 ms". */
  detail: string;
}

/** How an action reads for a point with `labels` (pulse times when known). */
export function actionWords(protocol: Protocol, action: string, labels: StateLabels, pulse?: { onMs: number }): ActionWords {
  const state = targetState(action, labels);
  const label = state === null ? undefined : labels[state];
  const pulsed = action === 'pulseOn' || action === 'pulseOff';
  const verb = label === undefined ? undefined : verbFor(label);
  const main = verb === undefined ? (PLAIN[action] ?? action) : pulsed ? `Pulse ${verb.toLowerCase()}` : verb;
  const timed = pulse !== undefined && (pulsed || (protocol === 'dnp3' && (action === 'trip' || action === 'close')));
  return { main, detail: timed ? `${protocolTerm(protocol, action)}, pulse ${pulse.onMs} ms` : protocolTerm(protocol, action) };
}

/** An action as one line: "Close (CROB CLOSE, pulse 1000 ms)". */
export function actionLine(protocol: Protocol, action: string, labels: StateLabels, pulse?: { onMs: number }): string {
  const words = actionWords(protocol, action, labels, pulse);
  return `${words.main} (${words.detail})`;
}

/** A feedback or reported value as the point shows it: its state label, or the number with its unit. */
export function feedbackText(value: number | boolean | string, labels: StateLabels, unit = ''): string {
  const key = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  const label = labels[key];
  if (label !== undefined) return label;
  if (typeof value === 'number') return unit ? `${number(value)} ${unit}` : number(value);
  return String(value);
}

/**
 * The mark of a finished command's outcome: ✔ confirmed, ✖ failed or refused, ➜ sent
 * without acknowledgement (DNP3 direct-no-ack: SENT, which nothing confirms).
 */
export function outcomeMark(ok: boolean, result: string): string {
  if (result === 'SENT') return '➜ ';
  return ok ? '✔ ' : '✖ ';
}
