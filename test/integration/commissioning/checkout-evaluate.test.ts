import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src-main/commissioning/checkout/checkout-evaluate';

const seen = (value: number | boolean | string | null, quality: string[] = ['ONLINE'], label?: string) => ({ value, quality, time: null, ...(label ? { label } : {}) });

describe('checkout pass/fail', () => {
  it('compares numbers within the tolerance', () => {
    expect(evaluate('dnp3', '100', 0.5, seen(100.4)).pass).toBe(true);
    expect(evaluate('dnp3', '100', 0.5, seen(100.6))).toEqual({ pass: false, detail: '100.6 is 0.6 from 100 (tolerance 0.5)' });
  });

  it('compares binaries with true/false, on/off, 1/0 and state labels', () => {
    expect(evaluate('dnp3', 'on', 0, seen(true)).pass).toBe(true);
    expect(evaluate('dnp3', 'OFF', 0, seen(true)).pass).toBe(false);
    expect(evaluate('dnp3', '1', 0, seen(true)).pass).toBe(true);
    expect(evaluate('dnp3', 'Closed', 0, seen(true, ['ONLINE'], 'Closed')).pass).toBe(true);
    expect(evaluate('dnp3', 'Tripped', 0, seen(1, ['ONLINE'], 'Tripped')).pass).toBe(true);
    expect(evaluate('dnp3', 'Tripped', 0, seen(0, ['ONLINE'], 'Normal'))).toEqual({ pass: false, detail: 'state Normal, expected Tripped' });
  });

  it('fails on bad quality, no value or no expectation', () => {
    expect(evaluate('iec104', '1', 0, seen(1, ['IV']))).toEqual({ pass: false, detail: 'bad quality: IV' });
    expect(evaluate('iec104', '1', 0, seen(1, []))).toEqual({ pass: true, detail: '1 within 0 of 1' });
    expect(evaluate('iec104', '1', 0, seen(1, ['OV']))).toEqual({ pass: false, detail: 'bad quality: OV' });
    expect(evaluate('dnp3', '1', 0, seen(1, []))).toEqual({ pass: false, detail: 'bad quality: not ONLINE' });
    expect(evaluate('dnp3', '1', 0, seen(1, ['ONLINE', 'OVER_RANGE']))).toEqual({ pass: false, detail: 'bad quality: OVER_RANGE' });
    expect(evaluate('dnp3', '1', 0, seen(1, ['ONLINE', 'COMM_LOST'])).pass).toBe(false);
    expect(evaluate('dnp3', '1', 0, null)).toEqual({ pass: false, detail: 'no value received' });
    expect(evaluate('dnp3', ' ', 0, seen(1))).toEqual({ pass: false, detail: 'no expected value entered' });
  });
});
