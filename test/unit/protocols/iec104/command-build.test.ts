import { describe, expect, it } from 'vitest';
import { buildCommand, commandProblem } from '../../../../src-main/protocols/iec104/master/command-build';
import { resolveMasterConfig } from '../../../../src-main/protocols/iec104/master/config';

describe('IEC 104 command building', () => {
  it('refuses the DNP3-only NUL action by name instead of sending any command', () => {
    const config = resolveMasterConfig();
    if (!config.ok) throw new Error(config.error.message);
    expect(buildCommand({ id: 'c1', target: 'ioa:5001', action: { action: 'nul' }, mode: 'direct' }, config.value)).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'nul (CROB NUL) is a DNP3 control: IEC 104 has no command that operates nothing' },
    });
    expect(buildCommand({ id: 'c2', target: 'ioa:5001', action: { action: 'close', onMs: 500 }, mode: 'direct' }, config.value)).toMatchObject({ ok: true, value: { typeName: 'C_DC_NA_1', obj: { value: 2, qualifier: 0 } } });
  });

  it('checks a type and value without a connection, naming BAD_TYPE or BAD_VALUE as building the command does', () => {
    expect(commandProblem('C_SE_NB_1', { action: 'setpoint', value: 99999 })).toEqual({ code: 'BAD_VALUE', message: 'scaled set-point 99999 is outside -32768 .. 32767' });
    expect(commandProblem('C_SE_NB_1', { action: 'on' })).toEqual({ code: 'BAD_TYPE', message: 'on does not fit a set-point command' });
    expect(commandProblem('C_XX_NB_1', { action: 'setpoint', value: 1 })).toMatchObject({ code: 'BAD_TYPE', message: expect.stringMatching(/^C_XX_NB_1 is not a command type \(C_SC_NA_1, C_DC_NA_1, .*C_BO_TA_1\)$/) });
    expect(commandProblem('M_ME_NB_1', { action: 'setpoint', value: 1 })).toMatchObject({ code: 'BAD_TYPE' });
    expect(commandProblem(undefined, { action: 'nul' })).toMatchObject({ code: 'BAD_REQUEST' });
    // The defaults and the limits themselves pass: a negative scaled set-point, a float, a single command.
    expect(commandProblem('C_SE_NB_1', { action: 'setpoint', value: -300 })).toBeNull();
    expect(commandProblem(undefined, { action: 'setpoint', value: 12.5 })).toBeNull();
    expect(commandProblem(undefined, { action: 'on' })).toBeNull();
  });
});
