/**
 * DNP3 Secure Authentication v5 end to end over loopback TCP: `sim dnp3 --sa-update-key`
 * enforces SA, `operate` with `sa-user`/`sa-key-file` in the URL authenticates, and every
 * refusal is named in the result and on the simulator's stderr. The CROB is executed only
 * when authenticated (checked with `poll`).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/host/cli/cli';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { makeTestPki, type TestPki } from '../transport/helpers/test-pki';
import { HAVE_SOCAT, VirtualSerialPair } from '../helpers/virtual-serial';
import { captureIo, runCommand } from './helpers/cli-run';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);
const dir = mkdtempSync(join(tmpdir(), 'sa-keys-'));
function keyFile(name: string, hex: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, `${hex}\n`);
  chmodSync(path, mode);
  return path;
}
const KEY = keyFile('user1.key', '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const WRONG = keyFile('wrong.key', 'ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');

/** Runs `sim dnp3` with SA until `body` is done (`base`: where it serves; TCP on a free port by default). */
async function withSaSim(extra: string[], body: (url: string, stderr: string[], stdout: string[]) => Promise<void>, base = ['--port', '0']): Promise<void> {
  const io = captureIo();
  const exit = runCli(['sim', 'dnp3', ...base, '--rate', '0', '--points', '4', '--sa-update-key', KEY, ...extra], COMMANDS, 'test', io);
  try {
    await expect.poll(() => io.stdout.some((l) => l.startsWith('Secure Authentication')), { timeout: 10_000 }).toBe(true);
    await body(/(\S+:\/\/\S+)/.exec(io.stdout[0]!)?.[1] ?? '', io.stderr, io.stdout);
  } finally {
    io.interrupt();
    expect(await exit).toBe(0);
  }
}

async function bo(url: string, index: number): Promise<unknown> {
  const r = await run(['poll', url, '--json']);
  return (JSON.parse(r.stdout[0]!) as Array<{ ref: string; value: unknown }>).find((p) => p.ref === `bo:${index}`)?.value;
}

describe('DNP3 Secure Authentication v5: CLI against the SA simulator', () => {
  it('an authenticated operate succeeds (select-before-operate and direct); polls need no SA', async () => {
    await withSaSim([], async (url, _stderr, stdout) => {
      expect(stdout).toContain('Secure Authentication v5: user 1 (engineer), HMAC-SHA-256/16, AES-256 key wrap, aggressive mode refused');
      const sa = `${url}&sa-user=1&sa-key-file=${KEY}`;
      const on = await run(['operate', sa, '--point', 'bo:1', '--on']);
      expect(on.stdout.at(-1)).toMatch(/SUCCESS/);
      expect(on.code).toBe(0);
      expect(await bo(url, 1)).toBe(true);
      const off = await run(['operate', sa, '--point', 'bo:1', '--off', '--direct', '--json']);
      expect(off.code).toBe(0);
      expect(JSON.parse(off.stdout[0]!)).toMatchObject({ result: 'SUCCESS' });
      expect(await bo(url, 1)).toBe(false);
    });
  });

  it('aggressive mode when the simulator accepts it', async () => {
    await withSaSim(['--sa-aggressive'], async (url) => {
      const r = await run(['operate', `${url}&sa-key-file=${KEY}&sa-aggressive=1`, '--point', 'bo:2', '--on', '--direct']);
      expect(r.code).toBe(0);
      expect(await bo(url, 2)).toBe(true);
    });
  });

  it('the wrong update key: refused SA_AUTHENTICATION_FAILED (exit 5), named on the simulator too, the CROB not executed', async () => {
    await withSaSim([], async (url, stderr) => {
      const r = await run(['operate', `${url}&sa-key-file=${WRONG}`, '--point', 'bo:1', '--on', '--direct']);
      expect(r.code).toBe(5);
      expect(r.stderr.join('\n')).toMatch(/SA_AUTHENTICATION_FAILED/);
      expect(stderr.some((l) => /refused request from 127\.0\.0\.1:\d+: SA_AUTHENTICATION_FAILED/.test(l))).toBe(true);
      expect(await bo(url, 1)).toBe(false);
      // the security statistics (g121, kept for the device across connections) count it: index 13, failed session key changes
      const ranges = join(dir, 'g121.json');
      writeFileSync(ranges, JSON.stringify({ function: 'read', ranges: [{ type: 121, variation: 0, qualifier_code: 6 }] }));
      const raw = await run(['raw', url, '--ranges', ranges, '--json']);
      expect(raw.code).toBe(0);
      const stats = (JSON.parse(raw.stdout[0]!) as { objects: Array<{ object: string; index: number; value: { count: number } }> }).objects;
      expect(stats.find((o) => o.object === 'g121v1' && o.index === 13)?.value.count).toBeGreaterThanOrEqual(1);
    });
  });

  it('a master without SA: refused SA_REQUIRED (exit 5), the simulator logs no reply, the CROB not executed', async () => {
    await withSaSim([], async (url, stderr) => {
      const r = await run(['operate', url, '--point', 'bo:3', '--on', '--direct']);
      expect(r.code).toBe(5);
      expect(r.stderr.join('\n')).toMatch(/SA_REQUIRED/);
      await expect.poll(() => stderr.some((l) => /SA_NO_REPLY/.test(l)), { timeout: 10_000 }).toBe(true);
      expect(await bo(url, 3)).toBe(false);
    });
  });

  it('a key file others can read, or of the wrong length, is a usage error (exit 2) naming the file, not its contents', async () => {
    const open = keyFile('open.key', '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 0o644);
    const short = keyFile('short.key', '0001020304');
    const a = await run(['operate', `dnp3://127.0.0.1:1?sa-key-file=${open}`, '--point', 'bo:1', '--on']);
    expect(a.code).toBe(2);
    expect(a.stderr.join('\n')).toContain(`update key file ${open}: readable by others (mode 0644): chmod 600 ${open}`);
    const b = await run(['operate', `dnp3://127.0.0.1:1?sa-key-file=${short}`, '--point', 'bo:1', '--on']);
    expect(b.code).toBe(2);
    expect(b.stderr.join('\n')).not.toContain('0001020304');
    const c = await run(['operate', 'dnp3://127.0.0.1:1?sa-user=2', '--point', 'bo:1', '--on']);
    expect(c.stderr).toEqual(["switchyard: bad URL: sa-user needs sa-key-file (the user's update key)"]);
  });

  describe('over TLS', () => {
    let pki: TestPki;
    beforeAll(() => {
      pki = makeTestPki();
    });
    afterAll(() => pki.cleanup());

    it('an authenticated operate over dnp3+tls succeeds; the wrong key is refused by name', async () => {
      const tls = ['--tls', '--ca-file', pki.ca.cert, '--cert', pki.server.cert, '--key', pki.server.key];
      await withSaSim(tls, async (url) => {
        expect(url).toMatch(/^dnp3\+tls:/);
        const base = `${url}&ca-file=${pki.ca.cert}&cert=${pki.client.cert}&key=${pki.client.key}`;
        const ok = await run(['operate', `${base}&sa-key-file=${KEY}`, '--point', 'bo:0', '--on', '--direct']);
        expect(ok.code).toBe(0);
        expect(await bo(base, 0)).toBe(true);
        const wrong = await run(['operate', `${base}&sa-key-file=${WRONG}`, '--point', 'bo:0', '--off', '--direct']);
        expect(wrong.code).toBe(5);
        expect(wrong.stderr.join('\n')).toMatch(/SA_AUTHENTICATION_FAILED/);
        expect(await bo(base, 0)).toBe(true);
      });
    });
  });

  describe.skipIf(!HAVE_SOCAT)('over a serial line (socat pty pair)', () => {
    let pair: VirtualSerialPair;
    beforeAll(async () => {
      pair = await new VirtualSerialPair().plugIn();
    });
    afterAll(() => pair.dispose());

    it('a select-before-operate is challenged and accepted; the wrong key and no SA are refused by name, the CROB not executed', async () => {
      await withSaSim([], async (_url, stderr, stdout) => {
        expect(stdout[0]).toBe(`DNP3 outstation simulator on serial ${pair.b} 19200 8N1, outstation 10`);
        expect(stdout.some((l) => l.startsWith('Secure Authentication v5: user 1 (engineer)'))).toBe(true);
        const base = `dnp3+serial://${pair.a}?baud=19200&parity=none&master=1&outstation=10`;
        const ok = await run(['operate', `${base}&sa-key-file=${KEY}&sa-mac=8`, '--point', 'bo:2', '--on', '--sbo', '--json']);
        expect(ok.stderr).toEqual([]);
        expect(ok.code).toBe(0);
        expect(JSON.parse(ok.stdout[0]!)).toMatchObject({ result: 'SUCCESS' });
        expect(await bo(base, 2)).toBe(true);
        const wrong = await run(['operate', `${base}&sa-key-file=${WRONG}`, '--point', 'bo:2', '--off', '--sbo']);
        expect(wrong.code, wrong.stderr.join('\n')).toBe(5);
        expect(wrong.stderr.join('\n')).toMatch(/SA_AUTHENTICATION_FAILED/);
        expect(stderr.some((l) => l.startsWith(`refused request from ${pair.b} outstation 10: SA_AUTHENTICATION_FAILED`))).toBe(true);
        const none = await run(['operate', base, '--point', 'bo:2', '--off', '--direct']);
        expect(none.code, none.stderr.join('\n')).toBe(5);
        expect(none.stderr.join('\n')).toMatch(/SA_REQUIRED/);
        expect(await bo(base, 2)).toBe(true);
      }, ['--serial', pair.b, '--baud', '19200']);
    });
  });
});
