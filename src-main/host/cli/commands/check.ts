import { runCheck } from '../../../commissioning/check';
import { failedStageName, sweepPorts } from '../../../commissioning/connectivity';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { checkExitCode, checkLines, sweepLines } from '../check-report';
import { flag, intOption, onePositional } from '../options';
import { TARGET_OPTIONS, TARGET_OPTIONS_USAGE, timeoutMs } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** `check <url>` and `check --sweep <host>`: the commissioning connectivity check. */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'connectivity check of a device (DNS, TCP, TLS, protocol, latency) or a port sweep',
  usage: [
    'usage: switchyard check <url> [--probes N] [--json] [--timeout S]',
    '       switchyard check --sweep <host> [--json]',
    '',
    'DNS, TCP connect (refused / timed out / unreachable named), TLS details, then the',
    'protocol: DNP3 REQUEST_LINK_STATUS, startup, integrity poll with object counts, g0;',
    'IEC 104 TESTFR, STARTDT, GI with counts by type id, time to first data.',
    'Exit 0 when the device answers at the protocol level, 3 connection failure,',
    '4 protocol or TLS failure.',
    '  --sweep         probe the standard ports (20000 TCP/UDP, 2404, 19998) of <host>',
    '  --probes N      protocol-level round trips for min/avg/max latency (default 5)',
    ...TARGET_OPTIONS_USAGE,
  ].join('\n'),
  options: { ...TARGET_OPTIONS, sweep: { type: 'boolean' }, probes: { type: 'string' } },
  async run(args, io) {
    const json = flag(args, 'json');
    if (flag(args, 'sweep')) {
      const host = onePositional(args, 'check --sweep', 'the host');
      if (host.includes('://')) throw new CliError(EXIT.USAGE, 'check --sweep takes a host name or address, not a URL');
      const report = await sweepPorts(host);
      if (json) io.out(JSON.stringify(report));
      else for (const l of sweepLines(report)) io.out(l);
      return report.dnsFailure ? EXIT.CONNECTION : EXIT.OK;
    }
    const target = parseTargetUrl(onePositional(args, 'check', 'the target URL'));
    const report = await runCheck(target, { probes: intOption(args, 'probes', 5, 1, 1000), timeoutMs: timeoutMs(args) });
    if (json) io.out(JSON.stringify(report));
    else for (const l of checkLines(report)) io.out(l);
    const code = checkExitCode(report);
    if (code !== EXIT.OK) io.err(`switchyard: check failed at ${failedStageName(report)}: ${report.failure!.code}: ${report.failure!.message}`);
    return code;
  },
};
