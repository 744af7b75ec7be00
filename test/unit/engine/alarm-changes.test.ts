import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { events } from '../../../src-shared/ipc/contract';
import { AlarmChangeBatch, type AlarmChangesPayload } from '../../../src-main/engine/alarms/alarm-changes';
import { AlarmService } from '../../../src-main/engine/alarms/alarm-service';

describe('alarm change batch', () => {
  it('sends the changes of an interval as one event, in order, with the unacknowledged count at the flush', () => {
    const sent: AlarmChangesPayload[] = [];
    const batch = new AlarmChangeBatch((b) => sent.push(b), () => service.unacknowledged());
    const service = new AlarmService((alarm, transition) => batch.add(alarm, transition), () => 1000);
    batch.flush();
    expect(sent, 'nothing to send').toEqual([]);
    service.stationConnection('s1', 'RTU 1', true, 'reset');
    service.stationConnection('s2', 'RTU 2', true, 'reset');
    service.stationConnection('s1', 'RTU 1', false, '');
    expect(sent, 'nothing before the flush').toEqual([]);
    batch.flush();
    expect(sent).toHaveLength(1);
    expect(v.safeParse(events['alarms.changed'], sent[0]).success).toBe(true);
    expect(sent[0]!.changes.map((c) => [c.alarm.id, c.transition, c.alarm.active])).toEqual([
      ['s1#DISCONNECTED', 'raised', true],
      ['s2#DISCONNECTED', 'raised', true],
      ['s1#DISCONNECTED', 'cleared', false],
    ]);
    expect(sent[0]!.unacknowledged).toBe(2);
    batch.flush();
    expect(sent, 'each change once').toHaveLength(1);
  });
});
