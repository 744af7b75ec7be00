/**
 * Whether a DNP3 outstation protects its controls with Secure Authentication (IEEE 1815
 * SAv5 / IEC 62351-5). This is the one place where SA detection plugs in: once the master
 * speaks SA, `detectSecureAuth` asks the outstation (a control answered with a g120
 * challenge is protected) and the rest of the check stays as it is.
 */
import type { SecurityFinding } from '../../../src-shared/ipc/schemas/security';
import { found, type PostureResult, type PostureTarget } from './posture';

/** What is known about Secure Authentication on the outstation. */
type SecureAuthStatus =
  | { state: 'protected'; detail: string }
  | { state: 'not-protected'; detail: string }
  | { state: 'not-detectable'; detail: string };

/** Asks the outstation whether its controls are protected by Secure Authentication. */
function detectSecureAuth(t: PostureTarget): Promise<SecureAuthStatus> {
  return Promise.resolve({
    state: 'not-detectable',
    detail: `this master does not speak DNP3 Secure Authentication yet, so it cannot ask outstation ${t.outstationAddress} whether its controls are protected`,
  });
}

const FIX = [
  'Enable Secure Authentication (SAv5, IEC 62351-5) on the outstation for all control functions (aggressive mode or challenge of every CROB and analog output)',
  'Configure the masters with the update keys, and keep controls blocked for masters without them',
];

function finding(status: Exclude<SecureAuthStatus, { state: 'protected' }>): SecurityFinding {
  const explanation = 'Without Secure Authentication the outstation executes any well-formed control from any master that reaches it; TLS protects the link, not who may operate.';
  return status.state === 'not-protected'
    ? { code: 'SA_NOT_PROTECTED', severity: 'high', message: `controls are not protected by Secure Authentication: ${status.detail}`, explanation, fix: FIX }
    : { code: 'SA_NOT_DETECTED', severity: 'medium', message: `Secure Authentication of controls: not protected as far as can be told (not detectable): ${status.detail}`, explanation, fix: FIX };
}

/** The Secure Authentication part of the check. */
export async function checkSecureAuth(t: PostureTarget): Promise<PostureResult> {
  const status = await detectSecureAuth(t);
  if (status.state === 'protected') return { checks: [{ name: 'Secure Authentication', outcome: 'passed', detail: status.detail }], findings: [] };
  return found('Secure Authentication', status.state === 'not-protected' ? 'controls not protected' : 'not detectable', finding(status));
}
