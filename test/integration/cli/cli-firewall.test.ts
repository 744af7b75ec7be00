/**
 * `firewall <url> --master ...`: the rules of each format as the golden files have them,
 * and exit 2 with one line naming the bad input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { EXIT } from '../../../src-main/host/cli/exit-codes';
import { runCommand } from './helpers/cli-run';

const GOLDEN = join(import.meta.dirname, '../../vectors/firewall');
const golden = (scenario: string, file: string): string => readFileSync(join(GOLDEN, scenario, file), 'utf8').trimEnd();
const DUAL = ['firewall', 'iec104+tls://192.0.2.10:19998', '--station-address', '2001:db8::10', '--master', '192.0.2.21', '--master', '192.0.2.22', '--master', '2001:db8::21'];

describe('firewall', () => {
  it('writes iptables by default: rules.v4 then rules.v6, from a TLS URL without certificate files', async () => {
    const run = await runCommand(COMMANDS, DUAL);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stderr).toEqual([]);
    // The golden files name the station "RTU 7" (its workspace name); the URL has none.
    const unnamed = (text: string): string => text.replace('RTU 7 (192.0.2.10, 2001:db8::10)', '192.0.2.10, 2001:db8::10');
    expect(run.stdout).toEqual([`${unnamed(golden('iec104-tls-dual-stack', 'rules.v4'))}\n\n${unnamed(golden('iec104-tls-dual-stack', 'rules.v6'))}`]);
  });

  it.each([
    ['nftables', 'swy_dnp3_47684a1e.nft'],
    ['windows', 'SWY-DNP3-47684A1E.ps1'],
    ['cisco', 'SWY-DNP3-47684A1E.ios'],
  ])('--format %s', async (format, file) => {
    const run = await runCommand(COMMANDS, ['firewall', 'dnp3://192.0.2.30', '--master', '192.0.2.21', '--format', format]);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stdout).toEqual([golden('dnp3-tcp', file)]);
  });

  it('--json gives the files with their names', async () => {
    const run = await runCommand(COMMANDS, ['firewall', 'dnp3+udp://[2001:db8::30]', '--master', '2001:db8::21', '--master', '2001:db8::22', '--json']);
    expect(run.code).toBe(EXIT.OK);
    const value = JSON.parse(run.stdout[0]!) as { format: string; id: string; masters: string[]; files: Array<{ name: string; text: string }> };
    expect(value).toMatchObject({ format: 'iptables', id: 'SWY-DNP3-C22253D7', masters: ['2001:db8::21', '2001:db8::22'] });
    expect(value.files).toEqual([{ name: 'rules.v6', text: readFileSync(join(GOLDEN, 'dnp3-udp-ipv6', 'rules.v6'), 'utf8') }]);
  });

  it.each([
    [['firewall', 'dnp3://192.0.2.30'], 'firewall: give at least one --master address (the rules admit only the masters named)'],
    [['firewall', 'dnp3://192.0.2.30', '--master', '192.0.2.300'], "firewall: BAD_ADDRESS: master address '192.0.2.300' is not an IPv4 or IPv6 address (firewall rules need addresses, not names or prefixes)"],
    [['firewall', 'dnp3://192.0.2.30', '--master', '192.0.2.21', '--master', 'scada.example'], "firewall: BAD_ADDRESS: master address 'scada.example' is not an IPv4 or IPv6 address (firewall rules need addresses, not names or prefixes)"],
    [['firewall', 'dnp3://rtu7.example', '--master', '192.0.2.21'], "firewall: BAD_ADDRESS: the station's address 'rtu7.example' is not an IPv4 or IPv6 address (firewall rules need addresses, not names or prefixes)"],
    [['firewall', 'dnp3://192.0.2.30', '--master', '2001:db8::21'], "firewall: FAMILY_MISMATCH: master address '2001:db8::21' is IPv6 but the station (192.0.2.30) has no IPv6 address: add the station's IPv6 address"],
    [['firewall', 'dnp3://192.0.2.30', '--master', '192.0.2.21', '--format', 'pf'], "firewall: --format must be one of iptables, nftables, windows, cisco, got 'pf'"],
    [['firewall', 'modbus://192.0.2.30', '--master', '192.0.2.21'], "bad URL 'modbus://192.0.2.30': scheme must be one of dnp3, dnp3+udp, dnp3+tls, dnp3+serial, iec104, iec104+tls"],
    [['firewall', '--master', '192.0.2.21'], 'firewall: missing the station URL (see firewall --help)'],
  ])('%j exits 2', async (argv, reason) => {
    const run = await runCommand(COMMANDS, argv);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toEqual([`switchyard: ${reason}`]);
    expect(run.stdout).toEqual([]);
  });
});
