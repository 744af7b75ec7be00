/**
 * Whether a DNP3 outstation protects its controls with Secure Authentication (IEEE 1815
 * SAv5 / IEC 62351-5), asked without operating anything: a session key status request
 * (AUTHENTICATE_REQ, g120v4 for user 1) changes nothing in the device. An outstation that
 * speaks SA answers with a key status (AUTHENTICATE_RESP, g120v5) and challenges its
 * critical functions; one that does not refuses the function (IIN2.0
 * NO_FUNC_CODE_SUPPORT) or answers without a g120 object.
 */
import type { SecurityFinding } from '../../../src-shared/ipc/schemas/security';
import { authObjectOctets, encodeLinkFrame, FunctionCode, LinkFramer, LinkFunction, segmentFragment } from '../../protocols/dnp3';
import type { Exchange } from '../probes/link-probe';
import { closeGracefully, roundTrip } from './probe-socket';
import { found, openStation, type PostureResult, type PostureTarget } from './posture';

/** What is known about Secure Authentication on the outstation. */
type SecureAuthStatus =
  | { state: 'protected'; detail: string }
  | { state: 'not-protected'; detail: string }
  | { state: 'not-detectable'; detail: string };

/** IIN2.0: the outstation does not support the function code. */
const NO_FUNC_CODE_SUPPORT = 0x0100;

/** The first application fragment the outstation sends back, as far as one link frame carries it. */
interface Answer {
  function: number;
  iin: number;
  groups: number[];
}

/** The key status request of user 1, and the reading of the answer's function, IIN and first object group. */
function keyStatusRequest(t: PostureTarget, answer: { value: Answer | null }): Exchange {
  const fragment = Uint8Array.of(0xc0, FunctionCode.AUTHENTICATE_REQ, ...authObjectOctets(4, { user: 1 }));
  const segment = segmentFragment(fragment, 0).segments[0]!;
  const request = encodeLinkFrame({ dir: true, prm: true, func: LinkFunction.UNCONFIRMED_USER_DATA, destination: t.outstationAddress, source: t.masterAddress, payload: segment });
  const framer = new LinkFramer();
  return {
    request,
    feed(bytes) {
      for (const item of framer.push(bytes)) {
        const f = item.ok ? item.frame : null;
        // payload: transport header, then the application header (AC, function, IIN) and the first object header
        if (!f?.prm || f.source !== t.outstationAddress || f.destination !== t.masterAddress || f.payload.length < 5) continue;
        const app = f.payload.subarray(1);
        if (app[1] === FunctionCode.UNSOLICITED_RESPONSE) continue; // e.g. its null unsolicited response at start-up
        answer.value = { function: app[1]!, iin: app[2]! | (app[3]! << 8), groups: app.length > 4 ? [app[4]!] : [] };
        return { ms: 0 };
      }
      return 'pending';
    },
  };
}

/** Asks the outstation for the key status of user 1 and judges the answer. */
async function detectSecureAuth(t: PostureTarget): Promise<SecureAuthStatus> {
  const opened = await openStation(t);
  if (!opened.ok) return { state: 'not-detectable', detail: `no connection to ask it (${opened.code})` };
  const answer: { value: Answer | null } = { value: null };
  const outcome = await roundTrip(opened.socket, keyStatusRequest(t, answer), t.timeoutMs);
  await closeGracefully(opened.socket);
  const a = answer.value;
  if (outcome !== 'answered' || a === null) return { state: 'not-detectable', detail: `outstation ${t.outstationAddress} did not answer a session key status request (${outcome})` };
  if (a.function === FunctionCode.AUTHENTICATE_RESP && a.groups[0] === 120) {
    return { state: 'protected', detail: `outstation ${t.outstationAddress} answers a session key status request (g120v5): it speaks SAv5 and challenges its critical functions` };
  }
  if (a.iin & NO_FUNC_CODE_SUPPORT) {
    return { state: 'not-protected', detail: `outstation ${t.outstationAddress} refuses AUTHENTICATE_REQ (IIN2.0 NO_FUNC_CODE_SUPPORT): it does not speak SAv5` };
  }
  return { state: 'not-protected', detail: `outstation ${t.outstationAddress} answered a session key status request without a key status (function ${a.function}): it does not speak SAv5` };
}

const FIX = [
  'Enable Secure Authentication (SAv5, IEC 62351-5) on the outstation for all control functions (aggressive mode or challenge of every CROB and analog output)',
  'Configure the masters with the update keys, and keep controls blocked for masters without them',
];

function finding(status: Exclude<SecureAuthStatus, { state: 'protected' }>): SecurityFinding {
  const explanation = 'Without Secure Authentication the outstation executes any well-formed control from any master that reaches it; TLS protects the link, not who may operate.';
  return status.state === 'not-protected'
    ? { code: 'SA_NOT_PROTECTED', severity: 'high', message: `controls are not protected by Secure Authentication: ${status.detail}`, explanation, fix: FIX }
    : { code: 'SA_NOT_DETECTED', severity: 'medium', message: `Secure Authentication of controls: not detectable: ${status.detail}`, explanation, fix: FIX };
}

/** The Secure Authentication part of the check. */
export async function checkSecureAuth(t: PostureTarget): Promise<PostureResult> {
  const status = await detectSecureAuth(t);
  if (status.state === 'protected') return { checks: [{ name: 'Secure Authentication', outcome: 'passed', detail: status.detail }], findings: [] };
  return found('Secure Authentication', status.state === 'not-protected' ? 'controls not protected' : 'not detectable', finding(status));
}
