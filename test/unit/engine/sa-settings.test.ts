/**
 * A station's Secure Authentication settings as the master and the simulator get them:
 * the session key change limits and the function codes a utility adds to the standard's
 * critical list, from the workspace through to the protocol configuration.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CRITICAL_FUNCTIONS } from '../../../src-main/protocols/dnp3';
import { masterSaConfigWithKey, outstationSaConfig } from '../../../src-main/engine/stations/sa-key-file';
import { StationConfig } from '../../../src-shared/workspace/station';
import * as v from 'valibot';

const KEY = new Uint8Array(32).fill(7);

describe('Secure Authentication settings of a station', () => {
  it('passes the key change interval (s to ms), count and extra critical functions to the master, the standard list kept', () => {
    const c = masterSaConfigWithKey({ user: 2, aggressive: false, macOctets: 8, keyChangeIntervalS: 60, keyChangeCount: 50, extraCriticalFunctions: [20, 21, 3] }, KEY);
    expect(c).toMatchObject({ user: 2, macAlgorithm: 3, keyChangeIntervalMs: 60_000, keyChangeCount: 50 });
    expect(c.criticalFunctions).toEqual([...DEFAULT_CRITICAL_FUNCTIONS, 20, 21]);
  });

  it('leaves the protocol defaults when the settings name none; the simulator challenges its extra functions', () => {
    const c = masterSaConfigWithKey({ user: 1, aggressive: true, macOctets: 16 }, KEY);
    expect(c.keyChangeIntervalMs).toBeUndefined();
    expect(c.keyChangeCount).toBeUndefined();
    expect(c.criticalFunctions).toEqual(DEFAULT_CRITICAL_FUNCTIONS);
    expect(outstationSaConfig({ user: 1, updateKey: KEY, role: 'engineer', aggressive: false, extraCritical: [22] }).criticalFunctions).toEqual([...DEFAULT_CRITICAL_FUNCTIONS, 22]);
  });

  it('the workspace gives the IEEE 1815 defaults and refuses a function code or interval out of range, at the field', () => {
    const station = (sa: Record<string, unknown>) => ({ id: 's', name: 's', protocol: 'dnp3', transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 }, dnp3: { secureAuth: { keyFile: '/k', ...sa } } });
    const ok = v.safeParse(StationConfig, station({}));
    expect(ok.success && ok.output.dnp3.secureAuth).toMatchObject({ keyChangeIntervalS: 900, keyChangeCount: 1000, extraCriticalFunctions: [] });
    const bad = v.safeParse(StationConfig, station({ extraCriticalFunctions: [300], keyChangeIntervalS: 1 }));
    expect(bad.success).toBe(false);
    const paths = bad.issues?.map((i) => v.getDotPath(i)) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['dnp3.secureAuth.extraCriticalFunctions.0', 'dnp3.secureAuth.keyChangeIntervalS']));
  });
});
