/** Contract schemas of the `sparkplug.*` calls and events (the Sparkplug B publisher). */
import * as v from 'valibot';
import { SparkplugConfig } from '../../workspace/sparkplug';

const { password: _password, passwordSecret: _secret, ...visible } = SparkplugConfig.entries;

/**
 * The workspace's Sparkplug section as clients see it: the password only as set or not set
 * (`passwordStored`: in the host's secret store; `passwordFile` and `passwordEnv` say where
 * else it is), never what it is.
 */
const SparkplugSettings = v.object({ ...visible, passwordSet: v.boolean(), passwordStored: v.boolean() });

/**
 * Request of sparkplug.configure: the section to store, or null to remove it. `password`
 * left out keeps the stored one; a string replaces it ('' clears it). An entered password
 * goes to the host's secret store (the OS keychain in the desktop app), never into the
 * workspace. `passwordFile` and `passwordEnv` may be changed by an administrator only.
 */
export const SparkplugConfigureRequest = v.strictObject({
  settings: v.nullable(
    v.strictObject({
      ...visible,
      password: v.optional(v.string()),
      /** Left out: kept as stored (a new `password` replaces both). */
      passwordFile: v.optional(v.string()),
      passwordEnv: v.optional(SparkplugConfig.entries.passwordEnv.wrapped),
    }),
  ),
});

/** The publisher's status line. */
export const SparkplugStatus = v.object({
  enabled: v.boolean(),
  /** Broker and node, e.g. `mqtt://127.0.0.1:1883 spBv1.0/G/N`; null when not configured. */
  endpoint: v.nullable(v.string()),
  /** Births published in the current MQTT session (with a primary host: once it is online). */
  connected: v.boolean(),
  /** The configured primary host application and its last STATE (online null: not heard yet); null without one. */
  primaryHost: v.nullable(v.object({ id: v.string(), online: v.nullable(v.boolean()) })),
  /** The birth/death sequence number of the current MQTT session (-1 before the first). */
  bdSeq: v.number(),
  /** Messages published, and the metrics in them. */
  sent: v.number(),
  metrics: v.number(),
  /** DDATA waiting for the broker, and dropped (buffer full, or device down when it returned). */
  buffered: v.number(),
  dropped: v.number(),
  lastError: v.nullable(v.string()),
});

/** Response of sparkplug.get and sparkplug.configure. */
export const SparkplugState = v.object({ settings: v.nullable(SparkplugSettings), status: SparkplugStatus });
