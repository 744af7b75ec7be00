/** The station details' rows of a DNP3 station's Secure Authentication. */
import { describe, expect, it } from 'vitest';
import { secureAuthRows } from '../../../../src-renderer/views/station-display';
import type { StationStats } from '../../../../src-renderer/stores/stations';

describe('station details of Secure Authentication', () => {
  const base = { id: 's', framesTx: 0, framesRx: 0, bytesTx: 0, bytesRx: 0, errors: {}, reconnects: 0, lastResponseMs: null, avgResponseMs: null, maxResponseMs: null, updates: 0, connectedSince: null } satisfies StationStats;
  const sa = { user: 3, keyStatus: 'OK', keyChanges: 2, challenges: 1234, aggressive: 0, failures: 1 };

  it('shows nothing for a station without SA', () => {
    expect(secureAuthRows(base)).toEqual([]);
    expect(secureAuthRows({ ...base, secureAuth: null })).toEqual([]);
  });

  it('shows the user, whether the session keys are in force, and the counters', () => {
    expect(Object.fromEntries(secureAuthRows({ ...base, secureAuth: sa }))).toEqual({
      'Secure Authentication': 'user 3, session keys in force (OK)',
      'SA exchanges': '2 key changes, 1,234 challenges answered, 0 aggressive-mode requests, 1 failures',
    });
    expect(secureAuthRows({ ...base, secureAuth: { ...sa, keyStatus: 'AUTH_FAIL' } })[0]).toEqual(['Secure Authentication', 'user 3, session keys not in force (AUTH_FAIL)']);
  });
});
