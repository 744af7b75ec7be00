import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../../src-main/engine/points/csv';
import { parsePointCsv, pointsToCsv } from '../../../src-main/engine/points/point-csv';

describe('csv', () => {
  it('quotes and parses commas, quotes and line breaks', () => {
    const text = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null]]);
    expect(parseCsv(text)).toEqual([['a', 'b'], ['x,y', 'say "hi"'], ['line\nbreak', '']]);
  });
});

describe('point list CSV', () => {
  const csv = [
    'address,name,unit,scale,offset,state_labels,hh,h,deadband,priority,state_alarms,quality_alarm,event_deadband',
    'ai:0,Feeder current,A,0.1,5,,90,80,1,2,,true,0.5',
    'bi:3,"Breaker, main",,,,0=Open;1=Closed,,,,,1:1,,',
    'ioa:3001@1,Oil temperature,°C,,,,,,,,,,',
  ].join('\n');

  it('imports the documented columns', () => {
    const parsed = parsePointCsv(csv);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.points[0]).toMatchObject({ address: 'ai:0', name: 'Feeder current', unit: 'A', scale: 0.1, offset: 5, alarms: { hh: 90, h: 80, deadband: 1, priority: 2 }, qualityAlarm: true, eventDeadband: 0.5 });
    expect(parsed.points[1]).toMatchObject({ name: 'Breaker, main', stateLabels: { '0': 'Open', '1': 'Closed' }, stateAlarms: [{ state: 1, priority: 1 }], scale: 1 });
    expect(parsed.points[2]!.alarms).toBeUndefined();
    expect(parsed.points[2]!.eventDeadband).toBeUndefined(); // empty: the default applies
  });

  it('round-trips through export', () => {
    const parsed = parsePointCsv(csv);
    if (!parsed.ok) throw new Error(parsed.message);
    const again = parsePointCsv(pointsToCsv(parsed.points, new Map([['ai:0', 'g30v1']])));
    expect(again).toEqual(parsed);
  });

  it('reports the line and field of a bad row, and bad headers', () => {
    expect(parsePointCsv('address,name\nai:0,A\nxx:1,B')).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3: address: /) });
    expect(parsePointCsv('address,scale\nai:0,abc')).toMatchObject({ ok: false, message: 'line 2, scale: not a number: abc' });
    expect(parsePointCsv('address,event_deadband\nai:0,-1')).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2: eventDeadband: /) });
    expect(parsePointCsv('name\nA')).toMatchObject({ ok: false });
    expect(parsePointCsv('address,colour\nai:0,red')).toMatchObject({ ok: false, message: 'unknown column(s): colour' });
    expect(parsePointCsv('address\nai:0\nai:0')).toMatchObject({ ok: false, message: 'line 3: address ai:0 appears twice' });
  });

  it('takes a bit of an M_PS_NA_1 status word as ioa:N.b (b 0-15), IEC 104 only', () => {
    const parsed = parsePointCsv('address,name,state_labels\nioa:1008.15@1,Door contact,0=Closed;1=Open\nioa:1008.0,Bit 0,');
    expect(parsed).toMatchObject({ ok: true, points: [{ address: 'ioa:1008.15@1', name: 'Door contact' }, { address: 'ioa:1008.0' }] });
    expect(parsePointCsv('address\nioa:1008.16@1')).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2: address: /) });
    expect(parsePointCsv('address\nbi:3.1')).toMatchObject({ ok: false });
  });
});
