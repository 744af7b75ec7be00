import { describe, expect, it } from 'vitest';
import { valueText } from '../../../src-main/engine/points/value-text';

describe('numbers in the engine texts', () => {
  it('reads a short float as the device meant it', () => {
    expect(valueText(Math.fround(55.3))).toBe('55.3');
    expect(valueText(Math.fround(15.3) + 40)).toBe('55.3');
    expect(valueText(Math.fround(27.9))).toBe('27.9');
    expect(valueText(Math.fround(-0.125))).toBe('-0.125');
  });

  it('keeps integers whole and the digits a large value needs', () => {
    expect(valueText(1482316)).toBe('1482316');
    expect(valueText(1482316.5)).toBe('1482316.5');
    expect(valueText(0.000123456789)).toBe('0.000123457');
    expect(valueText(Number.NaN)).toBe('NaN');
  });
});
