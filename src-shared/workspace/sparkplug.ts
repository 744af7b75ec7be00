/**
 * The workspace's Sparkplug B publisher (the engine as an edge node of an MQTT broker):
 * broker, TLS files, credentials, Sparkplug ids and the device-command (DCMD) allow-list.
 */
import * as v from 'valibot';
import { ROLES } from '../roles';

/** What a Sparkplug id (group, edge node) may be: no MQTT wildcard or separator, 1 to 64 characters. */
export const SPARKPLUG_ID_PATTERN = /^[^+#/\s]{1,64}$/;
/** What a broker URL may be: `mqtt://host:port` or `mqtts://host:port`. */
export const BROKER_URL_PATTERN = /^mqtts?:\/\/[^/\s]+$/;

/** What an environment variable name for the password may be ('' for none). */
const ENV_NAME_PATTERN = /^([A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * A Sparkplug id (group, edge node): no MQTT wildcard or separator (`+`, `#`, `/`), 1 to 64
 * characters.
 */
const SparkplugId = v.pipe(v.string(), v.regex(SPARKPLUG_ID_PATTERN, 'no +, # or /, 1 to 64 characters without spaces'));

/** One point a Sparkplug host may command (DCMD): a station and a point address. */
const SparkplugCommandPoint = v.object({
  station: v.pipe(v.string(), v.minLength(1)),
  address: v.pipe(v.string(), v.minLength(1)),
});

/** The Sparkplug section of a workspace (absent: not configured). */
export const SparkplugConfig = v.object({
  enabled: v.optional(v.boolean(), false),
  /** `mqtt://host:port` or `mqtts://host:port`. */
  brokerUrl: v.pipe(v.string(), v.regex(BROKER_URL_PATTERN, 'mqtt://host:port or mqtts://host:port')),
  /** TLS (mqtts): CA certificate file that verifies the broker; client certificate and key for mutual TLS. */
  caFile: v.optional(v.string(), ''),
  certFile: v.optional(v.string(), ''),
  keyFile: v.optional(v.string(), ''),
  username: v.optional(v.string(), ''),
  /**
   * A plain password as older versions stored it: read, then moved to the host's secret
   * store (`passwordSecret`) and never written back; never logged, never sent to clients.
   */
  password: v.optional(v.string(), ''),
  /**
   * The id of the broker password in the host's secret store (the OS keychain in the
   * desktop app, a 0600 file for the headless host); '' for none. Set by the engine only.
   */
  passwordSecret: v.optional(v.pipe(v.string(), v.regex(/^(s-[0-9a-f]{32})?$/, 'a secret id')), ''),
  /** File holding the broker password, readable by its owner only (mode 0600); '' for none. */
  passwordFile: v.optional(v.string(), ''),
  /** Name of an environment variable holding the broker password (headless host, CLI); '' for none. */
  passwordEnv: v.optional(v.pipe(v.string(), v.regex(ENV_NAME_PATTERN, 'an environment variable name: letters, digits and _, not starting with a digit')), ''),
  groupId: SparkplugId,
  edgeNodeId: SparkplugId,
  /**
   * Sparkplug 3.0 primary host application id ('' for none): births wait until its STATE
   * (`spBv1.0/STATE/<id>`) says online, and its going offline ends the MQTT session.
   */
  primaryHostId: v.optional(v.union([v.literal(''), SparkplugId]), ''),
  /** Period of DDATA batches (ms). */
  publishIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(50), v.maxValue(60_000)), 1000),
  /** DDATA kept while the broker is unreachable; the oldest are dropped beyond it. */
  bufferLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)), 10_000),
  /** Device commands: refused (and audited) unless enabled, and only for the listed points. */
  dcmdEnabled: v.optional(v.boolean(), false),
  dcmdPoints: v.optional(v.array(SparkplugCommandPoint), []),
  /** The role DCMD commands run as in the command service (engineer or administrator to be allowed). */
  dcmdRole: v.optional(v.picklist(ROLES), 'engineer'),
});

/** The Sparkplug configuration after defaults. */
export type SparkplugConfig = v.InferOutput<typeof SparkplugConfig>;
/** The Sparkplug configuration as written. */
export type SparkplugConfigInput = v.InferInput<typeof SparkplugConfig>;
