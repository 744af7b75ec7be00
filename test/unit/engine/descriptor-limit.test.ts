import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { StationConfig, type StationConfigInput } from '../../../src-shared/workspace/station';
import { descriptorWarning, openFileLimitOf } from '../../../src-main/engine/stations/descriptor-limit';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             63459                63459                processes
Max open files            1024                 4096                 files
Max locked memory         8388608              8388608              bytes
`;

function stations(count: number, extra: Partial<StationConfigInput> = {}): StationConfig[] {
  return Array.from({ length: count }, (_, i) =>
    v.parse(StationConfig, { id: `s${i}`, name: `S${i}`, protocol: 'iec104', transport: { kind: 'tcp', host: '127.0.0.1', port: 2404 }, ...extra }),
  );
}

describe('open file limit at scale', () => {
  it('reads the soft limit of /proc/self/limits', () => {
    expect(openFileLimitOf(LIMITS)).toBe(1024);
    expect(openFileLimitOf(LIMITS.replace('1024 ', 'unlimited '))).toBeNull();
    expect(openFileLimitOf('')).toBeNull();
  });

  it('warns when the enabled network stations (and their redundancy links) need more than the limit allows', () => {
    expect(descriptorWarning(stations(700), 1024)).toBeNull();
    expect(descriptorWarning(stations(1000), 1024)).toBe(
      '1000 station connections need about 1256 open files, but this process may open 1024 (ulimit -n): stations beyond the limit fail to connect with EMFILE; raise the limit (ulimit -n, or LimitNOFILE= for a service)',
    );
    expect(descriptorWarning(stations(1000), 20_000)).toBeNull();
    expect(descriptorWarning(stations(1000), null)).toBeNull();
    expect(descriptorWarning(stations(1000, { enabled: false }), 1024)).toBeNull();
    expect(descriptorWarning(stations(400, { iec104: { redundancy: [{ host: '127.0.0.2', port: 2404 }] } }), 1024)).toMatch(/^800 station connections/);
  });
});
