/** The one quality vocabulary: what is invalid, questionable and abnormal, and the master's own marks. */
import { describe, expect, it } from 'vitest';
import { commLostQuality, isAbnormalQuality, isCommLost, isInvalidQuality, protocolOfAddress, qualityProblems, staleQuality } from '../../../src-shared/quality';

describe('quality vocabulary', () => {
  it('finds invalid values: IEC 104 IV and NT, a DNP3 point not ONLINE or restarting, and the master marks', () => {
    expect(isInvalidQuality('iec104', [])).toBe(false);
    expect(isInvalidQuality('iec104', ['IV'])).toBe(true);
    expect(isInvalidQuality('iec104', ['NT'])).toBe(true);
    expect(isInvalidQuality('iec104', ['SB', 'BL'])).toBe(false);
    expect(isInvalidQuality('dnp3', ['ONLINE'])).toBe(false);
    expect(isInvalidQuality('dnp3', [])).toBe(true);
    expect(isInvalidQuality('dnp3', ['ONLINE', 'RESTART'])).toBe(true);
    expect(isInvalidQuality('dnp3', ['ONLINE', 'COMM_LOST'])).toBe(true);
    expect(isInvalidQuality('dnp3', ['ONLINE', 'STALE'])).toBe(true);
    expect(isInvalidQuality('dnp3', ['ONLINE', 'CHATTER_FILTER'])).toBe(false);
  });

  it('names the problems a checkout fails on, and what an operator should notice', () => {
    expect(qualityProblems('dnp3', ['LOCAL_FORCED'])).toEqual(['not ONLINE', 'LOCAL_FORCED']);
    expect(qualityProblems('dnp3', ['ONLINE', 'ROLLOVER'])).toEqual([]);
    expect(qualityProblems('iec104', ['NT', 'SB', 'CY'])).toEqual(['NT', 'SB']);
    expect(qualityProblems('iec104', ['STALE'])).toEqual(['STALE']);
    expect(isAbnormalQuality(['ONLINE'])).toBe(false);
    expect(isAbnormalQuality(['ONLINE', 'ROLLOVER'])).toBe(true);
    expect(isCommLost(['ONLINE', 'COMM_LOST'])).toBe(true);
  });

  it('marks comm loss and staleness once, IEC 104 also as not topical', () => {
    expect(commLostQuality('dnp3', ['ONLINE'])).toEqual(['ONLINE', 'COMM_LOST']);
    expect(commLostQuality('iec104', ['NT'])).toEqual(['NT', 'COMM_LOST']);
    expect(commLostQuality('iec104', ['NT', 'COMM_LOST'])).toBeNull();
    expect(staleQuality('iec104', ['SB'])).toEqual(['SB', 'NT', 'STALE']);
    expect(staleQuality('dnp3', ['ONLINE', 'STALE'])).toBeNull();
    expect(staleQuality('dnp3', ['ONLINE', 'COMM_LOST'])).toBeNull();
  });

  it('tells the protocol from the address', () => {
    expect(protocolOfAddress('ioa:3001@1')).toBe('iec104');
    expect(protocolOfAddress('ai:7')).toBe('dnp3');
  });
});
