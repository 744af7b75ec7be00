import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { StationConfig, type StationConfigInput } from '../../../src-shared/workspace/station';
import { commandStageWaitMs } from '../../../src-main/engine/commands/command-timeouts';
import { dnp3MasterConfig, iec104MasterConfig } from '../../../src-main/engine/stations/protocol-sessions';
import { resolveMasterConfig } from '../../../src-main/protocols/dnp3/master/config';

const station = (dnp3: StationConfigInput['dnp3']) =>
  v.parse(StationConfig, { id: 's1', name: 'S1', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 }, dnp3 });

describe('DNP3 master configuration of a station', () => {
  it('passes the command feedback window through, 2000 ms by default and 0 to end at the echo', () => {
    expect(dnp3MasterConfig(station({}), 0).feedbackWindowMs).toBe(2000);
    expect(dnp3MasterConfig(station({ feedbackWindowMs: 750 }), 0).feedbackWindowMs).toBe(750);
    expect(dnp3MasterConfig(station({ feedbackWindowMs: 0 }), 0).feedbackWindowMs).toBe(0);
  });

  it("applies the master's own defaults for keep-alive, retries, fragment size, link mode and startup", () => {
    const config = dnp3MasterConfig(station({}), 0);
    const defaults = resolveMasterConfig({});
    for (const k of ['keepAliveMs', 'retries', 'maxRxFragmentSize', 'disableUnsolicitedAtStartup', 'linkConfirmed', 'linkTimeoutMs', 'linkRetries'] as const) {
      expect(config[k], k).toEqual(defaults[k]);
    }
    expect(config.keepAliveMs).toBe(60_000);
    expect(config.maxRxFragmentSize).toBe(2048);
  });

  it('passes every link and application setting of the station to the master', () => {
    const config = dnp3MasterConfig(
      station({ keepAliveMs: 0, retries: 3, maxRxFragmentSize: 65536, disableUnsolicitedAtStartup: false, linkConfirmed: true, linkTimeoutMs: 250, linkRetries: 5 }),
      0,
    );
    expect(config).toMatchObject({ keepAliveMs: 0, retries: 3, maxRxFragmentSize: 65536, disableUnsolicitedAtStartup: false, linkConfirmed: true, linkTimeoutMs: 250, linkRetries: 5 });
    expect(() => resolveMasterConfig(config)).not.toThrow();
  });

  it('refuses at the field what the master would refuse', () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ maxRxFragmentSize: 248 }, 'dnp3.maxRxFragmentSize'],
      [{ maxRxFragmentSize: 65537 }, 'dnp3.maxRxFragmentSize'],
      [{ keepAliveMs: -1 }, 'dnp3.keepAliveMs'],
      [{ retries: 1.5 }, 'dnp3.retries'],
      [{ linkRetries: -1 }, 'dnp3.linkRetries'],
      [{ linkTimeoutMs: 0 }, 'dnp3.linkTimeoutMs'],
      [{ linkConfirmed: 'yes' }, 'dnp3.linkConfirmed'],
    ];
    for (const [dnp3, path] of bad) {
      const result = v.safeParse(StationConfig, { id: 's1', name: 'S1', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 }, dnp3 });
      expect(result.success, path).toBe(false);
      expect(v.getDotPath(result.issues![0]!)).toBe(path);
    }
  });

  it('refuses a negative or fractional feedback window at the field', () => {
    for (const feedbackWindowMs of [-1, 1.5]) {
      const result = v.safeParse(StationConfig, { id: 's1', name: 'S1', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 }, dnp3: { feedbackWindowMs } });
      expect(result.success).toBe(false);
      expect(v.getDotPath(result.issues![0]!)).toBe('dnp3.feedbackWindowMs');
    }
  });

  it("waits for a command's next stage at least as long as the session's own timeouts", () => {
    expect(commandStageWaitMs(station({ feedbackWindowMs: 40_000 }))).toBe(40_000);
    expect(commandStageWaitMs(station({ responseTimeoutMs: 20_000 }))).toBe(20_000);
    expect(commandStageWaitMs(station({}))).toBe(15_000);
    const iec = (iec104: object) => v.parse(StationConfig, { id: 's2', name: 'S2', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: 2404 }, iec104 });
    const expected = iec({ actTerm: 'expected' });
    expect(commandStageWaitMs(expected)).toBe(iec104MasterConfig(expected, 0).termTimeoutMs);
    const longWindow = iec({ actTermWindowMs: 20_000 });
    expect(iec104MasterConfig(longWindow, 0)).toMatchObject({ actTerm: 'auto', actTermWindowMs: 20_000 });
    expect(commandStageWaitMs(longWindow)).toBe(20_000);
    expect(commandStageWaitMs(iec({}))).toBe(15_000);
    expect(commandStageWaitMs(iec({ actTerm: 'none' }))).toBe(15_000);
  });

  it('maps the activation termination setting onto the IEC 104 master and refuses unknown modes at the field', () => {
    const base = { id: 's3', name: 'S3', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: 2404 } };
    expect(iec104MasterConfig(v.parse(StationConfig, base), 0)).toMatchObject({ actTerm: 'auto', actTermWindowMs: 2_000 });
    expect(iec104MasterConfig(v.parse(StationConfig, { ...base, iec104: { actTerm: 'none' } }), 0).actTerm).toBe('none');
    for (const iec104 of [{ actTerm: 'sometimes' }, { actTermWindowMs: 0 }]) {
      const result = v.safeParse(StationConfig, { ...base, iec104 });
      expect(result.success).toBe(false);
      expect(v.getDotPath(result.issues![0]!)).toBe(`iec104.${Object.keys(iec104)[0]}`);
    }
  });

  it("gives the IEC 104 master the station's file directory IOA (4096 by default), refused at the field when it does not fit the IOA size", () => {
    const base = { id: 's4', name: 'S4', protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: 2404 } };
    expect(iec104MasterConfig(v.parse(StationConfig, base), 0).fileDirectoryIoa).toBe(4096);
    expect(iec104MasterConfig(v.parse(StationConfig, { ...base, iec104: { fileDirectoryIoa: 70_000 } }), 0).fileDirectoryIoa).toBe(70_000);
    const small = v.safeParse(StationConfig, { ...base, iec104: { ioaSize: 2, fileDirectoryIoa: 70_000 } });
    expect(small.success).toBe(false);
    expect(v.getDotPath(small.issues![0]!)).toBe('iec104.fileDirectoryIoa');
  });
});
