/** The demo's DNP3 simulator is one device across connections, as `sim dnp3` is. */
import { describe, expect, it } from 'vitest';
import { startDemo } from '../../../src-main/engine/demo/demo-runtime';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { runCommand } from '../cli/helpers/cli-run';

describe('demo DNP3 simulator', () => {
  it('keeps what a CROB set for the next connection', async () => {
    const demo = await startDemo();
    try {
      const url = `dnp3://127.0.0.1:${demo.ports.dnp3}?master=1&outstation=10`;
      expect((await runCommand(COMMANDS, ['operate', url, '--point', 'bo:3', '--on', '--direct'])).code).toBe(0);
      const poll = await runCommand(COMMANDS, ['poll', url, '--json']);
      expect((JSON.parse(poll.stdout[0]!) as Array<{ ref: string; value: unknown }>).find((p) => p.ref === 'bo:3')?.value).toBe(true);
    } finally {
      await demo.stop();
    }
  });
});
