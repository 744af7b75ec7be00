/**
 * The engine's side of the history: every trend sample of the update pipeline (and the
 * master's own COMM_LOST / STALE marks) also goes to the history store. A point's series
 * id and its quality list's id are found once and then read from typed arrays by the
 * point database's index, so recording a sample costs a few array reads and an append to
 * the store's columns: no strings, no objects, no SQL on the event loop.
 */
import type { PointDatabase } from '../points/point-database';
import type { HistoryStore } from './history-store';

/** Records point samples in a {@link HistoryStore}. */
export class HistoryRecorder {
  /** Series id by point index (0 = not looked up yet). */
  private seriesOf = new Int32Array(1024);
  /** Store quality id by the point database's interned quality id (0 = not looked up yet). */
  private readonly qualityOf = new Int32Array(65_536);
  /** False when the workspace turned history off. */
  enabled = true;

  constructor(
    private readonly store: HistoryStore,
    private readonly points: PointDatabase,
  ) {}

  /** Records point `index`'s engineering value at `timeMs` with its current quality. */
  record(index: number, timeMs: number, value: number, invalid: boolean): void {
    if (!this.enabled) return;
    if (index >= this.seriesOf.length) {
      const next = new Int32Array(Math.max(index + 1, this.seriesOf.length * 2));
      next.set(this.seriesOf);
      this.seriesOf = next;
    }
    let series = this.seriesOf[index]!;
    if (series === 0) {
      series = this.store.seriesId(this.points.stationIdOf(index), this.points.addressOf(index));
      this.seriesOf[index] = series;
    }
    const interned = this.points.qualityIdOf(index);
    let quality = this.qualityOf[interned]!;
    if (quality === 0) {
      quality = this.store.qualityId(this.points.qualityWords(interned));
      this.qualityOf[interned] = quality;
    }
    this.store.append(series, timeMs, value, quality, invalid);
  }
}
