/**
 * One-shot target calls against the built-in simulators on loopback: a command the
 * master session refuses inside `call()` is reported at once, not after the command
 * timeout (the wait starts before the call).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../../src-shared/session';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { interrogate, operate } from '../../../src-main/commissioning/target/target-calls';
import { openTarget } from '../../../src-main/commissioning/target/target-session';
import { parseTargetUrl } from '../../../src-main/commissioning/target/target-url';
import { startSim } from '../cli/helpers/sims';

let dnp3: Simulator;
let iec104: Simulator;

beforeAll(async () => {
  dnp3 = await startSim({ protocol: 'dnp3', points: 3, rate: 0 });
  iec104 = await startSim({ protocol: 'iec104', points: 3, rate: 0 });
});
afterAll(async () => {
  await dnp3.close();
  await iec104.close();
});

const COMMAND_TIMEOUT_MS = 20_000;

describe('operate on a one-shot target', () => {
  const refused: Array<[string, () => string, CommandRequest, RegExp]> = [
    ['DNP3 12.5 as g41v1', () => dnp3.url, { id: 'v', target: 'ao:1', action: { action: 'setpoint', value: 12.5 }, mode: 'sbo', type: 'g41v1' }, /12\.5 does not fit g41v1/],
    ['IEC 104 99999 as C_SE_NB_1', () => iec104.url, { id: 'v', target: 'ioa:5006', action: { action: 'setpoint', value: 99999 }, mode: 'sbo', type: 'C_SE_NB_1', commonAddress: 1 }, /99999 is outside/],
  ];
  for (const [name, url, command, detail] of refused) {
    it(`reports a value the session refuses locally (${name}) as BAD_VALUE at once`, async () => {
      const target = parseTargetUrl(url());
      if (!target.ok) throw new Error(target.error.message);
      const opened = await openTarget(target.value, { timeoutMs: 5000 });
      if (!opened.ok) throw new Error(opened.error.message);
      const stages: string[] = [];
      try {
        const started = performance.now();
        const result = await operate(opened.value, command, COMMAND_TIMEOUT_MS, (e) => stages.push(e.stage));
        const elapsedMs = performance.now() - started;
        expect(result).toMatchObject({ ok: true, value: { stage: 'done', result: 'BAD_VALUE', ok: false, detail: expect.stringMatching(detail) } });
        expect(stages).toEqual(['done']);
        expect(elapsedMs, 'a functional bound: far under the command timeout').toBeLessThan(5000);
      } finally {
        await opened.value.close();
      }
    });
  }
});

describe('interrogate on a one-shot target', () => {
  // Values changing 500 times a second: a DNP3 integrity poll reads buffered events before
  // the static data, and an IEC 104 station sends spontaneous changes during the GI.
  // IEC 104: M_PS_NA_1 counts as its 16 single points.
  for (const [protocol, count] of [['dnp3', 21], ['iec104', 34]] as const) {
    it(`lists each ${protocol} point once, with its last value, however often it was reported`, async () => {
      const busy = await startSim({ protocol, points: 3, rate: 500 });
      const target = parseTargetUrl(busy.url);
      if (!target.ok) throw new Error(target.error.message);
      const opened = await openTarget(target.value, { timeoutMs: 5000 });
      if (!opened.ok) throw new Error(opened.error.message);
      try {
        for (let round = 0; round < 3; round++) {
          const result = await interrogate(opened.value, 10_000);
          if (!result.ok) throw new Error(result.error.message);
          const refs = result.value.points.map((p) => p.ref);
          expect(new Set(refs).size).toBe(refs.length);
          expect(refs).toHaveLength(count);
        }
      } finally {
        await opened.value.close();
        await busy.close();
      }
    });
  }
});
