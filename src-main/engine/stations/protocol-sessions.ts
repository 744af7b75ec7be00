/**
 * Makes the master Session of a station from its configuration. This is the one place
 * where the engine names the protocol stacks' factories and maps the workspace's station
 * settings onto their configurations. Engine sessions acknowledge events to the device
 * only after the event log committed them (`confirmAfterCommit`).
 */
import { COUNTER_FREEZE } from '../../../src-shared/device-tasks';
import type { Session } from '../../../src-shared/session';
import type { StationConfig } from '../../../src-shared/workspace/station';
import { createDnp3Master, type Dnp3MasterConfig, type EventClass } from '../../protocols/dnp3';
import { createIec104Master, type Iec104MasterConfig } from '../../protocols/iec104';
import { serialResponseTimeoutMs } from '../../transport/serial-settings';
import { IEC104_EXECUTE_TIMEOUT_MS, IEC104_TERM_TIMEOUT_MS } from '../commands/command-timeouts';
import type { SessionFactory } from './driver-link';
import type { SecretStore } from '../secrets/secret-store';
import { stationSaConfig } from './station-update-key';
import { splitAddress } from '../points/point-address';

/** The DNP3 master configuration of a station. `epochOffsetMs` maps performance.now() to UTC. */
export function dnp3MasterConfig(station: StationConfig, epochOffsetMs: number): Dnp3MasterConfig {
  const d = station.dnp3;
  const classPollMs: Partial<Record<EventClass, number>> = {};
  for (const poll of d.classPolls) for (const cls of poll.classes) classPollMs[cls] = poll.periodMs;
  return {
    masterAddress: d.masterAddress,
    outstationAddress: d.outstationAddress,
    responseTimeoutMs: station.transport.kind === 'serial' ? serialResponseTimeoutMs(d.responseTimeoutMs, station.transport.serial) : d.responseTimeoutMs,
    retries: d.retries,
    keepAliveMs: d.keepAliveMs,
    maxRxFragmentSize: d.maxRxFragmentSize,
    disableUnsolicitedAtStartup: d.disableUnsolicitedAtStartup,
    linkConfirmed: d.linkConfirmed,
    linkTimeoutMs: d.linkTimeoutMs,
    linkRetries: d.linkRetries,
    unsolicitedClasses: d.unsolicitedClasses,
    integrityPollMs: d.integrityPeriodMs,
    classPollMs,
    timeSync: d.timeSync === 'none' ? { onNeedTime: false, periodMs: 0 } : { procedure: d.timeSync, onNeedTime: true, periodMs: d.timeSyncPeriodMs },
    selectTimeoutMs: d.selectTimeoutMs,
    feedbackWindowMs: d.feedbackWindowMs,
    confirmAfterCommit: true,
    decodeLevel: 'off',
    epochOffsetMs,
  };
}

/** The IEC 104 master configuration of a station. */
export function iec104MasterConfig(station: StationConfig, epochOffsetMs: number): Iec104MasterConfig {
  const c = station.iec104;
  const commandPoints: NonNullable<Iec104MasterConfig['commandPoints']> = {};
  for (const policy of station.commands) {
    const ioa = Number(splitAddress(policy.address).ref.replace(/^ioa:/, ''));
    if (Number.isInteger(ioa) && policy.type) commandPoints[ioa] = { type: policy.type };
  }
  return {
    k: c.k,
    w: c.w,
    t0Ms: c.t0Ms,
    t1Ms: c.t1Ms,
    t2Ms: c.t2Ms,
    t3Ms: c.t3Ms,
    cotSize: c.cotSize,
    caSize: c.caSize,
    ioaSize: c.ioaSize,
    commonAddresses: c.commonAddresses,
    links: 1 + c.redundancy.length,
    giIntervalMs: c.giPeriodMs,
    counterIntervalMs: c.counterPeriodMs,
    counterGroup: c.counterGroup,
    counterFreeze: COUNTER_FREEZE.indexOf(c.counterFreeze) as 0 | 1 | 2 | 3,
    clockSyncOnStart: c.clockSync,
    clockSyncIntervalMs: c.clockSync ? c.clockSyncPeriodMs : 0,
    selectTimeoutMs: c.selectTimeoutMs,
    executeTimeoutMs: IEC104_EXECUTE_TIMEOUT_MS,
    termTimeoutMs: IEC104_TERM_TIMEOUT_MS,
    actTerm: c.actTerm,
    actTermWindowMs: c.actTermWindowMs,
    fileDirectoryIoa: c.fileDirectoryIoa,
    commandPoints,
    confirmAfterCommit: true,
    decodeLevel: 'off',
    epochOffsetMs,
  };
}

/** The production session factory; SA update keys come from `secrets` or their key files. */
export function stationSessionFactory(secrets: SecretStore): SessionFactory {
  return (station) => {
    const epochOffsetMs = Date.now() - performance.now();
    try {
      if (station.protocol === 'iec104') return { ok: true, session: createIec104Master(iec104MasterConfig(station, epochOffsetMs)) };
      const settings = station.dnp3.secureAuth;
      const sa = settings ? stationSaConfig(settings, secrets) : null;
      if (sa && !sa.ok) return { ok: false, code: sa.error.code, message: sa.error.message };
      const session: Session = createDnp3Master({ ...dnp3MasterConfig(station, epochOffsetMs), ...(sa ? { secureAuth: sa.value } : {}) });
      return { ok: true, session };
    } catch (error) {
      return { ok: false, code: 'INVALID_CONFIG', message: error instanceof Error ? error.message : String(error) };
    }
  };
}
