/**
 * The built-in demo workspace: a DNP3 substation and an IEC 104 feeder RTU, both served by
 * simulators the engine starts on free loopback ports, with a point list carrying names,
 * units, scaling, state labels and alarm limits, and command policies.
 */
import type { PointConfigInput } from '../../../src-shared/workspace/point-config';
import type { StationConfigInput } from '../../../src-shared/workspace/station';
import { WORKSPACE_FORMAT_VERSION, type WorkspaceInput } from '../../../src-shared/workspace/workspace';

/** Station ids of the demo. */
export const DEMO_DNP3_ID = 'demo-dnp3';
/** See {@link DEMO_DNP3_ID}. */
export const DEMO_IEC104_ID = 'demo-iec104';

const OPEN_CLOSED = { '0': 'Open', '1': 'Closed' };
const DOUBLE = { '0': 'Intermediate', '1': 'Open', '2': 'Closed', '3': 'Indeterminate' };
const IEC_DOUBLE = { '0': 'Intermediate', '1': 'Off', '2': 'On', '3': 'Indeterminate' };

/** The demo DNP3 station (outstation 10 at the simulator's port). */
export function demoDnp3Station(port: number): StationConfigInput {
  return {
    id: DEMO_DNP3_ID,
    name: 'Demo substation (DNP3)',
    description: 'Built-in DNP3 outstation simulator on loopback (demo)',
    protocol: 'dnp3',
    demo: true,
    // Every point is reported at least by the 60 s integrity poll.
    staleAfterMs: 150_000,
    transport: { kind: 'tcp', host: '127.0.0.1', port, reconnectDelayMs: 1000 },
    dnp3: { masterAddress: 1, outstationAddress: 10, integrityPeriodMs: 60_000, classPolls: [{ classes: [1, 2, 3], periodMs: 2_000 }], timeSync: 'lan' },
    commands: [
      { address: 'bo:0', mode: 'sbo', actions: ['on', 'off', 'pulseOn', 'pulseOff', 'trip', 'close', 'nul'] },
      { address: 'bo:1', mode: 'direct', actions: ['on', 'off', 'pulseOn'] },
      { address: 'ao:0', mode: 'sbo', actions: ['setpoint'], min: -1000, max: 1000 },
    ],
  };
}

/** The demo IEC 104 station (common address 1 at the simulator's port). */
export function demoIec104Station(port: number): StationConfigInput {
  return {
    id: DEMO_IEC104_ID,
    name: 'Demo feeder RTU (IEC 104)',
    description: 'Built-in IEC 60870-5-104 controlled-station simulator on loopback (demo)',
    protocol: 'iec104',
    demo: true,
    // Every point is reported at least by the 5 min general interrogation.
    staleAfterMs: 660_000,
    transport: { kind: 'tcp', host: '127.0.0.1', port, reconnectDelayMs: 1000 },
    iec104: { commonAddresses: [1], giPeriodMs: 300_000, clockSync: true },
    commands: [
      { address: 'ioa:5001@1', mode: 'sbo', actions: ['on', 'off'], type: 'C_SC_NA_1' },
      { address: 'ioa:5002@1', mode: 'sbo', actions: ['trip', 'close'], type: 'C_DC_NA_1' },
      { address: 'ioa:5003@1', mode: 'direct', actions: ['step'], type: 'C_RC_NA_1' },
      { address: 'ioa:5007@1', mode: 'sbo', actions: ['setpoint'], type: 'C_SE_NC_1', min: -10_000, max: 10_000 },
    ],
  };
}

/** The demo point lists by station. */
export function demoPoints(): Record<string, PointConfigInput[]> {
  return {
    [DEMO_DNP3_ID]: [
      { address: 'ai:0', name: 'Feeder 1 current', unit: 'A', scale: 2, offset: 200, alarms: { hh: 320, h: 280, l: 120, ll: 80, deadband: 4, priority: 3 }, qualityAlarm: true },
      { address: 'ai:1', name: 'Busbar voltage', unit: 'kV', scale: 0.05, offset: 11, alarms: { hh: 13, h: 12.5, l: 9.5, ll: 9, deadband: 0.1, priority: 2 } },
      { address: 'ai:2', name: 'Transformer temperature', unit: '°C', scale: 0.5, offset: 65, alarms: { hh: 95, h: 85, deadband: 1, priority: 2 } },
      { address: 'ai:3', name: 'Active power', unit: 'MW', scale: 0.1, offset: 12, eventDeadband: 0.5 },
      { address: 'ctr:0', name: 'Energy import', unit: 'kWh' },
      { address: 'ctr:1', name: 'Energy export', unit: 'kWh' },
      { address: 'bi:0', name: 'Breaker Q1 position', stateLabels: OPEN_CLOSED },
      { address: 'bi:1', name: 'Protection trip', stateLabels: { '0': 'Normal', '1': 'Tripped' }, stateAlarms: [{ state: 1, priority: 1 }] },
      { address: 'dbi:0', name: 'Disconnector Q2', stateLabels: DOUBLE, stateAlarms: [{ state: 3, priority: 2 }] },
      { address: 'bo:0', name: 'Breaker Q1 control', stateLabels: OPEN_CLOSED },
      { address: 'bo:1', name: 'Alarm horn', stateLabels: { '0': 'Off', '1': 'On' } },
      { address: 'ao:0', name: 'Tap changer setpoint', unit: 'steps' },
    ],
    [DEMO_IEC104_ID]: [
      { address: 'ioa:1001@1', name: 'Circuit breaker CB1', stateLabels: OPEN_CLOSED, stateAlarms: [{ state: 0, priority: 3 }] },
      { address: 'ioa:1002@1', name: 'Earth switch ES1', stateLabels: IEC_DOUBLE, stateAlarms: [{ state: 3, priority: 2 }] },
      { address: 'ioa:1003@1', name: 'Tap position', unit: 'step' },
      { address: 'ioa:1005@1', name: 'Line loading', unit: '%', scale: 100, alarms: { h: 80, hh: 95, deadband: 2, priority: 3 }, eventDeadband: 2 },
      { address: 'ioa:1007@1', name: 'Feeder current', unit: 'A', alarms: { h: 40, hh: 60, deadband: 1, priority: 3 }, eventDeadband: 1 },
      { address: 'ioa:2001@1', name: 'Energy counter', unit: 'kWh' },
      { address: 'ioa:3001@1', name: 'Oil temperature', unit: '°C', offset: 40, alarms: { h: 70, hh: 90, deadband: 1, priority: 2 }, qualityAlarm: true },
      { address: 'ioa:3002@1', name: 'Ambient temperature', unit: '°C', offset: 15, eventDeadband: 0.5 },
      { address: 'ioa:5001@1', name: 'CB1 command', stateLabels: OPEN_CLOSED },
      { address: 'ioa:5002@1', name: 'ES1 command', stateLabels: IEC_DOUBLE },
      { address: 'ioa:5003@1', name: 'Tap changer raise/lower' },
      { address: 'ioa:5007@1', name: 'Voltage setpoint', unit: 'V' },
    ],
  };
}

/** The whole demo workspace for simulators on the given ports. */
export function demoWorkspace(ports: { dnp3: number; iec104: number }): WorkspaceInput {
  return {
    formatVersion: WORKSPACE_FORMAT_VERSION,
    name: 'Demo workspace',
    demo: true,
    stations: [demoDnp3Station(ports.dnp3), demoIec104Station(ports.iec104)],
    points: demoPoints(),
    users: [],
    preferences: {},
  };
}
