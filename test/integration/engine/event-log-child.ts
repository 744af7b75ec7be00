/**
 * Child process of the SIGKILL test: appends numbered events to the event log as fast as
 * batching allows and prints `committed N` once every event up to N is committed.
 * Usage: node --import tsx event-log-child.ts <database file>
 */
import { EventLog } from '../../../src-main/engine/event-log/event-log';

const file = process.argv[2]!;
const lastOfBatch = new Map<number, number>();
let reported = 0;
const log = await EventLog.open({
  file,
  onCommitted: (seq) => {
    for (const [batch, last] of lastOfBatch) {
      if (batch > seq) continue;
      reported = Math.max(reported, last);
      lastOfBatch.delete(batch);
    }
    process.stdout.write(`committed ${reported}\n`);
  },
});
let n = 0;
setInterval(() => {
  for (let i = 0; i < 50; i++) {
    n++;
    const batch = log.append({ kind: 'soe', station: 'child', point: `ai:${n % 10}`, message: `event ${n}`, data: { n } });
    lastOfBatch.set(batch, n);
  }
}, 2);
