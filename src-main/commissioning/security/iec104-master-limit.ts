/**
 * Whether an IEC 104 station accepts more simultaneous masters than it should: the check
 * opens one connection more than the expected maximum, starts data transfer (STARTDT) on
 * each and keeps them open until all have answered or been refused. Masters connected
 * already (the control centre's) count toward the station's limit too.
 */
import { ApduFramer, decodeApci, encodeU } from '../../protocols/iec104';
import type { Exchange } from '../probes/link-probe';
import { closeGracefully, roundTrip } from './probe-socket';
import { found, openStation, passed, type PostureResult, type PostureTarget } from './posture';
import type { Socket } from 'node:net';

/** STARTDT act, answered by STARTDT con. */
function startDt(): Exchange {
  const framer = new ApduFramer();
  return {
    request: encodeU('STARTDT_ACT'),
    feed(bytes) {
      for (const frame of framer.push(bytes).frames) {
        const apci = decodeApci(frame);
        if (apci.ok && apci.value.format === 'U' && apci.value.fn === 'STARTDT_CON') return { ms: 0 };
      }
      return 'pending';
    },
  };
}

/** The simultaneous-masters part of the check. */
export async function checkMasterLimit(t: PostureTarget): Promise<PostureResult> {
  const name = 'simultaneous masters';
  const open: Socket[] = [];
  let started = 0;
  const tries = t.maxMasters + 1;
  try {
    for (let i = 0; i < tries; i++) {
      const opened = await openStation(t);
      if (!opened.ok) continue;
      open.push(opened.socket);
      if ((await roundTrip(opened.socket, startDt(), t.timeoutMs)) === 'answered') started++;
    }
  } finally {
    await Promise.all(open.map((s) => closeGracefully(s)));
  }
  const detail = `${started} of ${tries} simultaneous connections confirmed STARTDT (expected at most ${t.maxMasters})`;
  if (started <= t.maxMasters) return passed(name, detail);
  return found(name, detail, {
    code: 'TOO_MANY_MASTERS',
    severity: 'medium',
    message: `the station started data transfer with ${started} masters at once; it should accept at most ${t.maxMasters}`,
    explanation: 'Every extra connection is a master that can command the station: a rogue host gets in beside the control centre without anyone being pushed out.',
    fix: [`Set the station's maximum number of connections (or redundancy group size) to ${t.maxMasters}`, 'Allow only the masters\' IP addresses to the port on the firewall'],
  });
}
