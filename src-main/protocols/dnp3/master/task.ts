/**
 * Master tasks: each produces requests one at a time and judges the responses. The
 * session runs one task at a time, highest priority first (lower number), FIFO within a
 * priority: Secure Authentication session key changes -1, controls 0, other on-demand requests 1, restart clear 2, disable unsolicited 3,
 * time sync 4, integrity poll 5, enable unsolicited 6, event polls 7, file transfer blocks 8.
 */
import type { SessionOutput } from '../../../../src-shared/session';
import type { FragmentHead } from '../app/parser';
import type { PointUpdate } from '../../../../src-shared/session';
import type { DataObject, ResponseContent } from '../app/point-decoder';
import type { CommandResult } from '../../../../src-shared/command-results';

/** Task priorities (lower runs first). */
export const Priority = { secureAuth: -1, command: 0, onDemand: 1, clearRestart: 2, disableUnsol: 3, timeSync: 4, integrity: 5, enableUnsol: 6, eventPoll: 7, file: 8 } as const;

/** A request a task wants sent. */
export interface TaskRequest {
  fc: number;
  /** Object headers and objects after the function code. */
  objects: Uint8Array;
  /** False for *_NR function codes: the task moves on without a response. */
  expectResponse: boolean;
}

/** Services the session offers a running task. */
export interface TaskContext {
  nowMs: number;
  /** UTC ms at `nowMs`. */
  utcNow(): number;
  out: SessionOutput[];
  /** Emits an event. */
  emit(event: Extract<SessionOutput, { kind: 'event' }>['event']): void;
}

/** One complete response (all fragments) as a task sees it. */
export interface TaskResponse {
  head: FragmentHead;
  /** The objects octets of the last fragment (after IIN), for echo checks. */
  objects: Uint8Array;
  /** The last fragment whole (Secure Authentication MACs cover whole fragments). */
  fragment: Uint8Array;
  content: ResponseContent;
  /** Data objects of every fragment of the response. */
  data: DataObject[];
  /** Points of every fragment, when the task asked for them (`collectPoints`). */
  points: PointUpdate[];
  /** With `collectPoints`: the request fragment sent and every response fragment's octets. */
  octets?: { request: Uint8Array; fragments: Uint8Array[] };
  /** When the request was sent and when the final fragment arrived. */
  sentAtMs: number;
  receivedAtMs: number;
}

/**
 * What a task decides after a response: send the next request at once, pause, finish, or
 * `yield`: go back into the queue, so that other tasks run before its next request.
 */
export type TaskVerdict = 'next' | 'pause' | 'done' | 'yield';

/** A unit of master work. */
export interface MasterTask {
  readonly name: string;
  readonly priority: number;
  /** Call id for on-demand tasks (commands, raw...). */
  readonly id?: string;
  /** Response-timeout retries left (never for controls). */
  retries: number;
  /** Builds the next request. */
  request(ctx: TaskContext): TaskRequest;
  /** Called once the request is on the wire, with the fragment as sent. */
  sent?(ctx: TaskContext, fragment: Uint8Array): void;
  /** Called with each complete response; returns what to do next. */
  response(ctx: TaskContext, r: TaskResponse): TaskVerdict;
  /** Called when no response came (after retries) or the link went down; the task ends. */
  fail(ctx: TaskContext, result: CommandResult, detail: string): void;
  /** Keep the points of the response for `response` (raw requests). */
  readonly collectPoints?: boolean;
  /** When the task first sent a request (for durations). */
  startedAtMs?: number;
}
