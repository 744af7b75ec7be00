import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { EXIT } from '../../../src-main/host/cli/exit-codes';
import { runCommand } from './helpers/cli-run';

/** Usage errors of CLI.md: exit 2 and one line naming the problem, before any network or file access. */
describe('usage errors of every command', () => {
  it.each([
    [['sim', 'modbus'], "sim: protocol must be dnp3 or iec104, got 'modbus'"],
    [['sim'], 'sim: missing the protocol (dnp3 or iec104) (see sim --help)'],
    [['sim', 'iec104', '--udp'], 'sim: --udp is for DNP3 without TLS'],
    [['sim', 'dnp3', '--tls', '--cert', 'c.pem'], 'sim: --tls needs --ca-file, --cert and --key'],
    [['sim', 'dnp3', '--port', '70000'], "--port must be a whole number 0-65535, got '70000'"],
    [['sim', 'iec104', '--ca', '0'], "--ca must be a whole number 1-65534, got '0'"],
    [['check', 'modbus://127.0.0.1'], "bad URL 'modbus://127.0.0.1': scheme must be one of dnp3, dnp3+udp, dnp3+tls, dnp3+serial, iec104, iec104+tls"],
    [['check', 'dnp3://127.0.0.1', '--probes', '0'], "--probes must be a whole number 1-1000, got '0'"],
    [['check', '--sweep', 'dnp3://127.0.0.1'], 'check --sweep takes a host name or address, not a URL'],
    [['check', 'iec104+tls://127.0.0.1'], 'bad URL: iec104+tls:// needs ca-file, cert and key parameters'],
    [['capture', 'iec104://127.0.0.1', '--out', 'x.pcap', '--duration', '0'], "--duration must be a positive number of seconds, got '0'"],
    [['decode', 'a.pcap', '--dnp3-port', '0'], "--dnp3-port must be a whole number 1-65535, got '0'"],
    [['poll', 'dnp3://127.0.0.1', '--timeout', 'soon'], "--timeout must be a positive number of seconds, got 'soon'"],
    [['poll', 'iec104://127.0.0.1', '--group', '17'], "--group must be a whole number 1-16, got '17'"],
    [['poll', 'dnp3://127.0.0.1', '--group', '1'], 'poll: --group is the IEC 104 group interrogation; give an iec104 URL'],
    [['sim', 'dnp3', '--points', '0', '--flood', '5'], 'sim: --flood needs analog inputs (--points 1 or more)'],
    [['sim', 'iec104', '--flood', '5', '--rate', '1'], 'sim: --flood replaces the --rate changes; give one of them'],
    [['watch', 'dnp3://127.0.0.1', 'extra'], "watch: unexpected argument 'extra'"],
    [['operate', 'dnp3://127.0.0.1', '--point', 'ai:1', '--on'], 'operate: ai:1 is not a command target (bo:N or ao:N)'],
    [['operate', 'iec104://127.0.0.1', '--point', 'ioa:5', '--step', 'sideways'], "operate: --step must be up or down, got 'sideways'"],
    [['operate', 'iec104://127.0.0.1', '--point', 'ioa:5', '--on', '--sbo', '--direct'], 'operate: --sbo and --direct exclude each other'],
    [['time-sync', 'iec104://127.0.0.1', '--procedure', 'lan'], 'time-sync: --procedure applies to DNP3 only'],
    [['serve', '--port', '99999'], '--port must be 0-65535, got 99999'],
  ])('%j', async (argv, reason) => {
    const run = await runCommand(COMMANDS, argv);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toEqual([`switchyard: ${reason}`]);
    expect(run.stdout).toEqual([]);
  });
});
