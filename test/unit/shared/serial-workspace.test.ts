/**
 * The workspace's rule for serial stations: stations sharing a port are one multidrop
 * channel, so they must agree on the line settings and have their own outstation
 * addresses; a serial line is for DNP3 only.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Workspace, WORKSPACE_FORMAT_VERSION, type WorkspaceInput } from '../../../src-shared/workspace';

type StationInput = NonNullable<WorkspaceInput['stations']>[number];

const serial = (id: string, outstation: number, line: Record<string, unknown> = {}): StationInput => ({
  id,
  name: id,
  protocol: 'dnp3',
  transport: { kind: 'serial', serial: { path: '/dev/ttyUSB0', ...line } },
  dnp3: { outstationAddress: outstation },
});

const check = (stations: StationInput[]) => v.safeParse(Workspace, { formatVersion: WORKSPACE_FORMAT_VERSION, stations });

describe('serial stations in the workspace', () => {
  it('accepts two outstations on one port with the same settings, defaults filled in', () => {
    const result = check([serial('a', 10), serial('b', 11)]);
    expect(result.success).toBe(true);
    expect(result.success && result.output.stations[0]!.transport).toEqual({
      kind: 'serial',
      serial: { path: '/dev/ttyUSB0', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, rs485: false, interFrameGapMs: 0 },
      reconnectDelayMs: 2000,
    });
  });

  it('refuses stations of one port that disagree on its settings, naming both and the setting', () => {
    const result = check([serial('a', 10), serial('b', 11, { baudRate: 19200 })]);
    expect(result.success).toBe(false);
    expect(result.issues?.[0]?.message).toBe('stations a and b share serial port /dev/ttyUSB0 but differ in baudRate 9600 vs 19200; the settings of one port must agree');
  });

  it('refuses two stations with the same outstation address on one port', () => {
    const result = check([serial('a', 10), serial('b', 10)]);
    expect(result.issues?.[0]?.message).toMatch(/share serial port \/dev\/ttyUSB0 with the same outstation address 10/);
  });

  it('allows the same address on different ports, and refuses a serial IEC 104 station or an empty path', () => {
    expect(check([serial('a', 10), { ...serial('b', 10), transport: { kind: 'serial', serial: { path: '/dev/ttyUSB1' } } }]).success).toBe(true);
    expect(check([{ ...serial('a', 10), protocol: 'iec104' }]).issues?.[0]?.message).toBe('a serial line is for DNP3 only');
    expect(check([serial('a', 10, { path: '' })]).success).toBe(false);
  });
});
