/**
 * A real MQTT broker for tests and benchmarks: Debian's mosquitto on a free 127.0.0.1
 * port with a generated configuration (anonymous clients allowed, or a password file;
 * plain TCP, or TLS with client certificates required), stopped after.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian installs the broker. */
const MOSQUITTO = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto';

/** A secured broker: TLS (client certificate required) and one user with a password. */
export interface MosquittoSecurity {
  caFile: string;
  certFile: string;
  keyFile: string;
  user: { name: string; password: string };
}

/** A running broker. */
export interface Mosquitto {
  port: number;
  url: string;
  /** Stops the broker (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops it and removes its configuration. */
  close(): Promise<void>;
}

/** A free 127.0.0.1 TCP port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function securityLines(dir: string, security: MosquittoSecurity): string[] {
  const passwords = join(dir, 'passwords');
  execFileSync('mosquitto_passwd', ['-b', '-c', passwords, security.user.name, security.user.password], { stdio: 'ignore' });
  return ['allow_anonymous false', `password_file ${passwords}`, `cafile ${security.caFile}`, `certfile ${security.certFile}`, `keyfile ${security.keyFile}`, 'require_certificate true'];
}

/** Starts mosquitto on a free loopback port and waits until it accepts connections. */
export async function startMosquitto(security?: MosquittoSecurity): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  const access = security ? securityLines(dir, security) : ['allow_anonymous true'];
  // Started as root, mosquitto would switch to its own user, who cannot read our temp files.
  const user = process.getuid?.() === 0 ? ['user root'] : [];
  writeFileSync(conf, [...user, `listener ${port} 127.0.0.1`, ...access, 'persistence false', 'log_dest none', ''].join('\n'));
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
    child = proc;
    const end = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited with ${proc.exitCode}`);
      if (Date.now() > end) throw new Error('mosquitto did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    port,
    url: `${security ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    stop,
    restart: start,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
