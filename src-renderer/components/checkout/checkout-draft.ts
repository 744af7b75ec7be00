/** What the engineer types for a checkout item before it is saved, and what makes it unusable. */
import type { Checkout } from '../../stores/commissioning';

/** A checkout item. */
type CheckoutItem = Checkout['items'][number];

/** The command check form of one item. */
export interface CheckoutDraft {
  action: string;
  /** Setpoint as typed. */
  value: string;
  direction: 'up' | 'down';
  /** Expected state or value of the feedback point as typed. */
  expected: string;
  /** Allowed deviation as typed (analog feedback). */
  tolerance: string;
  withinMs: number;
}

/** Default time for the feedback point to reach the expected result (as the engine's). */
const DEFAULT_WITHIN_MS = 5000;

/** The form as the item was saved. */
export function checkoutDraft(item: CheckoutItem): CheckoutDraft {
  const action = item.action;
  return {
    action: action?.action ?? '',
    value: action?.action === 'setpoint' ? String(action.value) : '',
    direction: action?.action === 'step' ? action.direction : 'up',
    expected: item.expected,
    tolerance: String(item.tolerance),
    withinMs: item.withinMs ?? DEFAULT_WITHIN_MS,
  };
}

/** Why a tolerance as typed cannot be used, or null. */
export function toleranceProblem(typed: string): string | null {
  const n = Number(typed);
  return typed.trim() === '' || !Number.isFinite(n) || n < 0 ? 'The tolerance must be a number, 0 or more.' : null;
}

/** Why the form cannot be commanded, or null: an expected result is required. */
export function draftProblem(d: CheckoutDraft): string | null {
  if (d.expected.trim() === '') return 'Enter the expected result (the state or value the feedback point must reach) before commanding.';
  if (!Number.isInteger(d.withinMs) || d.withinMs < 100 || d.withinMs > 600_000) return 'The time to reach it must be 100 to 600000 ms.';
  return toleranceProblem(d.tolerance);
}
