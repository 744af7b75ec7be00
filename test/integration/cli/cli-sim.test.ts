import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/host/cli/cli';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { captureIo, runCommand } from './helpers/cli-run';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);

/** Runs `sim` in-process until `body` is done, after its address lines were printed. */
async function withSim(argv: string[], body: (url: string, stdout: string[]) => Promise<void>): Promise<void> {
  const io = captureIo();
  const exit = runCli(['sim', ...argv], COMMANDS, 'test', io);
  try {
    await expect.poll(() => io.stdout.length, { timeout: 10_000 }).toBeGreaterThan(2);
    await body(/(\S+:\/\/\S+)/.exec(io.stdout[0]!)![1]!, io.stdout);
  } finally {
    io.interrupt();
    expect(await exit).toBe(0);
  }
}

describe('sim', () => {
  it('prints the IEC 104 command addresses with their type and status point at start', async () => {
    await withSim(['iec104', '--port', '0', '--rate', '0'], async (url, stdout) => {
      expect(url).toMatch(/^iec104:\/\/127\.0\.0\.1:\d+\?ca=1$/);
      expect(stdout[1]).toBe('commands:');
      expect(stdout).toContain('  ioa:5001 C_SC_NA_1, status ioa:1001');
      expect(stdout).toContain('  ioa:5002 C_DC_NA_1, status ioa:1002, select required');
      expect(stdout).toContain('  ioa:5007 C_SE_NC_1, status ioa:1007');
      // The printed address is one the station accepts.
      const r = await run(['operate', url, '--point', 'ioa:5001', '--on', '--direct']);
      expect(r.code).toBe(0);
    });
  });

  it('keeps one DNP3 database across connections: a CROB is what the next poll reads', async () => {
    await withSim(['dnp3', '--port', '0', '--rate', '0', '--points', '3'], async (url, stdout) => {
      expect(stdout.slice(1, 5)).toEqual(['points:', '  bi:0-2 binary inputs', '  dbi:0-2 double-bit inputs', '  bo:0-2 binary output status, CROB target']);
      const poll = async (): Promise<unknown> => {
        const r = await run(['poll', url, '--json']);
        return (JSON.parse(r.stdout[0]!) as Array<{ ref: string; value: unknown }>).find((p) => p.ref === 'bo:1')?.value;
      };
      expect(await poll()).toBe(false);
      const on = await run(['operate', url, '--point', 'bo:1', '--on']);
      expect(on.code).toBe(0);
      expect(on.stdout.at(-1)).toMatch(/SUCCESS/);
      expect(await poll()).toBe(true);
      expect((await run(['operate', url, '--point', 'bo:1', '--off', '--direct'])).code).toBe(0);
      expect(await poll()).toBe(false);
    });
  });
});
