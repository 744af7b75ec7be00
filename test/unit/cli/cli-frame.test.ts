import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/host/cli/cli';
import type { CliCommand, CliIo, ParsedArgs } from '../../../src-main/host/cli/command';
import { CliError, EXIT } from '../../../src-main/host/cli/exit-codes';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), interrupted: new Promise(() => {}) };
}

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its argument',
  usage: 'usage: switchyard echo TEXT [--loud]',
  options: { loud: { type: 'boolean' } },
  async run(args, io) {
    const [text] = args.positionals;
    if (!text) throw new CliError(EXIT.USAGE, 'echo: missing TEXT');
    io.out(args.values.loud ? text.toUpperCase() : text);
    return EXIT.OK;
  },
};

describe('command-line frame', () => {
  it('lists the commands and the exit codes on --help', async () => {
    const io = capture();
    expect(await runCli(['--help'], [echo], '1.0.0', io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/echo\s+prints its argument/);
    expect(io.stdout.join('\n')).toContain('exit codes: 0 ok, 2 usage, 3 connection failure, 4 protocol failure, 5 command failed');
  });

  it('prints the version', async () => {
    const io = capture();
    expect(await runCli(['--version'], [echo], '1.2.3', io)).toBe(0);
    expect(io.stdout).toEqual(['1.2.3']);
  });

  it('runs a command with its options', async () => {
    const io = capture();
    expect(await runCli(['echo', 'hi', '--loud'], [echo], '1', io)).toBe(0);
    expect(io.stdout).toEqual(['HI']);
  });

  it('shows a command usage on <command> --help', async () => {
    const io = capture();
    expect(await runCli(['echo', '--help'], [echo], '1', io)).toBe(0);
    expect(io.stdout).toEqual([echo.usage]);
  });

  it.each([
    [['frobnicate'], "switchyard: unknown command 'frobnicate' (see --help)"],
    [['--frobnicate'], 'switchyard: unknown option --frobnicate (see --help)'],
    [['echo', 'x', '--quiet'], 'switchyard: echo: unknown option --quiet (see echo --help)'],
    [['echo'], 'switchyard: echo: missing TEXT'],
  ])('refuses %j with exit 2 and one line', async (argv, line) => {
    const io = capture();
    expect(await runCli(argv, [echo], '1', io)).toBe(EXIT.USAGE);
    expect(io.stderr).toEqual([line]);
    expect(io.stdout).toEqual([]);
  });

  it('takes a negative number as the value of a string option (--value -300), not as an option', async () => {
    const io = capture();
    const seen: Array<ParsedArgs['values']> = [];
    const numbers: CliCommand = {
      name: 'num',
      summary: 'records its options',
      usage: 'usage: switchyard num [--value V] [--loud]',
      options: { value: { type: 'string' }, loud: { type: 'boolean' } },
      async run(args) {
        seen.push(args.values);
        return EXIT.OK;
      },
    };
    for (const value of ['-300', '-1', '-0.5', '-.5']) {
      expect(await runCli(['num', '--value', value], [numbers], '1', io)).toBe(0);
      expect(seen.at(-1)).toMatchObject({ value });
    }
    expect(await runCli(['num', '--value=-2', '--loud'], [numbers], '1', io)).toBe(0);
    expect(seen.at(-1)).toMatchObject({ value: '-2', loud: true });
    // Only numbers are joined: an option after a string option is still an option, and a
    // boolean flag takes no value.
    expect(await runCli(['num', '--value', '--loud'], [numbers], '1', io)).toBe(EXIT.USAGE);
    expect(await runCli(['num', '--loud', '-3'], [numbers], '1', io)).toBe(EXIT.USAGE);
    expect(io.stderr).toEqual([expect.stringMatching(/^switchyard: num: Option '--value' argument is ambiguous/), "switchyard: num: unknown option -3 (see num --help)"]);
  });
});
