/** The station details' rows of a serial station's line. */
import { describe, expect, it } from 'vitest';
import { serialLineRows } from '../../../../src-renderer/views/station-display';
import type { StationStats } from '../../../../src-renderer/stores/stations';

describe('station details of a serial line', () => {
  const base = { id: 's', framesTx: 0, framesRx: 0, bytesTx: 0, bytesRx: 0, errors: {}, reconnects: 0, lastResponseMs: null, avgResponseMs: null, maxResponseMs: null, updates: 0, connectedSince: null } satisfies StationStats;

  it('shows nothing for a network station, and a closed port as such', () => {
    expect(serialLineRows(base)).toEqual([]);
    expect(serialLineRows({ ...base, serialLine: null })).toEqual([['Serial port', 'closed (not connected)']]);
  });

  it('shows the port, the outstations sharing it and the line counters', () => {
    const line = { path: '/dev/ttyUSB0', format: '9600 8N1', stations: [10, 11], bytesTx: 1, bytesRx: 2, framesTx: 120, framesRx: 118, crcErrors: 1, discardedOctets: 7, unroutedFrames: 0, transactions: 60, holdTimeouts: 2, maxWaitMs: 311.4, holder: 11 };
    const rows = Object.fromEntries(serialLineRows({ ...base, serialLine: line }));
    expect(rows).toEqual({
      'Serial port': '/dev/ttyUSB0 9600 8N1',
      'Outstations on the line': '10, 11 (line held by 11)',
      'Line frames received / sent': '118 / 120',
      'Line errors': '1 CRC, 7 octets outside frames, 0 frames from other addresses',
      'Line transactions': '60, 2 without answer; longest wait for the line 311 ms',
    });
  });
});
