/**
 * A throw-away network namespace for tests that need unreachable, unroutable or silent
 * addresses without touching any real network. Inside it:
 * - 10.77.0.1/24 on a veth whose peer answers nothing; 10.77.0.9 has a static neighbour
 *   entry, so SYNs to it leave and are silently dropped (a firewall DROP);
 * - 10.78.0.0/24 is an `unreachable` route (EHOSTUNREACH);
 * - no other route (ENETUNREACH), so the host's DNS server cannot be reached (EAI_AGAIN).
 * Needs root and the `ip` command; `netnsUnavailable()` says why not otherwise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Addresses inside the namespace with the behaviour they give. */
export const NETNS_ADDRESSES = {
  silent: '10.77.0.9',
  hostUnreachable: '10.78.0.5',
  networkUnreachable: '10.79.0.5',
} as const;

/** Names the network namespace of this process (e.g. `net:[4026531833]`). */
const ownNetns = (): string => readlinkSync('/proc/self/ns/net');
/** Set by runScript: the network namespace of the test that made the namespace. */
const HOST_NETNS_ENV = 'SWY_HOST_NETNS';

/**
 * Throws unless this process was started by runScript and runs in another network
 * namespace than the test that started it. The scripts that dial NETNS_ADDRESSES call it
 * first, so those private addresses are never dialled from the host's network, only
 * inside the namespace a test made.
 */
export function assertInsideTestNetns(): void {
  const host = process.env[HOST_NETNS_ENV];
  if (!host || host === ownNetns()) throw new Error('refusing to dial test-namespace addresses from the host network namespace');
}

/** Why namespace tests cannot run here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  if (!['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].some((p) => existsSync(p))) return 'the ip command is missing';
  const name = `swy-check-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (add.status !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', name]);
  return null;
}

/** A namespace made for one test file. */
export interface TestNetns {
  name: string;
  /**
   * Runs a TypeScript file inside the namespace with `node --import tsx`, passing `input`
   * as JSON in argv[2], and parses its stdout as JSON.
   */
  runScript<T>(script: string, input: unknown): T;
  destroy(): void;
}

let counter = 0;

/** Creates and configures the namespace. */
export function createTestNetns(): TestNetns {
  const name = `swy-test-${process.pid}-${++counter}`;
  const ip = (...args: string[]): void => {
    execFileSync('ip', ['-n', name, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  execFileSync('ip', ['netns', 'add', name]);
  try {
    ip('link', 'set', 'lo', 'up');
    ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ip('addr', 'add', '10.77.0.1/24', 'dev', 'v0');
    ip('link', 'set', 'v0', 'up');
    ip('link', 'set', 'v1', 'up');
    ip('neigh', 'add', NETNS_ADDRESSES.silent, 'lladdr', '02:00:00:00:77:09', 'dev', 'v0', 'nud', 'permanent');
    ip('route', 'add', 'unreachable', '10.78.0.0/24');
  } catch (err) {
    execFileSync('ip', ['netns', 'del', name]);
    throw err;
  }
  const root = join(import.meta.dirname, '../../../..');
  return {
    name,
    runScript<T>(script: string, input: unknown): T {
      const out = execFileSync('ip', ['netns', 'exec', name, process.execPath, '--import', 'tsx', script, JSON.stringify(input)], {
        cwd: root,
        env: { ...process.env, [HOST_NETNS_ENV]: ownNetns() },
        encoding: 'utf8',
        timeout: 30_000,
      });
      return JSON.parse(out) as T;
    },
    destroy: () => execFileSync('ip', ['netns', 'del', name]),
  };
}
