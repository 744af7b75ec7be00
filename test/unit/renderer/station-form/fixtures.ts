/**
 * Full station configurations for the station form tests: every setting of the schema
 * given (so parsing adds nothing), one DNP3 over TLS and one IEC 104 with redundancy.
 */
import type { StationConfigInput } from '../../../../src-shared/workspace/station';

/** A DNP3 station over TLS with every DNP3 setting, class polls and command policies. */
export const FULL_DNP3: StationConfigInput = {
  id: 'rtu-7',
  name: 'RTU 7',
  description: 'Bay 7 outstation',
  protocol: 'dnp3',
  enabled: false,
  transport: { kind: 'tls', host: 'rtu7.example', port: 19999, tls: { caFile: '/pki/ca.pem', certFile: '/pki/master.pem', keyFile: '/pki/master.key', servername: 'rtu7' }, connectTimeoutMs: 4_000, reconnectDelayMs: 1_500 },
  dnp3: {
    masterAddress: 3,
    outstationAddress: 1024,
    integrityPeriodMs: 3_600_000,
    classPolls: [
      { classes: [1], periodMs: 1_000 },
      { classes: [2, 3], periodMs: 30_000 },
    ],
    unsolicitedClasses: [1, 3],
    timeSync: 'non-lan',
    timeSyncPeriodMs: 600_000,
    responseTimeoutMs: 4_000,
    selectTimeoutMs: 8_000,
    feedbackWindowMs: 1_500,
    retries: 3,
    keepAliveMs: 30_000,
    maxRxFragmentSize: 4096,
    disableUnsolicitedAtStartup: false,
    linkConfirmed: true,
    linkTimeoutMs: 750,
    linkRetries: 4,
  },
  iec104: { commonAddresses: [1], cotSize: 2, caSize: 2, ioaSize: 3, k: 12, w: 8, t0Ms: 30_000, t1Ms: 15_000, t2Ms: 10_000, t3Ms: 20_000, giPeriodMs: 0, counterPeriodMs: 0, counterGroup: 0, counterFreeze: 'request', clockSyncPeriodMs: 0, clockSync: true, redundancy: [], selectTimeoutMs: 10_000, actTerm: 'auto', actTermWindowMs: 2_000, fileDirectoryIoa: 4096 },
  commands: [
    { address: 'bo:0', mode: 'sbo', actions: ['trip', 'close'], pulseOnMs: 500, pulseOffMs: 0 },
    { address: 'ao:0', mode: 'direct', actions: ['setpoint'], pulseOnMs: 1_000, pulseOffMs: 1_000, type: 'g41v3', min: -1.5, max: 250 },
  ],
  staleAfterMs: 7_200_000,
  demo: false,
};

/** An IEC 104 station with every IEC 104 setting, two redundancy connections and command policies. */
export const FULL_IEC104: StationConfigInput = {
  id: 'feeder-4',
  name: 'Feeder 4',
  description: '',
  protocol: 'iec104',
  enabled: true,
  transport: { kind: 'tcp', host: '10.0.4.1', port: 2404, connectTimeoutMs: 10_000, reconnectDelayMs: 2_000 },
  dnp3: { masterAddress: 1, outstationAddress: 10, integrityPeriodMs: 0, classPolls: [], unsolicitedClasses: [1, 2, 3], timeSync: 'lan', timeSyncPeriodMs: 0, responseTimeoutMs: 5_000, selectTimeoutMs: 10_000, feedbackWindowMs: 2_000, retries: 1, keepAliveMs: 60_000, maxRxFragmentSize: 2048, disableUnsolicitedAtStartup: true, linkConfirmed: false, linkTimeoutMs: 1_000, linkRetries: 2 },
  iec104: {
    commonAddresses: [7, 8],
    cotSize: 1,
    caSize: 1,
    ioaSize: 2,
    k: 20,
    w: 10,
    t0Ms: 20_000,
    t1Ms: 12_000,
    t2Ms: 8_000,
    t3Ms: 25_000,
    giPeriodMs: 900_000,
    counterPeriodMs: 600_000,
    counterGroup: 2,
    counterFreeze: 'freezeReset',
    clockSyncPeriodMs: 3_600_000,
    clockSync: true,
    redundancy: [
      { host: '10.0.4.2', port: 2404 },
      { host: '10.0.4.3', port: 2405 },
    ],
    selectTimeoutMs: 9_000,
    actTerm: 'auto',
    actTermWindowMs: 1_500,
    fileDirectoryIoa: 7000,
  },
  commands: [
    { address: 'ioa:5001@7', mode: 'sbo', actions: ['on', 'off'], pulseOnMs: 1_000, pulseOffMs: 1_000, type: 'C_SC_NA_1' },
    { address: 'ioa:5003@7', mode: 'direct', actions: ['step'], pulseOnMs: 200, pulseOffMs: 100, type: 'C_RC_NA_1' },
  ],
  staleAfterMs: 0,
  demo: false,
};
