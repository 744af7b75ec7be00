/**
 * Child process of the history SIGKILL test: appends numbered samples (value = number)
 * of ten points as fast as batching allows and prints `committed N` once every sample up
 * to N is committed.
 * Usage: node --import tsx history-child.ts <database file>
 */
import { HistoryStore } from '../../../src-main/engine/history/history-store';

const store = await HistoryStore.open({ file: process.argv[2]!, retention: { rawDays: 3650, minuteDays: 3650, hourDays: 36500 } });
const quality = store.qualityId(['ONLINE']);
const series = Array.from({ length: 10 }, (_, i) => store.seriesId('child', `ai:${i}`));
let n = 0;
const start = Date.now();
setInterval(() => {
  for (let i = 0; i < 200; i++) {
    n++;
    store.append(series[n % 10]!, start + n, n, quality, false);
  }
}, 2);
setInterval(() => {
  const upTo = n;
  void store.flush().then((committed) => committed && process.stdout.write(`committed ${upTo}\n`));
}, 20);
