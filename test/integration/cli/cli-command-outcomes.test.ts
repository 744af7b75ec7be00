/**
 * `operate` against simulators that behave as stations nobody here wrote: IEC 104 stations
 * that send no ACTTERM or a late one (each `actterm` mode of the URL), and DNP3 outstations
 * that refuse with their own status (NOT_SUPPORTED with IIN2.2, LOCAL). The simulators are
 * started by the CLI's own `sim` command, in-process, on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/host/cli/cli';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { captureIo, runCommand } from './helpers/cli-run';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);

interface RunningSim {
  url: string;
  stop(): Promise<number>;
}

/** Runs `sim ...` in-process until stopped; resolves once it prints the URL it listens on. */
async function sim(args: string[]): Promise<RunningSim> {
  const io = captureIo();
  const exit = runCli(['sim', ...args, '--host', '127.0.0.1', '--port', '0', '--rate', '0'], COMMANDS, 'test', io);
  const end = Date.now() + 10_000;
  while (!io.stdout.some((l) => l.includes('listening on '))) {
    if (Date.now() > end) throw new Error(`sim did not start: ${io.stderr.join(' ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const url = io.stdout.find((l) => l.includes('listening on '))!.split('listening on ')[1]!;
  return { url, stop: () => (io.interrupt(), exit) };
}

let silent: RunningSim;
let late: RunningSim;
let local: RunningSim;

beforeAll(async () => {
  silent = await sim(['iec104', '--no-actterm']);
  late = await sim(['iec104', '--actterm-delay', '1500']);
  local = await sim(['dnp3', '--points', '4', '--control-status', 'bo:1=LOCAL,ao:2=15']);
});
afterAll(async () => {
  for (const s of [silent, late, local]) expect(await s?.stop()).toBe(0);
});

describe('operate: IEC 104 activation termination', () => {
  it('auto (the default): SUCCESS after the window when the station sends no ACTTERM, said in the stages', async () => {
    const r = await run(['operate', `${silent.url}&actterm-ms=300`, '--point', 'ioa:5001', '--on']);
    expect(r.code).toBe(0);
    expect(r.stdout.map((l) => l.slice(0, 18).trim())).toEqual(['select (S/E=1)', 'select ACTCON', 'execute', 'execute ACTCON', 'return information', 'ACTTERM', 'result']);
    expect(r.stdout.at(-2)).toMatch(/^ACTTERM +NOT_RECEIVED \(no ACTTERM from this station within 300 ms\)$/);
    expect(r.stdout.at(-1)).toMatch(/^result +SUCCESS ioa:1001=true \(confirmed by ACTCON; no ACTTERM from this station \(activation termination: auto\)\)$/);
  });

  it('auto: the same for set-points and regulating steps, in JSON', async () => {
    for (const action of [['--value', '7.5', '--type', 'C_SE_NC_1'], ['--step', 'up', '--direct']]) {
      const point = action[0] === '--value' ? 'ioa:5007' : 'ioa:5003';
      const r = await run(['operate', `${silent.url}&actterm-ms=300`, '--point', point, ...action, '--json']);
      expect(r.code, point).toBe(0);
      const out = JSON.parse(r.stdout[0]!) as { result: string; stages: Array<{ stage: string; result: string; detail?: string }> };
      expect(out.result).toBe('SUCCESS');
      expect(out.stages).toContainEqual({ stage: 'terminated', result: 'NOT_RECEIVED', ok: true, detail: 'no ACTTERM from this station within 300 ms' });
    }
  });

  it('auto: a late ACTTERM inside the window is the normal end', async () => {
    const r = await run(['operate', late.url, '--point', 'ioa:5001', '--off', '--direct']);
    expect(r.code).toBe(0);
    expect(r.stdout.at(-2)).toMatch(/^ACTTERM +ACTTERM$/);
  });

  it('expected: a missing ACTTERM exits 5 as NO_ACTTERM, not 4 as NO_ANSWER', async () => {
    const r = await run(['operate', `${silent.url}&actterm=expected`, '--point', 'ioa:5002', '--close', '--timeout', '1']);
    expect(r.code).toBe(5);
    expect(r.stderr).toEqual(['switchyard: command failed: NO_ACTTERM (no ACTTERM within 1000 ms of the execute ACTCON (activation termination: expected))']);
    expect(r.stdout.at(-1)).toMatch(/^result +NO_ACTTERM/);
  });

  it('none: SUCCESS at the execute ACTCON; the late ACTTERM that follows is ignored', async () => {
    const r = await run(['operate', `${late.url}&actterm=none`, '--point', 'ioa:5001', '--on', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout[0]!) as { result: string; stages: Array<{ stage: string }> };
    expect(out.result).toBe('SUCCESS');
    expect(out.stages.map((s) => s.stage)).toEqual(['select', 'selected', 'operate', 'operated', 'done']);
  });

  it('exits 2 for an unknown actterm mode or window, and for sim flags of the other protocol', async () => {
    const mode = await run(['operate', `${silent.url}&actterm=sometimes`, '--point', 'ioa:5001', '--on']);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toEqual(["switchyard: bad URL: actterm must be one of auto, expected, none, got 'sometimes'"]);
    expect((await run(['operate', `${silent.url}&actterm-ms=0`, '--point', 'ioa:5001', '--on'])).stderr).toEqual(["switchyard: bad URL: actterm-ms must be 1-60000, got '0'"]);
    expect((await run(['sim', 'dnp3', '--no-actterm'])).stderr).toEqual(['switchyard: sim: --no-actterm and --actterm-delay are for IEC 104']);
    expect((await run(['sim', 'iec104', '--control-status', 'bo:1=LOCAL'])).stderr).toEqual(['switchyard: sim: --control-status is for DNP3']);
    const bad = await run(['sim', 'dnp3', '--control-status', 'bo:1=NEARBY']);
    expect(bad.code).toBe(2);
    expect(bad.stderr[0]).toMatch(/'bo:1=NEARBY' is not bo:N=STATUS/);
  });
});

describe('--help of operate and sim', () => {
  it('documents the actterm URL parameters and the simulator switches', async () => {
    const operate = (await run(['operate', '--help'])).stdout.join('\n');
    for (const text of ['actterm=auto', 'actterm=expected', 'actterm=none', 'actterm-ms=N', 'NO_ACTTERM']) expect(operate).toContain(text);
    const simHelp = (await run(['sim', '--help'])).stdout.join('\n');
    for (const text of ['--no-actterm', '--actterm-delay MS', '--control-status T']) expect(simHelp).toContain(text);
  });
});

describe("operate: the DNP3 outstation's own reason", () => {
  it('names NOT_SUPPORTED for an index the outstation does not have, with its IIN (PARAMETER_ERROR, and LOCAL_CONTROL of this device) as context', async () => {
    const r = await run(['operate', local.url, '--point', 'bo:9', '--on']);
    expect(r.code).toBe(5);
    expect(r.stderr).toEqual(['switchyard: command failed: NOT_SUPPORTED (select refused: the outstation does not support this point or operation (status 4); outstation IIN LOCAL_CONTROL PARAMETER_ERROR)']);
  });

  it('names LOCAL for a point in local mode and BLOCKED for an analog output, also in JSON', async () => {
    const r = await run(['operate', local.url, '--point', 'bo:1', '--pulse-on']);
    expect(r.code).toBe(5);
    expect(r.stdout.at(-1)).toMatch(/^result +LOCAL \(select refused: the point is in local control \(status 7\); outstation IIN LOCAL_CONTROL\)$/);
    const ao = await run(['operate', local.url, '--point', 'ao:2', '--value', '12', '--direct', '--json']);
    expect(ao.code).toBe(5);
    expect(JSON.parse(ao.stdout[0]!)).toMatchObject({ result: 'BLOCKED', ok: false });
    expect((await run(['operate', local.url, '--point', 'bo:2', '--on'])).code).toBe(0);
  });
});

describe('operate --direct-no-ack (DNP3 DIRECT_OPERATE_NR)', () => {
  const valueOf = async (ref: string): Promise<unknown> => {
    const poll = await run(['poll', local.url, '--json']);
    return (JSON.parse(poll.stdout.join('')) as Array<{ ref: string; value: unknown }>).find((p) => p.ref === ref)?.value;
  };

  it('sends a CROB and an analog output without a response: the result is SENT, and a poll shows the outputs changed', async () => {
    const crob = await run(['operate', local.url, '--point', 'bo:3', '--on', '--direct-no-ack']);
    expect(crob.code).toBe(0);
    expect(crob.stdout[0]).toMatch(/^DIRECT_OPERATE_NR +SENT/);
    expect(crob.stdout.at(-1)).toMatch(/^result +SENT \(DIRECT_OPERATE_NR: sent; the outstation sends no response/);
    const ao = await run(['operate', local.url, '--point', 'ao:3', '--value', '42', '--direct-no-ack', '--json']);
    expect(ao.code).toBe(0);
    expect(JSON.parse(ao.stdout[0]!)).toMatchObject({ mode: 'direct-no-ack', result: 'SENT', ok: true });
    expect(await valueOf('bo:3')).toBe(true);
    expect(await valueOf('ao:3')).toBe(42);
  });

  it('is a usage error with another mode or with IEC 104', async () => {
    const both = await run(['operate', local.url, '--point', 'bo:3', '--on', '--direct', '--direct-no-ack']);
    expect(both.code).toBe(2);
    expect(both.stderr).toEqual(['switchyard: operate: --direct and --direct-no-ack exclude each other']);
    const iec = await run(['operate', silent.url, '--point', 'ioa:5001', '--on', '--direct-no-ack']);
    expect(iec.code).toBe(2);
    expect(iec.stderr[0]).toContain('--direct-no-ack is DNP3 only');
  });
});
