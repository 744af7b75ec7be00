import { describe, expect, it } from 'vitest';
import { buildCommand } from '../../../../src-main/protocols/iec104/master/command-build';
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
});
