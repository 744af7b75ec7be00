/**
 * What Secure Authentication protects and who may do it: the critical function codes an
 * outstation challenges (IEEE 1815-2012 clause 7.5.1.1 lists those that change the
 * outstation: controls, writes, restarts, and more a utility may add), and the roles of
 * users (after IEC 62351-8) with the critical functions each may issue.
 */
import { FunctionCode } from '../app/control';

/**
 * Critical by default: WRITE, SELECT, OPERATE, DIRECT_OPERATE, DIRECT_OPERATE_NR,
 * COLD_RESTART and WARM_RESTART. A station may list others (e.g. ENABLE_UNSOLICITED).
 */
export const DEFAULT_CRITICAL_FUNCTIONS: readonly number[] = [
  FunctionCode.WRITE,
  FunctionCode.SELECT,
  FunctionCode.OPERATE,
  FunctionCode.DIRECT_OPERATE,
  FunctionCode.DIRECT_OPERATE_NR,
  FunctionCode.COLD_RESTART,
  FunctionCode.WARM_RESTART,
];

/** A user's role: a viewer issues no critical function, an operator controls, an engineer does every critical function. */
export type SaRole = 'viewer' | 'operator' | 'engineer';

const CONTROLS: readonly number[] = [FunctionCode.SELECT, FunctionCode.OPERATE, FunctionCode.DIRECT_OPERATE, FunctionCode.DIRECT_OPERATE_NR];

/** True when a user of `role` may issue the critical function `fc`. */
export function roleAllows(role: SaRole, fc: number): boolean {
  return role === 'engineer' || (role === 'operator' && CONTROLS.includes(fc));
}
