/**
 * The generated iptables and nftables rules checked by the tools that load them, inside a
 * network namespace the test makes (the host's own firewall is never touched):
 * `iptables-restore --test` and `ip6tables-restore --test` (nf_tables and legacy
 * back ends), `nft -c -f`; then the nftables table is loaded and TCP connections from an
 * admitted master and from another address show what it admits and what it drops.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firewallRules, type FirewallFormat } from '../../../src-main/commissioning/firewall';
import { FIREWALL_SCENARIOS, type FirewallScenario } from '../../unit/commissioning/firewall/firewall-scenarios';
import { createTestNetns, netnsUnavailable, type TestNetns } from '../transport/helpers/netns';

const TOOLS = ['iptables-restore', 'ip6tables-restore', 'iptables-legacy-restore', 'ip6tables-legacy-restore', 'nft'];
const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const skip = netnsUnavailable() ?? (missing.length ? `missing ${missing.join(', ')} (Debian: iptables, nftables)` : null);
if (skip) console.warn(`skipping firewall rule checks in a network namespace: ${skip}`);

function files(scenario: FirewallScenario, format: FirewallFormat): Array<{ name: string; text: string }> {
  const result = firewallRules(scenario.station, scenario.masters, format);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.files;
}

describe.skipIf(skip !== null)('generated firewall rules inside a test network namespace', () => {
  let netns: TestNetns;
  let dir: string;
  const inNetns = (...command: string[]) => spawnSync('ip', ['netns', 'exec', netns.name, ...command], { encoding: 'utf8' });
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(() => {
    netns = createTestNetns();
    dir = mkdtempSync(join(tmpdir(), 'swy-firewall-'));
  });
  afterAll(() => {
    netns?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const scenario of FIREWALL_SCENARIOS) {
    it(`${scenario.name}: iptables-restore and ip6tables-restore accept the files (nf_tables and legacy)`, () => {
      for (const file of files(scenario, 'iptables')) {
        const family = file.name === 'rules.v4' ? 'iptables' : 'ip6tables';
        for (const tool of [`${family}-restore`, `${family}-legacy-restore`]) {
          const run = inNetns(tool, '--test', write(`${scenario.name}-${file.name}`, file.text));
          expect(run.stderr, `${tool} ${file.name}`).toBe('');
          expect(run.status, `${tool} ${file.name}`).toBe(0);
        }
      }
    });

    it(`${scenario.name}: nft -c -f accepts the table`, () => {
      const [file] = files(scenario, 'nftables');
      const run = inNetns('nft', '-c', '-f', write(`${scenario.name}.nft`, file!.text));
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    });
  }

  it('the checks fail on a broken file, so they can fail (the legacy back end also on a jump to a missing chain)', () => {
    const [file] = files(FIREWALL_SCENARIOS[1]!, 'iptables');
    const badOption = write('bad-option.v4', file!.text.replace('--dport', '--dportt'));
    for (const tool of ['iptables-restore', 'iptables-legacy-restore']) expect(inNetns(tool, '--test', badOption).status, tool).not.toBe(0);
    expect(inNetns('iptables-legacy-restore', '--test', write('bad-chain.v4', file!.text.replace(/-DROP$/m, '-DROPP'))).status).not.toBe(0);
    const [nft] = files(FIREWALL_SCENARIOS[1]!, 'nftables');
    expect(inNetns('nft', '-c', '-f', write('broken.nft', nft!.text.replace('accept comment', 'acept comment'))).status).not.toBe(0);
  });

  it('loaded with nft, the table admits the masters to 19998 only and drops the rest, plain 2404 included, over IPv4 and IPv6', () => {
    const scenario = FIREWALL_SCENARIOS[0]!;
    const [station4, station6] = scenario.station.addresses as [string, string];
    const [master4, , master6] = scenario.masters as [string, string, string];
    const other4 = '192.0.2.99';
    const other6 = '2001:db8::99';
    for (const address of [`${station4}/32`, `${master4}/32`, `${other4}/32`]) execFileSync('ip', ['-n', netns.name, 'addr', 'add', address, 'dev', 'lo']);
    for (const address of [`${station6}/128`, `${master6}/128`, `${other6}/128`]) execFileSync('ip', ['-n', netns.name, 'addr', 'add', address, 'dev', 'lo', 'nodad']);
    const [file] = files(scenario, 'nftables');
    const load = inNetns('nft', '-f', write('load.nft', file!.text));
    expect(load.stderr).toBe('');

    const outcomes = netns.runScript<Array<{ from: string; host: string; port: number; outcome: string }>>('test/integration/commissioning/helpers/firewall-probe.ts', {
      listen: [station4, station6].flatMap((host) => [19998, 2404].map((port) => ({ host, port }))),
      connects: [
        { from: master4, host: station4, port: 19998 },
        { from: other4, host: station4, port: 19998 },
        { from: master4, host: station4, port: 2404 },
        { from: master6, host: station6, port: 19998 },
        { from: other6, host: station6, port: 19998 },
        { from: master6, host: station6, port: 2404 },
      ],
      timeoutMs: 1500,
    });
    expect(outcomes.map((o) => `${o.from} -> ${o.host}:${o.port} ${o.outcome}`)).toEqual([
      `${master4} -> ${station4}:19998 connected`,
      `${other4} -> ${station4}:19998 no answer`,
      `${master4} -> ${station4}:2404 no answer`,
      `${master6} -> ${station6}:19998 connected`,
      `${other6} -> ${station6}:19998 no answer`,
      `${master6} -> ${station6}:2404 no answer`,
    ]);
    const table = file!.name.replace(/\.nft$/, '');
    const counted = /counter packets (\d+)/.exec(inNetns('nft', 'list', 'chain', 'inet', table, 'log_drop').stdout);
    expect(Number(counted?.[1])).toBeGreaterThanOrEqual(4);
  });
});
