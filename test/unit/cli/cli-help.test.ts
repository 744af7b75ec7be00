import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/host/cli/commands';

const README = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
/** README's section on the command line beyond CLI.md, up to the next section. */
const CLI_SECTION = README.slice(README.indexOf('### The command line beyond CLI.md'), README.indexOf('## Packaging'));

/** The commands and flags of issue 13 (device tasks, CROB pulses, group interrogation, scripted and flooding simulators). */
const ISSUE_13: ReadonlyArray<[string, string[]]> = [
  ['freeze', ['--clear', '--no-ack', '--range']],
  ['restart', ['--cold', '--warm']],
  ['assign-class', ['--class', '--type', '--range']],
  ['unsolicited', ['--enable', '--disable', '--class']],
  ['attributes', ['--variation']],
  ['counters', ['--group', '--freeze']],
  ['read', ['--point']],
  ['test-command', []],
  ['reset-process', ['--qrp']],
  ['operate', ['--count', '--off-ms', '--direct-no-ack']],
  ['poll', ['--group']],
  ['sim', ['--responses', '--flood']],
];

/** The IEC 104 simulator's file transfer flags (issue 15). */
const SIM_FILES = ['--files', '--file-ioa', '--file-section-size', '--file-segment-size', '--file-eager-sections', '--file-corrupt-checksum'];

/** The commands and flags of issue 15 item 3 (file transfer). */
const ISSUE_15_FILES: ReadonlyArray<[string, string[]]> = [
  ['files', ['list', 'get', '--out', '--resume', '--user', '--password']],
  ['sim', ['--files', '--file-password']],
];

describe('CLI help and README', () => {
  it('lists every option of every command in its --help', () => {
    for (const c of COMMANDS) for (const name of Object.keys(c.options)) expect(c.usage, `${c.name} --${name}`).toContain(`--${name}`);
  });

  it('documents the file transfer flags of sim iec104 in --help and in README', () => {
    const sim = COMMANDS.find((c) => c.name === 'sim');
    for (const f of SIM_FILES) {
      expect(sim?.usage, f).toContain(f);
      expect(CLI_SECTION, `README: sim ${f}`).toMatch(new RegExp(`\`sim iec104 [^\`]*${f}`));
    }
  });

  it.each([...ISSUE_13, ...ISSUE_15_FILES])('documents %s and its flags in --help and in README', (name, flags) => {
    const command = COMMANDS.find((c) => c.name === name);
    expect(command, name).toBeDefined();
    expect(CLI_SECTION).toContain(`\`${name} `);
    for (const f of flags) {
      expect(command!.usage, `${name} ${f}`).toContain(f);
      expect(CLI_SECTION, `README: ${name} ${f}`).toMatch(new RegExp(`\`${name} [^\`]*${f}`));
    }
  });
});
