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
  /** Record the relayed traffic as a pcap file under the data directory (`captures/`). */
  record: v.optional(v.boolean(), true),
});

/** Largest recorded pcap `monitor.capture` hands over (a larger one is copied from its path). */
export const MAX_MONITOR_DOWNLOAD_BYTES = 64 * 1024 * 1024;

/** The pcap file a relay records. */
const MonitorRecording = v.object({
  /** Where it is, on the engine's host. */
  path: v.string(),
  fileName: v.string(),
  /** Octets written so far (the whole file once stopped). */
  bytes: v.number(),
  /** Packets in it, synthetic handshakes and FINs included. */
  packets: v.number(),
  /** Why writing stopped or failed, if it did (the relay goes on). */
  error: v.optional(v.string()),
});

/** A stopped relay's pcap file, handed over for download or the analyzer. */
export const MonitorCaptureFile = v.object({
  fileName: v.string(),
  /** The file, base64. */
  data: v.string(),
  packets: v.number(),
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
  /** The pcap file it records, or null when started without recording. */
  capture: v.nullable(MonitorRecording),
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
