/**
 * Whether a DNP3 outstation answers a master address other than the configured one. A
 * harmless read (class 0, which changes nothing in the device) is sent from another
 * source address; an outstation that answers it serves any master that reaches it. When
 * it stays silent, the same read from the configured master shows whether the silence
 * means anything.
 */
import { encodeLinkFrame, FunctionCode, LinkFramer, LinkFunction, segmentFragment } from '../../protocols/dnp3';
import type { Exchange } from '../probes/link-probe';
import { closeGracefully, roundTrip, type RoundTripOutcome } from './probe-socket';
import { found, notRun, openStation, passed, type PostureResult, type PostureTarget } from './posture';

/** Highest DNP3 address a master may use (0xFFF0 and up are reserved or broadcast). */
const MAX_MASTER = 0xffef;

/** The other master address tried: the configured one plus one (minus one at the top), never the outstation's. */
function otherMasterAddress(master: number, outstation: number): number {
  const step = (a: number): number => (a >= MAX_MASTER ? a - 1 : a + 1);
  const next = step(master);
  return next === outstation ? step(next) : next;
}

/** READ class 0 from `source`: answered when the outstation sends user data to `source` (not, say, its unsolicited null response to the configured master). */
function classZeroRead(source: number, outstation: number): Exchange {
  // application header: AC FIR|FIN seq 0, function READ; object header g60v1 (class 0), qualifier 0x06 (all)
  const fragment = Uint8Array.of(0xc0, FunctionCode.READ, 60, 1, 0x06);
  const segment = segmentFragment(fragment, 0).segments[0]!;
  const request = encodeLinkFrame({ dir: true, prm: true, func: LinkFunction.UNCONFIRMED_USER_DATA, destination: outstation, source, payload: segment });
  const framer = new LinkFramer();
  return {
    request,
    feed(bytes) {
      for (const item of framer.push(bytes)) {
        if (item.ok && item.frame.prm && item.frame.source === outstation && item.frame.destination === source) return { ms: 0, from: `${item.frame.source}->${item.frame.destination}` };
      }
      return 'pending';
    },
  };
}

async function readAs(t: PostureTarget, source: number): Promise<RoundTripOutcome | string> {
  const opened = await openStation(t);
  if (!opened.ok) return `no connection (${opened.code})`;
  const outcome = await roundTrip(opened.socket, classZeroRead(source, t.outstationAddress), t.timeoutMs);
  await closeGracefully(opened.socket);
  return outcome;
}

/** The master-address part of the check. */
export async function checkMasterAddress(t: PostureTarget): Promise<PostureResult> {
  const name = 'other master address';
  const other = otherMasterAddress(t.masterAddress, t.outstationAddress);
  const outcome = await readAs(t, other);
  if (outcome === 'answered') {
    return found(name, `a class 0 read from master ${other} was answered`, {
      code: 'ANY_MASTER_ANSWERED',
      severity: 'medium',
      message: `outstation ${t.outstationAddress} answered a read from master address ${other}; the configured master is ${t.masterAddress}`,
      explanation: 'The outstation serves whatever master address asks, so nothing but the network stands between any host that reaches the port and the device.',
      fix: [`Configure the outstation to accept requests only from master address ${t.masterAddress} (source address validation)`, 'Allow only the masters\' IP addresses to the port on the firewall'],
    });
  }
  if (outcome !== 'silent' && outcome !== 'closed') return notRun(name, outcome);
  const control = await readAs(t, t.masterAddress);
  if (control !== 'answered') return notRun(name, `master ${other} got no answer, but neither did the configured master ${t.masterAddress} (${control}): cannot tell`);
  return passed(name, `a class 0 read from master ${other} was ignored; master ${t.masterAddress} is answered`);
}
