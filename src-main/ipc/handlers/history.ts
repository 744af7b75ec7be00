import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import { writeHistoryCsv } from '../../engine/history/history-csv';
import { splitPointId } from '../../engine/points/point-address';
import type { Handlers } from '../router';

/** Rows one `history.exportCsv` call returns at most (larger exports: the command line). */
const EXPORT_MAX_ROWS = 200_000;

/** Point ids to station + point references; null when one is not `<station>/<address>`. */
function pointsOf(ids: readonly string[]): Array<{ station: string; point: string }> | null {
  const points = [];
  for (const id of ids) {
    const parts = splitPointId(id);
    if (!parts) return null;
    points.push({ station: parts.station, point: parts.address });
  }
  return points;
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');

/** Handlers of the `history.*` calls (stored point history). */
export function historyHandlers(engine: Engine): Pick<Handlers, 'history.query' | 'history.exportCsv'> {
  return {
    'history.query': async ({ ids, from, to, maxPoints }) => {
      const points = pointsOf(ids);
      if (!points) return fail('INVALID_REQUEST', 'point ids are <station>/<address>');
      const read = await engine.history.read({ points, from, to, maxPoints });
      return ok({ series: read.map(({ station, point, ...series }) => ({ id: `${station}/${point}`, ...series })) });
    },
    'history.exportCsv': async ({ ids, from, to, resolution }) => {
      const points = pointsOf(ids);
      if (!points) return fail('INVALID_REQUEST', 'point ids are <station>/<address>');
      const parts: string[] = [];
      const written = await writeHistoryCsv(engine.history, { points, from, to, resolution }, (text) => void parts.push(text), EXPORT_MAX_ROWS);
      if (!written.ok) return written;
      return ok({ csv: parts.join(''), rows: written.value.rows, fileName: `switchyard-history-${resolution}-${stamp(from)}-${stamp(to)}.csv` });
    },
  };
}
