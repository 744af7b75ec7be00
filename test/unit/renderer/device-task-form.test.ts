import { describe, expect, it } from 'vitest';
import { answerRows, buildTask, defaultParams } from '../../../src-renderer/components/device-panel/device-task-form';

describe('the Device panel form', () => {
  it('builds each task from its parameters', () => {
    const p = { ...defaultParams(), clear: true, noAck: true, range: ' 2 - 5 ' };
    expect(buildTask('freeze', p)).toEqual({ ok: true, task: { task: 'freeze', clear: true, noAck: true, range: { start: 2, stop: 5 } } });
    expect(buildTask('assignClass', { ...defaultParams(), classGroup: 30, cls: 0, range: '7' })).toEqual({ ok: true, task: { task: 'assignClass', group: 30, cls: 0, range: { start: 7, stop: 7 } } });
    expect(buildTask('unsolicited', { ...defaultParams(), enable: false, classes: { 1: false, 2: true, 3: true } })).toEqual({ ok: true, task: { task: 'unsolicited', enable: false, classes: [2, 3] } });
    expect(buildTask('counterInterrogation', { ...defaultParams(), group: 3, freeze: 'reset' })).toEqual({ ok: true, task: { task: 'counterInterrogation', group: 3, freeze: 'reset' } });
    expect(buildTask('readAttributes', defaultParams())).toEqual({ ok: true, task: { task: 'readAttributes', variation: 254 } });
  });

  it('says why the input cannot be sent', () => {
    expect(buildTask('freeze', { ...defaultParams(), range: '5-2' })).toMatchObject({ ok: false, reason: expect.stringContaining('Range "5-2"') });
    expect(buildTask('unsolicited', { ...defaultParams(), classes: { 1: false, 2: false, 3: false } })).toEqual({ ok: false, reason: 'Choose at least one event class' });
    expect(buildTask('interrogation', { ...defaultParams(), group: 17 })).toEqual({ ok: false, reason: 'Group must be a whole number from 0 to 16' });
    expect(buildTask('readAttributes', { ...defaultParams(), variation: 0 })).toMatchObject({ ok: false });
  });

  it('shows what the device answered as rows', () => {
    expect(answerRows({ delayMs: 1000 })).toEqual([['delayMs', '1000']]);
    expect(answerRows(null)).toEqual([]);
    expect(answerRows(42)).toEqual([['Value', '42']]);
  });
});
