import { describe, expect, it } from 'vitest';
import { checkoutDraft, draftProblem, toleranceProblem } from '../../../src-renderer/components/checkout/checkout-draft';

const item = { address: 'ao:0', name: 'Tap setpoint', kind: 'command' as const, expected: '', tolerance: 0.5, action: { action: 'setpoint' as const, value: 12 }, observed: null, result: 'pending' as const, detail: '', by: null, at: null };

describe('checkout command form', () => {
  it('starts from the item as saved', () => {
    expect(checkoutDraft(item)).toEqual({ action: 'setpoint', value: '12', direction: 'up', expected: '', tolerance: '0.5', withinMs: 5000 });
    expect(checkoutDraft({ ...item, action: { action: 'step', direction: 'down' }, withinMs: 800 })).toMatchObject({ action: 'step', direction: 'down', value: '', withinMs: 800 });
  });

  it('refuses to command without an expected result, with a bad tolerance or time', () => {
    const draft = checkoutDraft(item);
    expect(draftProblem(draft)).toMatch(/^Enter the expected result/);
    expect(draftProblem({ ...draft, expected: '  ' })).toMatch(/^Enter the expected result/);
    expect(draftProblem({ ...draft, expected: '12' })).toBeNull();
    expect(draftProblem({ ...draft, expected: '12', tolerance: '-1' })).toBe('The tolerance must be a number, 0 or more.');
    expect(draftProblem({ ...draft, expected: '12', withinMs: 50 })).toBe('The time to reach it must be 100 to 600000 ms.');
    expect(toleranceProblem('')).not.toBeNull();
    expect(toleranceProblem('0')).toBeNull();
  });
});
