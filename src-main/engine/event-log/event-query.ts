/** Builds the parameterised SELECTs of event and audit queries (never string-spliced values). */

/** Filter of an event query. */
export interface EventFilter {
  from?: number;
  to?: number;
  station?: string;
  point?: string;
  kinds?: string[];
  /** Substring of the message. */
  text?: string;
  offset?: number;
  limit?: number;
  /** Newest first (default) or oldest first. */
  order?: 'desc' | 'asc';
}

/** Filter of an audit query. */
export interface AuditFilter {
  from?: number;
  to?: number;
  station?: string;
  point?: string;
  user?: string;
  result?: string;
  offset?: number;
  limit?: number;
}

/** A built query: rows, total count, named parameters. */
export interface BuiltQuery {
  sql: string;
  countSql: string;
  params: Record<string, unknown>;
}

/** Collects WHERE conditions with their named parameters. */
class Where {
  readonly parts: string[] = [];
  readonly params: Record<string, unknown> = {};

  /** Adds `sql` with parameter `name` when `value` is defined. */
  add(sql: string, name: string, value: unknown): void {
    if (value === undefined) return;
    this.parts.push(sql);
    this.params[name] = value;
  }

  get clause(): string {
    return this.parts.length ? ` WHERE ${this.parts.join(' AND ')}` : '';
  }
}

function page(filter: { offset?: number; limit?: number }, params: Record<string, unknown>): string {
  params.limit = Math.min(Math.max(filter.limit ?? 100, 1), 10_000);
  params.offset = Math.max(filter.offset ?? 0, 0);
  return ' LIMIT @limit OFFSET @offset';
}

/** The query of an event filter. */
export function buildEventQuery(filter: EventFilter): BuiltQuery {
  const where = new Where();
  where.add('time >= @from', 'from', filter.from);
  where.add('time <= @to', 'to', filter.to);
  where.add('station = @station', 'station', filter.station);
  where.add('point = @point', 'point', filter.point);
  if (filter.text) where.add("message LIKE @text ESCAPE '\\'", 'text', `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.kinds?.length) {
    const names = filter.kinds.map((kind, i) => {
      where.params[`k${i}`] = kind;
      return `@k${i}`;
    });
    where.parts.push(`kind IN (${names.join(',')})`);
  }
  const clause = where.clause;
  const params = { ...where.params };
  const order = filter.order === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT id, time, device_time AS deviceTime, kind, station, point, user, message, data FROM events${clause} ORDER BY time ${order}, id ${order}${page(filter, params)}`;
  return { sql, countSql: `SELECT COUNT(*) AS n FROM events${clause}`, params };
}

/** The query of an audit filter. */
export function buildAuditQuery(filter: AuditFilter): BuiltQuery {
  const where = new Where();
  where.add('time >= @from', 'from', filter.from);
  where.add('time <= @to', 'to', filter.to);
  where.add('station = @station', 'station', filter.station);
  where.add('point = @point', 'point', filter.point);
  where.add('user = @user', 'user', filter.user);
  where.add('result = @result', 'result', filter.result);
  const clause = where.clause;
  const params = { ...where.params };
  const sql = `SELECT * FROM audit${clause} ORDER BY time DESC${page(filter, params)}`;
  return { sql, countSql: `SELECT COUNT(*) AS n FROM audit${clause}`, params };
}
