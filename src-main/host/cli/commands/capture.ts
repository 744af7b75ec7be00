import { captureTarget, capturePorts, capturePortsNote } from '../../../commissioning/capture';
import type { CliCommand } from '../command';
import { CliError, EXIT } from '../exit-codes';
import { flag, onePositional, secondsOption, stringOption } from '../options';
import { TARGET_OPTIONS, TARGET_OPTIONS_USAGE, targetFailure, timeoutMs } from '../target-cli';
import { parseTargetUrl } from '../target-url';

/** `capture <url> --out FILE.pcap [--duration S]`: records a session as pcap. */
export const captureCommand: CliCommand = {
  name: 'capture',
  summary: 'record a session with a device as a pcap file (tshark/Wireshark decode it)',
  usage: [
    'usage: switchyard capture <url> --out FILE.pcap [--duration S] [--json] [--timeout S]',
    '',
    'Connects, runs the startup and a general interrogation / integrity poll, then records',
    'what the device reports until --duration ends or Ctrl+C. The file has synthetic IPv4/TCP',
    '(or UDP) headers with the real addresses and ports; over TLS the cleartext is written',
    'with port 20000 / 2404 so Wireshark decodes it without Decode As. On another port the',
    'output gives the tshark -d option that decodes the file.',
    '  --out FILE      the pcap file to write',
    '  --duration S    stop after S seconds (default: until Ctrl+C)',
    ...TARGET_OPTIONS_USAGE,
  ].join('\n'),
  options: { ...TARGET_OPTIONS, out: { type: 'string' }, duration: { type: 'string' } },
  async run(args, io) {
    const target = parseTargetUrl(onePositional(args, 'capture', 'the target URL'));
    const out = stringOption(args, 'out');
    if (!out) throw new CliError(EXIT.USAGE, 'capture: missing --out FILE.pcap');
    const duration = secondsOption(args, 'duration', undefined);
    if (target.transport === 'serial') throw new CliError(EXIT.USAGE, 'capture: serial lines are not written to pcap (their frames have no IP flow)');
    const note = capturePortsNote(capturePorts({ ...target, transport: target.transport }));
    const result = await captureTarget(target, {
      out,
      ...(duration !== undefined ? { durationMs: duration * 1000 } : {}),
      until: io.interrupted,
      timeoutMs: timeoutMs(args),
    });
    if (!result.ok) {
      if ('error' in result) throw new CliError(EXIT.USAGE, `capture: ${result.error.message}`);
      io.err(`captured ${result.packets} packets to ${out} before the failure${note ? `; ${note}` : ''}`);
      throw targetFailure(result.target);
    }
    const s = result.value;
    if (flag(args, 'json')) {
      io.out(JSON.stringify({ file: s.file, packets: s.packets, seconds: Number(s.seconds.toFixed(3)), interrogation: s.interrogation, ports: s.ports, ...(s.lost ? { lost: s.lost } : {}) }));
    } else {
      const gi = s.interrogation.ok ? `${s.interrogation.points} points interrogated` : `interrogation failed: ${s.interrogation.error.message}`;
      io.out(`captured ${s.packets} packets in ${s.seconds.toFixed(1)} s to ${s.file} (${gi})`);
      if (note) io.out(note);
    }
    if (s.lost) throw targetFailure(s.lost);
    return EXIT.OK;
  },
};
