/** Contract schemas of the passive monitor (`monitor.*`): a relay observed, never a party to the link. */
import * as v from 'valibot';
import { AnalyzerFrame } from './stations';

const Address = v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(300));

/** Request of monitor.start: where the master connects, the outstation, the protocol (auto: by port, else first octets). */
export const MonitorStartRequest = v.strictObject({
  /** `HOST:PORT` (port 0 picks a free one); loopback unless the administrator allows the address. */
  listen: Address,
  /** The outstation's `HOST:PORT`. */
  forward: Address,
  protocol: v.optional(v.picklist(['auto', 'dnp3', 'iec104']), 'auto'),
});

/** Names a monitor. */
export const MonitorRef = v.strictObject({ id: v.pipe(v.string(), v.maxLength(64)) });

const End = v.object({ address: v.string(), port: v.number() });

/** One relayed connection. */
const MonitorConnection = v.object({
  id: v.number(),
  master: End,
  outstation: End,
  state: v.picklist(['open', 'closed']),
  /** Why it closed (`CLOSED`, `REFUSED`, `RESET`...), once closed. */
  reason: v.optional(v.string()),
  message: v.optional(v.string()),
  /** Why its traffic is forwarded but not decoded (TLS, an unknown protocol), if so. */
  undecoded: v.optional(v.string()),
  /** Frames decoded from the master (tx) and from the outstation (rx). */
  framesTx: v.number(),
  framesRx: v.number(),
});

/** A monitor and what it has seen. */
export const MonitorStatus = v.object({
  id: v.string(),
  listen: v.string(),
  forward: v.string(),
  /** null until the first octets tell it, when no protocol was chosen and the ports do not. */
  protocol: v.nullable(v.picklist(['dnp3', 'iec104'])),
  state: v.picklist(['running', 'stopped']),
  startedBy: v.string(),
  startedAt: v.number(),
  connections: v.array(MonitorConnection),
  /** Frames not pushed because more came between two updates than an update carries. */
  framesDropped: v.number(),
});

/** A point value seen in a response or monitor-direction ASDU: read-only, held nowhere but here. */
const MonitorValue = v.object({
  connection: v.number(),
  /** The frame that carried it (the relay's pcap numbering). */
  frame: v.number(),
  /** When it was seen, ms since the epoch. */
  time: v.number(),
  ref: v.string(),
  commonAddress: v.optional(v.number()),
  type: v.string(),
  value: v.union([v.number(), v.boolean(), v.string()]),
  quality: v.array(v.string()),
  deviceTime: v.nullable(v.number()),
});

/** A decoded frame of a monitored connection, as the analyzer shows frames. */
const MonitorFrame = v.object({ ...AnalyzerFrame.entries, connection: v.number(), frame: v.number() });

/** Pushed while a monitor runs (and once when it stops): its status, new frames and values. */
export const MonitorUpdate = v.object({ status: MonitorStatus, frames: v.array(MonitorFrame), values: v.array(MonitorValue) });
