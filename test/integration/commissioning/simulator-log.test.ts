/**
 * What the simulators tell their operator about masters they drop or refuse: the reason
 * the hosted session closed a connection, and the connection limit.
 */
import { describe, expect, it } from 'vitest';
import type { TransportError } from '../../../src-main/transport';
import type { ClientRejection } from '../../../src-main/commissioning/target/simulator';
import { openTarget } from '../../../src-main/commissioning/target/target-session';
import { parseTargetUrl } from '../../../src-main/commissioning/target/target-url';
import { waitFor } from '../transport/helpers/test-sessions';
import { startSim } from '../cli/helpers/sims';

async function connect(url: string): Promise<void> {
  const target = parseTargetUrl(url);
  if (!target.ok) throw new Error(target.error.message);
  const opened = await openTarget(target.value, { timeoutMs: 1000 });
  if (opened.ok) await opened.value.close();
}

describe('simulator log', () => {
  it('an IEC 104 station that drops a DNP3 master says why: the first octet is not 68', async () => {
    const left: Array<TransportError | undefined> = [];
    const sim = await startSim({ protocol: 'iec104', rate: 0, onConnection: (_c, error) => left.push(error) });
    try {
      await connect(`dnp3://127.0.0.1:${new URL(sim.url).port}`);
      await waitFor(() => left.some((e) => e !== undefined), 5000, 'the dropped master');
      expect(left.find((e) => e !== undefined)?.message).toMatch(/^closed here: FRAME_BAD_START: start octet 0x5 is not 0x68/);
    } finally {
      await sim.close();
    }
  });

  it('a simulator at its limit of masters names the limit for each master it refuses', async () => {
    const refused: Array<[ClientRejection, string]> = [];
    const sim = await startSim({ protocol: 'dnp3', rate: 0, maxConnections: 0, onRejected: (r, remote) => refused.push([r, remote]) });
    try {
      await connect(sim.url);
      await waitFor(() => refused.length > 0, 5000, 'the refusal');
      expect(refused[0]).toEqual([{ code: 'CLOSED', reason: 'limit of 0 concurrent masters reached' }, expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
    } finally {
      await sim.close();
    }
  });
});
