/**
 * The workspace file: stations, point lists, users, preferences and commissioning
 * checkouts, with a format version.
 * Older versions are migrated by {@link migrateWorkspace}; newer ones are refused.
 */
import * as v from 'valibot';
import { ROLES } from '../roles';
import { Checkout } from './checkout';
import { PointConfig } from './point-config';
import { serialPortConflict } from './serial-line';
import { SparkplugConfig } from './sparkplug';
import { StationConfig } from './station';

/** The format version this build writes. */
export const WORKSPACE_FORMAT_VERSION = 3;

/** A local user account; the password is stored only as an scrypt hash. */
export const UserRecord = v.object({
  name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . or -, 1 to 40')),
  role: v.picklist(ROLES),
  /** `scrypt$N$r$p$salt(base64)$hash(base64)`. */
  passwordHash: v.pipe(v.string(), v.startsWith('scrypt$')),
  disabled: v.optional(v.boolean(), false),
});

/** User-interface and engine preferences. */
export const Preferences = v.object({
  /** Samples kept per point in the live trend ring buffer. */
  trendLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(100_000)), 600),
  /** Period of point batches to the clients. */
  batchIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(20), v.maxValue(5_000)), 100),
  /** Event log size limit; the oldest events are removed beyond it. */
  eventLogMaxMb: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(100_000)), 512),
  theme: v.optional(v.picklist(['system', 'dark', 'light']), 'system'),
  /** Keep point values in the persistent history (history.db). */
  historyEnabled: v.optional(v.boolean(), true),
  /** Days raw history samples are kept. */
  historyRawDays: v.optional(v.pipe(v.number(), v.minValue(0.01), v.maxValue(3650)), 8),
  /** Days 1-minute aggregates (min, max, average, count, last) are kept. */
  historyMinuteDays: v.optional(v.pipe(v.number(), v.minValue(0.01), v.maxValue(3650)), 90),
  /** Days 1-hour aggregates are kept. */
  historyHourDays: v.optional(v.pipe(v.number(), v.minValue(0.01), v.maxValue(36500)), 1825),
  /**
   * Addresses besides loopback that the passive monitor's relay may listen on (an
   * administrator's choice: a relay on another address can be reached from the network).
   */
  monitorBindAddresses: v.optional(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64)))),
});

/** The workspace as stored. */
export const Workspace = v.pipe(
  v.object({
    formatVersion: v.literal(WORKSPACE_FORMAT_VERSION),
    name: v.optional(v.string(), 'Workspace'),
    /** The built-in demo workspace. */
    demo: v.optional(v.boolean(), false),
    stations: v.optional(v.array(StationConfig), []),
    /** Point lists by station id. */
    points: v.optional(v.record(v.string(), v.array(PointConfig)), {}),
    users: v.optional(v.array(UserRecord), []),
    preferences: v.optional(Preferences, {}),
    /** Point-by-point commissioning checkouts (format 3 on). */
    checkouts: v.optional(v.array(Checkout), []),
    /** The Sparkplug B publisher; optional, so workspaces without it load unchanged. */
    sparkplug: v.optional(SparkplugConfig),
  }),
  v.check((w) => new Set(w.stations.map((s) => s.id)).size === w.stations.length, 'station ids must be unique'),
  v.check(
    (w) => serialPortConflict(w.stations) === null,
    (issue) => serialPortConflict((issue.input as { stations: Parameters<typeof serialPortConflict>[0] }).stations) ?? 'serial ports conflict',
  ),
  v.check((w) => new Set(w.users.map((u) => u.name)).size === w.users.length, 'user names must be unique'),
  v.check((w) => new Set(w.checkouts.map((c) => c.id)).size === w.checkouts.length, 'checkout ids must be unique'),
);

/** A validated workspace. */
export type Workspace = v.InferOutput<typeof Workspace>;
/** A workspace as written (defaults may be left out). */
export type WorkspaceInput = v.InferInput<typeof Workspace>;
/** A user record. */
export type UserRecord = v.InferOutput<typeof UserRecord>;
/** Preferences after defaults. */
export type Preferences = v.InferOutput<typeof Preferences>;
