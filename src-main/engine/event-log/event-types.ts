/** Row types of the event log and the command audit trail. */

/** Kinds of logged event. */
export type EventKind = 'soe' | 'connection' | 'alarm' | 'command' | 'timeSync' | 'config' | 'session' | 'task' | 'system';

/** An event to log. */
export interface LogEvent {
  /** Our time (ms since the epoch); default now. */
  time?: number;
  /** Device time for SOE, ms since the epoch. */
  deviceTime?: number | null;
  kind: EventKind;
  station?: string | null;
  point?: string | null;
  user?: string | null;
  message: string;
  /** Any JSON detail. */
  data?: unknown;
}

/** The stored form of an event (as the worker writes it). */
export interface EventRow {
  time: number;
  deviceTime: number | null;
  kind: string;
  station: string | null;
  point: string | null;
  user: string | null;
  message: string;
  data: string | null;
}

/** An event read back. */
export interface StoredEvent {
  id: number;
  time: number;
  deviceTime: number | null;
  kind: string;
  station: string | null;
  point: string | null;
  user: string | null;
  message: string;
  data: unknown;
}

/** One stage of a command with its time. */
export interface AuditStage {
  stage: string;
  at: number;
  result: string;
  ok: boolean;
  detail?: string;
}

/** One command attempt as audited. */
export interface StoredAudit {
  id: string;
  time: number;
  user: string;
  role?: string | null;
  station: string;
  point: string;
  action: string;
  value?: string | null;
  mode: string;
  /** `PENDING` while running, then the result by name (`SUCCESS`, `REFUSED_ROLE`...). */
  result: string;
  ok: boolean;
  detail?: string | null;
  stages: AuditStage[];
  feedback?: unknown;
}

/** The stored form of an audit record. */
export interface AuditRow {
  id: string;
  time: number;
  user: string;
  role: string | null;
  station: string;
  point: string;
  action: string;
  value: string | null;
  mode: string;
  result: string;
  ok: number;
  detail: string | null;
  stages: string;
  feedback: string | null;
}
