import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { StationConfig } from '../../../src-shared/workspace/station';
import { stationBackoff, stationEndpoints } from '../../../src-main/engine/stations/driver-link';
import { backoffDelay, backoffOptions } from '../../../src-main/transport/backoff';

describe('stationEndpoints', () => {
  it("uses an IEC 104 station's t0 as the connect timeout of every link of its redundancy group", () => {
    const station = v.parse(StationConfig, {
      id: 'rtu',
      name: 'RTU',
      protocol: 'iec104',
      transport: { kind: 'tcp', host: '127.0.0.1', port: 2404, connectTimeoutMs: 10_000 },
      iec104: { t0Ms: 7_000, redundancy: [{ host: '::1', port: 2405 }] },
    });
    expect(stationEndpoints(station)).toEqual([
      { kind: 'tcp', host: '127.0.0.1', port: 2404, connectTimeoutMs: 7_000 },
      { kind: 'tcp', host: '::1', port: 2405, connectTimeoutMs: 7_000 },
    ]);
  });

  it("uses the transport's connect timeout for a DNP3 station", () => {
    const station = v.parse(StationConfig, { id: 'os', name: 'OS', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000, connectTimeoutMs: 4_000 } });
    expect(stationEndpoints(station)).toEqual([{ kind: 'tcp', host: '127.0.0.1', port: 20000, connectTimeoutMs: 4_000 }]);
  });
});

describe('stationBackoff', () => {
  it('spreads the reconnects of stations cut off together: each delay is 75-100 % of its nominal one, and they differ', () => {
    const station = v.parse(StationConfig, { id: 'os', name: 'OS', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000, reconnectDelayMs: 2_000 } });
    for (const attempt of [0, 1, 4, 10]) {
      const nominal = Math.min(30_000, 2_000 * 2 ** attempt);
      const delays = Array.from({ length: 100 }, () => backoffDelay(attempt, backoffOptions(stationBackoff(station))));
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(nominal * 0.75);
      expect(Math.max(...delays)).toBeLessThanOrEqual(nominal);
      expect(new Set(delays).size).toBeGreaterThan(50);
    }
  });
});
