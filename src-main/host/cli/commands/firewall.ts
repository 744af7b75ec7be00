import { FIREWALL_FORMATS, firewallRules, type FirewallFormat } from '../../../commissioning/firewall';
import { parseTargetEndpoint } from '../../../commissioning/target/target-url';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, onePositional, stringList, stringOption } from '../options';

function formatOf(text: string | undefined): FirewallFormat {
  if (text === undefined) return FIREWALL_FORMATS[0];
  if (!(FIREWALL_FORMATS as readonly string[]).includes(text)) throw new CliError(EXIT.USAGE, `firewall: --format must be one of ${FIREWALL_FORMATS.join(', ')}, got '${text}'`);
  return text as FirewallFormat;
}

/**
 * `firewall <url> --master A [--master B ...]`: allow-list rules that admit exactly those
 * masters to the station's protocol port, in one of four formats. Writes text only; it
 * never touches this machine's firewall or the device.
 */
export const firewallCommand: CliCommand = {
  name: 'firewall',
  summary: 'firewall rules admitting only the given masters to a station (iptables, nftables, Windows, Cisco)',
  usage: [
    'usage: switchyard firewall <url> --master A.B.C.D [--master ...] [--format iptables|nftables|windows|cisco]',
    '                          [--station-address ADDR] [--json]',
    '',
    "Writes allow-list rules for the station of <url> (its address and port; no connection is",
    'made): each master may reach the protocol port, every other packet to it is dropped and',
    'logged. A TLS station (iec104+tls://, dnp3+tls:// on a port other than 20000) also gets',
    'its plain port (2404 / 20000) closed to everybody; dnp3+udp:// gets UDP rules. Only that',
    "traffic is decided: other traffic to and from the station is left to the site policy.",
    '  --master ADDR           an admitted master, IPv4 or IPv6 (repeatable; at least one)',
    '  --format F              iptables (default): rules.v4 for iptables-restore and rules.v6 for',
    '                          ip6tables-restore, iptables-save syntax, each headed by its name;',
    '                          nftables: one `table inet` ruleset for nft -f;',
    '                          windows: a PowerShell script (New-NetFirewallRule, LogBlocked);',
    '                          cisco: IOS extended IPv4 and IPv6 access lists with `log`',
    "  --station-address ADDR  the station's address of the other family (a dual-stack",
    '                          station: IPv6 masters need its IPv6 address, and the reverse)',
    '  --json                  one object { format, id, description, masters, files: [{ name, text }] }',
    'The host of <url> must be an IP address. Exit 2 on a bad address or URL, or without --master.',
  ].join('\n'),
  options: {
    master: { type: 'string', multiple: true },
    format: { type: 'string' },
    'station-address': { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  run(args, io) {
    const url = parseTargetEndpoint(onePositional(args, 'firewall', 'the station URL'));
    if (!url.ok) throw new CliError(EXIT.USAGE, url.error.message);
    const format = formatOf(stringOption(args, 'format'));
    const masters = stringList(args, 'master');
    if (masters.length === 0) throw new CliError(EXIT.USAGE, 'firewall: give at least one --master address (the rules admit only the masters named)');
    const { protocol, transport, host, port } = url.value;
    if (transport === 'serial') throw new CliError(EXIT.USAGE, `firewall: ${host} is a serial line: no network port for a firewall to protect`);
    const result = firewallRules({ protocol, transport, port, addresses: [host, ...stringList(args, 'station-address')] }, masters, format);
    if (!result.ok) throw new CliError(EXIT.USAGE, `firewall: ${result.error.code}: ${result.error.message}`);
    if (flag(args, 'json')) io.out(JSON.stringify(result.value));
    else io.out(result.value.files.map((f) => f.text.trimEnd()).join('\n\n'));
    return Promise.resolve(EXIT.OK);
  },
};
