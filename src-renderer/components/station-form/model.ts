/**
 * The station form's model: a draft of a station configuration validated by the same
 * valibot schema the engine uses (src-shared/workspace), with each issue keyed by the
 * dotted path of the field that shows it (`iec104.redundancy.1.port`).
 */
import * as v from 'valibot';
import { updateKeyProblem } from '../../../src-shared/update-key';
import { SerialSettings } from '../../../src-shared/workspace/serial-line';
import { ActionName, CommandPolicy, Dnp3Settings, ENTERED_KEY_ID, Iec104Settings, NetworkTransport, StationConfig, type StationConfigInput } from '../../../src-shared/workspace/station';
import { issueField, issueText } from './issue-text';

type TransportInput = StationConfigInput['transport'];
type NetworkInput = v.InferInput<typeof NetworkTransport>;
type TlsInput = NonNullable<NetworkInput['tls']>;
type SerialInput = v.InferInput<typeof SerialSettings>;
type Dnp3Input = NonNullable<StationConfigInput['dnp3']>;
type Iec104Input = NonNullable<StationConfigInput['iec104']>;
/** A command policy as written (defaults may be left out). */
export type CommandPolicyInput = NonNullable<StationConfigInput['commands']>[number];
/** One endpoint of an IEC 104 redundancy group. */
export type EndpointInput = NonNullable<Iec104Input['redundancy']>[number];
/** One DNP3 event class poll. */
export type ClassPollInput = NonNullable<Dnp3Input['classPolls']>[number];
/** A command action name. */
export type ActionName = v.InferOutput<typeof ActionName>;

/**
 * A draft with every section the form edits present. The network fields, the TLS files and
 * the serial line are always there (so switching the transport and back keeps them); only
 * those of the chosen transport are sent.
 */
export type StationDraft = Omit<StationConfigInput, 'transport'> & {
  transport: Omit<NetworkInput, 'kind'> & { kind: TransportInput['kind']; tls: TlsInput; serial: SerialInput };
  dnp3: Dnp3Input;
  iec104: Iec104Input;
  commands: CommandPolicyInput[];
};

/** Errors by field path (`transport.port`); issues without a path go under `''`. */
export type FieldErrors = Record<string, string>;

/** Every command action, in the order the form lists them. */
export const ACTIONS: readonly ActionName[] = ActionName.options;

/** The transports a protocol may use, with their labels. */
export function transportKinds(protocol: StationDraft['protocol']): { value: TransportInput['kind']; label: string }[] {
  const kinds: { value: TransportInput['kind']; label: string }[] = [
    { value: 'tcp', label: 'TCP client' },
    { value: 'tls', label: 'TLS client' },
  ];
  if (protocol === 'dnp3') {
    kinds.push({ value: 'udp', label: 'UDP' }, { value: 'tcp-listen', label: 'TCP listen (outstation dials in)' }, { value: 'serial', label: 'Serial (RS-232/485)' });
  }
  return kinds;
}

const emptyTls = (): TlsInput => ({ caFile: '', certFile: '', keyFile: '' });
const emptySerial = (): SerialInput => ({ ...v.parse(SerialSettings, { path: '-' }), path: '' });

/** The schema's defaults by section, so the form shows the values the engine would use. */
const DEFAULTS = {
  transport: { connectTimeoutMs: v.getDefault(NetworkTransport.entries.connectTimeoutMs), reconnectDelayMs: v.getDefault(NetworkTransport.entries.reconnectDelayMs) },
  serial: v.parse(SerialSettings, { path: '-' }),
  dnp3: v.parse(Dnp3Settings, {}),
  iec104: v.parse(Iec104Settings, {}),
  commands: { mode: v.getDefault(CommandPolicy.entries.mode), pulseOnMs: v.getDefault(CommandPolicy.entries.pulseOnMs), pulseOffMs: v.getDefault(CommandPolicy.entries.pulseOffMs) },
};

/** A new station's draft: a DNP3 TCP client of 127.0.0.1:20000 with the schema's defaults. */
export function newStationDraft(): StationDraft {
  return draftFrom({ id: '', name: '', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 } });
}

/**
 * A draft of a station (a deep copy: editing it leaves the original alone), with every
 * setting it leaves out filled in with the schema's default.
 */
export function draftFrom(config: StationConfigInput): StationDraft {
  const copy = structuredClone(config);
  const defaults = structuredClone(DEFAULTS);
  return {
    ...copy,
    description: copy.description ?? '',
    enabled: copy.enabled ?? true,
    transport: draftTransport(copy.transport, defaults.transport),
    dnp3: { ...defaults.dnp3, ...copy.dnp3 },
    iec104: { ...defaults.iec104, ...copy.iec104 },
    commands: (copy.commands ?? []).map((policy) => ({ ...defaults.commands, ...policy })),
  };
}

/** Every transport field present: a serial station's draft keeps an empty host, a network one the default line. */
function draftTransport(t: TransportInput, defaults: (typeof DEFAULTS)['transport']): StationDraft['transport'] {
  if (t.kind === 'serial') return { ...defaults, host: '', port: 20000, tls: emptyTls(), ...t, serial: { ...emptySerial(), ...t.serial } };
  return { ...defaults, ...t, tls: t.tls ?? emptyTls(), serial: emptySerial() };
}

/** `default N` for a numeric setting the schema has a default for (`iec104.t1Ms`, `commands.0.pulseOnMs`). */
export function defaultHint(path: string): string | undefined {
  const [section = '', ...rest] = path.split('.');
  const key = section === 'commands' || (section === 'transport' && rest[0] === 'serial') ? rest[1] : rest[0];
  const group = section === 'transport' && rest[0] === 'serial' ? 'serial' : section;
  const value = group in DEFAULTS && key !== undefined ? (DEFAULTS[group as keyof typeof DEFAULTS] as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' ? `default ${value}` : undefined;
}

/**
 * The configuration a draft stands for: TLS files only for a TLS transport, a serial line
 * only (with the reconnect delay) for a serial one, and fields left empty (undefined) left
 * out so the schema's defaults apply.
 */
export function stationFromDraft(draft: StationDraft): StationConfigInput {
  const { tls, serial, kind, ...network } = draft.transport;
  const transport: TransportInput =
    kind === 'serial' ? { kind, serial, reconnectDelayMs: network.reconnectDelayMs } : kind === 'tls' ? { ...network, kind, tls } : { ...network, kind };
  return withoutUndefined({ ...draft, transport });
}

function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  return Object.fromEntries(entries.map(([key, field]) => [key, withoutUndefined(field)])) as T;
}

/**
 * Validates a draft; the configuration to save or the errors by field. `enteredKey`: an SA
 * update key typed or read from a file in this form (hex), which the engine stores when the
 * station is saved; the station is checked as if it named that key (see ENTERED_KEY_ID).
 */
export function validateStation(draft: StationDraft, enteredKey: string | null = null): { ok: true; value: StationConfigInput } | { ok: false; errors: FieldErrors } {
  const config = stationFromDraft(draft);
  const sa = config.protocol !== 'iec104' ? config.dnp3?.secureAuth : undefined;
  const keyed = sa && enteredKey !== null ? { ...config, dnp3: { ...config.dnp3, secureAuth: { ...sa, keyFile: undefined, storedKey: { id: ENTERED_KEY_ID, fingerprint: '' } } } } : config;
  const result = v.safeParse(StationConfig, withoutUndefined(keyed));
  const errors: FieldErrors = {};
  const keyProblem = sa && enteredKey !== null ? updateKeyProblem(enteredKey) : null;
  if (keyProblem) errors[UPDATE_KEY_PATH] = keyProblem;
  for (const issue of result.success ? [] : result.issues) {
    const field = issueField(issue);
    // With the key kept by the host there is no key file field: the key's own field says it is missing.
    errors[field === 'dnp3.secureAuth.keyFile' && sa?.keyFile === undefined ? UPDATE_KEY_PATH : field] ??= issueText(issue);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: keyed === config ? config : withoutUndefined({ ...keyed, dnp3: { ...keyed.dnp3, secureAuth: { ...sa, storedKey: undefined } } }) };
}

/** The form path of the SA update key entered in the form. */
export const UPDATE_KEY_PATH = 'dnp3.secureAuth.key';

/**
 * The key in a chosen key file, as hex: a text file of hex digits, or the 32 or 16 raw
 * octets (as `sim dnp3 --sa-update-key` and the station's key file take them).
 */
export function keyTextFromFile(octets: Uint8Array): string {
  const text = new TextDecoder('latin1').decode(octets).trim();
  if (/^[0-9a-fA-F\s:]+$/.test(text)) return text;
  return [...octets].map((o) => o.toString(16).padStart(2, '0')).join('');
}

/** Resets what a protocol change makes wrong: the usual port (new stations) and a DNP3-only transport. */
export function changeProtocol(draft: StationDraft, isNew: boolean): void {
  if (isNew) draft.transport.port = draft.protocol === 'dnp3' ? 20000 : 2404;
  if (!transportKinds(draft.protocol).some((kind) => kind.value === draft.transport.kind)) draft.transport.kind = 'tcp';
}

/** Parses `1, 2, 5` into numbers (NaN for a bad entry, so validation names the field). */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

/** Parses a number field: empty is undefined (the default applies), anything else not a number is NaN. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** `list` with `item` in or out, in the order of `order` (so a toggle never reshuffles). */
export function toggled<T>(list: readonly T[], item: T, on: boolean, order: readonly T[]): T[] {
  return order.filter((entry) => (entry === item ? on : list.includes(entry)));
}

/** A new redundancy connection: the same host as the main one, on the IEC 104 port. */
export function newEndpoint(draft: StationDraft): EndpointInput {
  return { host: draft.transport.host, port: 2404 };
}

/** A new DNP3 event class poll: all classes every 5 s. */
export function newClassPoll(): ClassPollInput {
  return { classes: [1, 2, 3], periodMs: 5_000 };
}

/** A new command policy: select before operate, on and off. */
export function newCommandPolicy(): CommandPolicyInput {
  return { address: '', mode: 'sbo', actions: ['on', 'off'] };
}
