/** Builders of the object octets of master requests. */
import { objectsOf } from '../app/raw-objects';
import type { EventClass } from './config';

/** g60 class headers (qualifier 0x06) for the given classes; 0 is class 0 (static data, g60v1). */
export function classHeaders(classes: Array<0 | EventClass>): Uint8Array {
  return objectsOf((w) => {
    for (const c of classes) w.header({ group: 60, variation: c + 1, qualifier: 0x06 });
  });
}

/** Integrity poll: class 1, 2, 3 then 0. */
export const INTEGRITY = classHeaders([1, 2, 3, 0]);

/** WRITE of g80v1 index 7 (DEVICE_RESTART) = 0: qualifier 0x00, start 7, stop 7, one packed octet. */
export const CLEAR_RESTART = objectsOf((w) => {
  w.header({ group: 80, variation: 1, qualifier: 0x00, start: 7, stop: 7 });
  w.bytes(new Uint8Array([0]));
});
