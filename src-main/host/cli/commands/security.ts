import { runSecurityCheck } from '../../../commissioning/security';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, intOption, onePositional, stringOption } from '../options';
import { securityExitCode, securityLines } from '../security-report';
import { TARGET_OPTIONS, TARGET_OPTIONS_USAGE, timeoutMs } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** An optional port option, or undefined when not given. */
const portOption = (args: Parameters<CliCommand['run']>[0], name: string): number | undefined =>
  stringOption(args, name) === undefined ? undefined : intOption(args, name, 0, 1, 65535);

/** `security <url>`: the read-only security posture check of a station. */
export const securityCommand: CliCommand = {
  name: 'security',
  summary: 'security posture check of a device: ports, TLS versions and suites, certificate, mutual auth, masters',
  usage: [
    'usage: switchyard security <url> [--json] [--timeout S] [--expiry-days N] [--max-masters N]',
    '                                [--plain-port N] [--tls-port N]',
    '',
    'Read-only: nothing it sends changes the device (DNP3 link status and class 0 reads,',
    'IEC 104 TESTFR and STARTDT). Each finding has a severity (high, medium, low, info),',
    'why it matters and the fix. It looks at:',
    '  - the plain and TLS ports of the protocol (20000 / 19999 DNP3, 2404 / 19998 IEC 104):',
    '    a plain port that answers beside TLS, or a plain station whose TLS port answers;',
    '  - TLS 1.0, 1.1, 1.2 and 1.3, one handshake each, and every cipher suite accepted up',
    '    to TLS 1.2 (RC4 and 3DES only where this host\'s OpenSSL can offer them);',
    '  - the certificate: chain, key type and size, name, expiry, self-signed, trust;',
    '  - whether a TLS client without a certificate is served (IEC 62351-3: mutual auth);',
    '  - DNP3: whether a master address other than the configured one is answered, and',
    '    Secure Authentication of controls (not detectable yet: reported as such);',
    '  - IEC 104: whether more masters than --max-masters start data transfer at once',
    '    (STARTDT on one connection more; a station with redundancy groups may stop',
    '    sending to its other connection meanwhile: run it in a commissioning window).',
    'Exit 0 when no finding is of high severity, 4 when one is, 3 when the station',
    'could not be reached, 2 on a bad URL or option.',
    '  --expiry-days N   a certificate expiring within N days is a finding (default 30)',
    '  --max-masters N   IEC 104: masters the station should accept at once (default 1)',
    '  --plain-port N    the plain port to look at (default 20000 DNP3, 2404 IEC 104)',
    '  --tls-port N      the TLS port to look at (default 19999 DNP3, 19998 IEC 104)',
    ...TARGET_OPTIONS_USAGE,
  ].join('\n'),
  options: { ...TARGET_OPTIONS, 'expiry-days': { type: 'string' }, 'max-masters': { type: 'string' }, 'plain-port': { type: 'string' }, 'tls-port': { type: 'string' } },
  async run(args, io) {
    const target = parseTargetUrl(onePositional(args, 'security', 'the target URL'));
    const plainPort = portOption(args, 'plain-port');
    const tlsPort = portOption(args, 'tls-port');
    const result = await runSecurityCheck(target, {
      timeoutMs: timeoutMs(args),
      expiryDays: intOption(args, 'expiry-days', 30, 0, 3650),
      maxMasters: intOption(args, 'max-masters', 1, 1, 16),
      ...(plainPort !== undefined ? { plainPort } : {}),
      ...(tlsPort !== undefined ? { tlsPort } : {}),
    });
    if (!result.ok) throw new CliError(EXIT.USAGE, `security: ${result.error.code}: ${result.error.message}`);
    const report = result.value;
    if (flag(args, 'json')) io.out(JSON.stringify(report));
    else for (const l of securityLines(report)) io.out(l);
    const code = securityExitCode(report);
    if (code === EXIT.CONNECTION) io.err(`switchyard: security: ${report.summary}`);
    return code;
  },
};
