/**
 * `sim dnp3|iec104 --stations K`: K independent simulated stations in one process, on free
 * ports (`--port 0`) or on consecutive ports from `--port N`; each answers a master, a
 * command on one is not seen by another; a port that cannot be bound names the port and
 * leaves nothing listening.
 */
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/host/cli/cli';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { freePort } from '../helpers/mosquitto';
import { captureIo, runCommand } from './helpers/cli-run';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);

function pointValue(lines: string[], ref: string): unknown {
  return (JSON.parse(lines.join('\n')) as Array<{ ref: string; value: unknown }>).find((p) => p.ref === ref)?.value;
}

async function listenOn(port: number): Promise<Server | null> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('sim --stations', () => {
  it('serves independent stations on free ports, one URL a line', async () => {
    const io = captureIo();
    const exit = runCli(['sim', 'dnp3', '--stations', '3', '--port', '0', '--rate', '0', '--points', '2'], COMMANDS, 'test', io);
    try {
      await expect.poll(() => io.stdout.length, { timeout: 10_000 }).toBeGreaterThan(4);
      expect(io.stdout[0]).toBe('3 DNP3 outstation simulators listening on free ports:');
      const urls = io.stdout.slice(1, 4).map((l) => l.trim());
      for (const url of urls) expect(url).toMatch(/^dnp3:\/\/127\.0\.0\.1:\d+\?master=1&outstation=10$/);
      expect(new Set(urls).size).toBe(3);
      expect(io.stdout[4]).toBe('points (each station):');
      expect((await run(['operate', urls[1]!, '--point', 'bo:0', '--on', '--direct'])).code).toBe(0);
      const polls = await Promise.all(urls.map((url) => run(['poll', url, '--json'])));
      expect(polls.map((p) => p.code)).toEqual([0, 0, 0]);
      // The command reached the second station's database only.
      expect(polls.map((p) => pointValue(p.stdout, 'bo:0'))).toEqual([false, true, false]);
    } finally {
      io.interrupt();
      expect(await exit).toBe(0);
    }
  });

  it('takes consecutive ports from --port N; one that is taken names the port and leaves none listening', async () => {
    let first = 0;
    let blocker: Server | null = null;
    while (!blocker) {
      first = await freePort();
      if (first < 65535) blocker = await listenOn(first + 1);
    }
    try {
      const r = await run(['sim', 'iec104', '--stations', '3', '--port', String(first), '--rate', '0']);
      expect(r.code).toBe(3);
      expect(r.stderr[0]).toMatch(new RegExp(`^switchyard: sim: cannot listen: port ${first + 1}: `));
      const again = await listenOn(first);
      expect(again).not.toBeNull();
      again?.close();
    } finally {
      blocker.close();
    }
    const beyond = await run(['sim', 'dnp3', '--stations', '2', '--port', '65535']);
    expect(beyond).toMatchObject({ code: 2, stderr: ['switchyard: sim: --port 65535 with --stations 2 goes beyond port 65535'] });
  });
});
