/**
 * The station part of the workspace schema: one configured device with its protocol,
 * transport, addresses, protocol parameters and command policy. Shared by the engine (which
 * validates every workspace it loads or is sent) and the renderer's station form.
 */
import * as v from 'valibot';
import { COUNTER_FREEZE } from '../device-tasks';
import { SerialSettings } from './serial-line';

const port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));
const positiveMs = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(86_400_000));
const retryCount = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const optionalPeriodMs = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(86_400_000)), 0);

/** Certificate files for a TLS transport (PEM paths). */
const TlsFiles = v.object({
  caFile: v.pipe(v.string(), v.minLength(1)),
  certFile: v.pipe(v.string(), v.minLength(1)),
  keyFile: v.pipe(v.string(), v.minLength(1)),
  servername: v.optional(v.string()),
});

/**
 * A secret the host's secret store keeps (an SA update key): its opaque id and the first
 * octets of its SHA-256 digest to show. Only the engine sets it, when the key is entered.
 */
const StoredKeyRef = v.object({
  id: v.pipe(v.string(), v.regex(/^s-[0-9a-f]{32}$/, 'not a stored key id')),
  fingerprint: v.pipe(v.string(), v.maxLength(64)),
});

/**
 * The stored-key id a station carries while a key entered in the form is not stored yet:
 * shaped as a real id so that the schema accepts the station; the engine replaces it.
 */
export const ENTERED_KEY_ID = `s-${'0'.repeat(32)}`;

/** One network endpoint of a station. */
const Endpoint = v.object({
  host: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  port,
});

/**
 * A network transport: TCP client, UDP, TLS, or (DNP3 only) listening for the outstation to
 * connect (`tcp-listen`).
 */
export const NetworkTransport = v.object({
  kind: v.picklist(['tcp', 'udp', 'tls', 'tcp-listen']),
  host: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  port,
  tls: v.optional(TlsFiles),
  /** TCP/TLS connect timeout of a DNP3 station (an IEC 104 station uses its t0, `iec104.t0Ms`). */
  connectTimeoutMs: v.optional(positiveMs, 10_000),
  /** Delay before reconnecting after a lost or failed connection. */
  reconnectDelayMs: v.optional(positiveMs, 2_000),
});

/** DNP3 over a serial line; stations with the same port path share it (a multidrop channel). */
const SerialTransport = v.object({
  kind: v.literal('serial'),
  serial: SerialSettings,
  /** Delay before re-opening a port that was lost or could not be opened. */
  reconnectDelayMs: v.optional(positiveMs, 2_000),
});

/** How the station's bytes travel: a network transport or a serial line. */
const Transport = v.variant('kind', [NetworkTransport, SerialTransport]);

/** DNP3 master parameters of a station. */
export const Dnp3Settings = v.object({
  masterAddress: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65519)), 1),
  outstationAddress: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65519)), 10),
  /** Integrity poll (class 1230) period; 0 = only at startup. */
  integrityPeriodMs: optionalPeriodMs,
  /** Event class polls, each with its own period. */
  classPolls: v.optional(
    v.array(v.object({ classes: v.array(v.picklist([1, 2, 3])), periodMs: positiveMs })),
    [],
  ),
  /** Classes enabled for unsolicited reporting after startup. */
  unsolicitedClasses: v.optional(v.array(v.picklist([1, 2, 3])), [1, 2, 3]),
  /** Time synchronisation: none, when the outstation asks (IIN1.4), or also periodically. */
  timeSync: v.optional(v.picklist(['none', 'lan', 'non-lan', 'write']), 'lan'),
  timeSyncPeriodMs: optionalPeriodMs,
  responseTimeoutMs: v.optional(positiveMs, 5_000),
  selectTimeoutMs: v.optional(positiveMs, 10_000),
  /**
   * After a confirmed operate, how long the output's reported status is awaited as the
   * command's feedback; 0 ends the command at the operate echo.
   */
  feedbackWindowMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600_000)), 2_000),
  /** Retries of polls and other non-control requests after a response timeout (controls are never retried). */
  retries: v.optional(retryCount, 1),
  /** Send REQUEST_LINK_STATUS after this much link silence; 0 = no keep-alive. */
  keepAliveMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(86_400_000)), 60_000),
  /** Largest response fragment reassembled, in octets. */
  maxRxFragmentSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(249), v.maxValue(65536)), 2048),
  /** Send DISABLE_UNSOLICITED before the startup integrity poll. */
  disableUnsolicitedAtStartup: v.optional(v.boolean(), true),
  /** Link layer: CONFIRMED_USER_DATA awaiting link ACKs, with this timeout and retries. */
  linkConfirmed: v.optional(v.boolean(), false),
  linkTimeoutMs: v.optional(positiveMs, 1_000),
  linkRetries: v.optional(retryCount, 2),
  /**
   * Secure Authentication v5: authenticate every critical request as this user with its
   * update key, either kept by the host's secret store (`storedKey`: the OS keychain in the
   * desktop app) or read from `keyFile` (mode 0600). The key itself is never in the workspace.
   */
  secureAuth: v.optional(
    v.pipe(
      v.object({
        user: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)), 1),
        keyFile: v.optional(v.pipe(v.string(), v.minLength(1))),
        storedKey: v.optional(StoredKeyRef),
        aggressive: v.optional(v.boolean(), false),
        /** MAC octets: 16 (HMAC-SHA-256/16, networked) or 8 (serial). */
        macOctets: v.optional(v.picklist([8, 16]), 16),
        /** Change the session keys after this many seconds (IEEE 1815 default 15 min)... */
        keyChangeIntervalS: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(7 * 86_400)), 900),
        /** ... or after this many authenticated messages (IEEE 1815 default 1000). */
        keyChangeCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65_535)), 1000),
        /**
         * Function codes authenticated beyond the standard's critical ones (WRITE, SELECT,
         * OPERATE, DIRECT_OPERATE(_NR), COLD/WARM_RESTART), as the outstation is configured,
         * e.g. 20 and 21 (ENABLE/DISABLE_UNSOLICITED) or 22 (ASSIGN_CLASS).
         */
        extraCriticalFunctions: v.optional(v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(255))), []),
      }),
      v.forward(
        v.check((sa) => (sa.keyFile === undefined) !== (sa.storedKey === undefined), 'enter the update key or name a key file (one of them)'),
        ['keyFile'],
      ),
    ),
  ),
});

/**
 * IEC 60870-5-104 controlling-station parameters of a station. The cross-field rules are
 * the ones the protocol layer enforces (apciProblem, asduProblem), reported at the field.
 */
export const Iec104Settings = v.pipe(
  v.object({
    /** Common addresses (CA) of the station; the first is the default for commands. */
    commonAddresses: v.optional(v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65534))), v.minLength(1)), [1]),
    cotSize: v.optional(v.picklist([1, 2]), 2),
    caSize: v.optional(v.picklist([1, 2]), 2),
    ioaSize: v.optional(v.picklist([1, 2, 3]), 3),
    k: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(32767)), 12),
    w: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(32767)), 8),
    t0Ms: v.optional(positiveMs, 30_000),
    t1Ms: v.optional(positiveMs, 15_000),
    t2Ms: v.optional(positiveMs, 10_000),
    t3Ms: v.optional(positiveMs, 20_000),
    /** General interrogation period; 0 = only after STARTDT. */
    giPeriodMs: optionalPeriodMs,
    /** Counter interrogation (C_CI_NA_1) period; 0 = only on demand. */
    counterPeriodMs: optionalPeriodMs,
    /** Group of the scheduled counter interrogation: 0 general or 1-4. */
    counterGroup: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4)), 0),
    /** QCC freeze of the scheduled counter interrogation: read only, freeze, freeze and reset, reset. */
    counterFreeze: v.optional(v.picklist(COUNTER_FREEZE), 'request'),
    /** Clock synchronisation (C_CS_NA_1) period; 0 = only after STARTDT (when clockSync is on). */
    clockSyncPeriodMs: optionalPeriodMs,
    clockSync: v.optional(v.boolean(), true),
    /** Redundancy group: further endpoints of the same station (one active at a time). */
    redundancy: v.optional(v.array(Endpoint), []),
    selectTimeoutMs: v.optional(positiveMs, 10_000),
    /**
     * Activation termination: whether the station ends a command with ACTTERM. `expected`:
     * a missing ACTTERM fails the command (NO_ACTTERM); `none`: success at the positive
     * ACTCON; `auto`: ACTTERM awaited for `actTermWindowMs`, then success noting none came.
     */
    actTerm: v.optional(v.picklist(['auto', 'expected', 'none']), 'auto'),
    /** `auto`: how long ACTTERM is awaited after the execute ACTCON. */
    actTermWindowMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60_000)), 2_000),
    /** File transfer: the IOA of the station's file directory, listed when no other is named (4096 as many devices use). */
    fileDirectoryIoa: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffff)), 4096),
  }),
  v.forward(v.partialCheck([['t1Ms'], ['t2Ms']], (s) => s.t2Ms < s.t1Ms, 't2 must be less than t1'), ['t2Ms']),
  v.forward(v.partialCheck([['k'], ['w']], (s) => s.w <= s.k, 'w must not exceed k'), ['w']),
  v.forward(v.partialCheck([['caSize'], ['commonAddresses']], (s) => s.caSize === 2 || s.commonAddresses.every((ca) => ca <= 255), 'a 1-octet CA is at most 255'), ['commonAddresses']),
  v.forward(v.partialCheck([['ioaSize'], ['fileDirectoryIoa']], (s) => s.fileDirectoryIoa < 2 ** (8 * s.ioaSize), 'does not fit the IOA size'), ['fileDirectoryIoa']),
);

/** Actions a point may be commanded with (see ControlAction in session.ts; `nul` is DNP3 only). */
export const ActionName = v.picklist(['on', 'off', 'pulseOn', 'pulseOff', 'trip', 'close', 'nul', 'setpoint', 'step']);

/** Command policy of one controllable point. */
export const CommandPolicy = v.object({
  /** Point address the policy applies to, e.g. `bo:0` or `ioa:5001@1`. */
  address: v.pipe(v.string(), v.minLength(1)),
  mode: v.optional(v.picklist(['sbo', 'direct']), 'sbo'),
  actions: v.pipe(v.array(ActionName), v.minLength(1)),
  pulseOnMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3_600_000)), 1_000),
  pulseOffMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3_600_000)), 1_000),
  /** Protocol detail for setpoints (e.g. `g41v3`, `C_SE_NC_1`). */
  type: v.optional(v.string()),
  /** Lowest and highest setpoint accepted. */
  min: v.optional(v.number()),
  max: v.optional(v.number()),
});

/** One configured device. */
export const StationConfig = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -, 1 to 40')),
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
    description: v.optional(v.string(), ''),
    protocol: v.picklist(['dnp3', 'iec104']),
    enabled: v.optional(v.boolean(), true),
    transport: Transport,
    dnp3: v.optional(Dnp3Settings, {}),
    iec104: v.optional(Iec104Settings, {}),
    commands: v.optional(v.array(CommandPolicy), []),
    /**
     * While connected, a point not reported for this long is marked STALE (IEC 104: NT and
     * STALE) until it is reported again; 0 = off. Choose more than the integrity poll or
     * GI period, or points that rarely change go stale between them.
     */
    staleAfterMs: optionalPeriodMs,
    /** Part of the built-in demo. */
    demo: v.optional(v.boolean(), false),
  }),
  v.check((s) => s.transport.kind !== 'tls' || ('tls' in s.transport && s.transport.tls !== undefined), 'a TLS transport needs transport.tls files'),
  v.check((s) => s.transport.kind !== 'tcp-listen' || s.protocol === 'dnp3', 'tcp-listen is for DNP3 only'),
  v.check((s) => s.transport.kind !== 'udp' || s.protocol === 'dnp3', 'UDP is for DNP3 only'),
  v.check((s) => s.transport.kind !== 'serial' || s.protocol === 'dnp3', 'a serial line is for DNP3 only'),
  v.check((s) => s.protocol === 'dnp3' || s.commands.every((c) => !c.actions.includes('nul')), 'the nul action (CROB NUL) is for DNP3 only'),
);

/** A station as stored (after defaults are applied). */
export type StationConfig = v.InferOutput<typeof StationConfig>;
/** A station as written by people (defaults may be left out). */
export type StationConfigInput = v.InferInput<typeof StationConfig>;
/** A command policy after defaults. */
export type CommandPolicy = v.InferOutput<typeof CommandPolicy>;
