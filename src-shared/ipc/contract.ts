/**
 * The IPC contract between the renderer and the engine: one map of calls (request schema,
 * response schema, the access they need) and one map of pushed events. Both hosts (the
 * Electron preload bridge and the headless WebSocket) carry exactly this contract, and
 * main validates every payload against it. Adding a call is one entry here plus its
 * handler in src-main/ipc/handlers/ (the handler map is typed from this file, so a
 * missing handler fails the type check).
 */
import * as v from 'valibot';
import type { Role } from '../roles';

/** Who may make a call: anyone connected (`public`), or a logged-in user of at least that role. */
export type Access = 'public' | Role;

/** One call of the contract. */
export interface CallSpec<Req extends v.GenericSchema, Res extends v.GenericSchema> {
  request: Req;
  response: Res;
  access: Access;
}

function call<Req extends v.GenericSchema, Res extends v.GenericSchema>(
  access: Access,
  request: Req,
  response: Res,
): CallSpec<Req, Res> {
  return { request, response, access };
}

const empty = v.strictObject({});

/** What the app reports about itself. */
export const AppInfo = v.object({
  name: v.string(),
  version: v.string(),
  host: v.picklist(['electron', 'headless']),
  platform: v.string(),
  /** True when the running workspace is the built-in demo. */
  demo: v.boolean(),
});

/** Connection state of a station, as shown to people. */
export const StationState = v.picklist([
  'disabled',
  'disconnected',
  'connecting',
  'connected',
  'ready',
  'backoff',
]);

/** A station as listed in the UI: identity, where it connects, and its live state. */
export const StationStatus = v.object({
  id: v.string(),
  name: v.string(),
  protocol: v.picklist(['dnp3', 'iec104']),
  /** e.g. `dnp3://127.0.0.1:20000?master=1&outstation=10`. */
  target: v.string(),
  enabled: v.boolean(),
  state: StationState,
  lastError: v.nullable(v.object({ code: v.string(), message: v.string(), at: v.number() })),
  demo: v.boolean(),
});

/** The calls: name -> { request, response, access }. */
export const calls = {
  'app.info': call('public', empty, AppInfo),
  'stations.list': call('viewer', empty, v.array(StationStatus)),
} as const;

/** The pushed events: name -> payload schema. */
export const events = {
  'stations.state': StationStatus,
} as const;

/** Name of a contract call. */
export type CallName = keyof typeof calls;
/** Name of a pushed event. */
export type EventName = keyof typeof events;
/** What a call accepts (before validation). */
export type CallRequest<N extends CallName> = v.InferInput<(typeof calls)[N]['request']>;
/** What a call returns in its Result's value. */
export type CallResponse<N extends CallName> = v.InferOutput<(typeof calls)[N]['response']>;
/** The payload of a pushed event. */
export type EventPayload<N extends EventName> = v.InferOutput<(typeof events)[N]>;

/** Sends a pushed event to the clients; the engine gets one from its host. */
export type Publish = <N extends EventName>(name: N, payload: EventPayload<N>) => void;

/** All call names, for the preload's and the WebSocket client's allow-lists. */
export const CALL_NAMES = Object.keys(calls) as CallName[];
/** All event names. */
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Whether `name` is a call of the contract. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

/** Whether `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
