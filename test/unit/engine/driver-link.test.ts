import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { StationConfig } from '../../../src-shared/workspace/station';
import { stationEndpoints } from '../../../src-main/engine/stations/driver-link';

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
