/** An alarm as the contract lists it, for renderer tests: active, unacknowledged, priority 3, unless overridden. */
import type { Alarm } from '../../../src-renderer/stores/alarm-state';

/** An H alarm of point `s1/ai:0` with `over` applied. */
export const alarm = (id: string, over: Partial<Alarm> = {}): Alarm => ({
  id,
  station: 's1',
  address: 'ai:0',
  kind: 'H',
  priority: 3,
  message: 'high',
  value: 1,
  raisedAt: 1000,
  clearedAt: null,
  active: true,
  acknowledged: false,
  ackBy: null,
  ackAt: null,
  shelf: null,
  ...over,
});
