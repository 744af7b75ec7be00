/**
 * The renderer's main-thread work from a Chromium trace (category `toplevel`): every task
 * the page's main thread ran, split into rendering frames (animation-frame callbacks, the
 * table's redraw, style, layout, paint), incoming messages (the WebSocket contract client
 * and the points store's batch apply) and the rest (garbage collection, timers). The frame
 * interval from requestAnimationFrame is quantised to vsync; this is the work behind it.
 */

/** The trace categories {@link mainThreadWork} needs. */
export const WORK_CATEGORIES = ['toplevel'];

/** Durations in ms of one kind of main-thread task. */
export interface TaskFigures {
  count: number;
  totalMs: number;
  /** Sorted ascending. */
  durations: number[];
}

/** The main thread's work over the traced span. */
export interface MainThreadWork {
  spanMs: number;
  frames: TaskFigures;
  messages: TaskFigures;
  other: TaskFigures;
  /** Busy ms in each 1/60 s window of the span, sorted ascending. */
  busyPerVsync: number[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; src_func?: string };
}

const VSYNC_US = 1e6 / 60;

function figures(durationsUs: number[]): TaskFigures {
  const durations = durationsUs.map((us) => us / 1000).sort((a, b) => a - b);
  return { count: durations.length, totalMs: durations.reduce((sum, d) => sum + d, 0), durations };
}

/** The page's main thread: the `CrRendererMain` thread with the most tasks. */
function mainThread(events: TraceEvent[]): string {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const counts = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && mains.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!best) throw new Error('the trace has no renderer main thread (CrRendererMain) tasks');
  return best[0];
}

/** Sums the tasks' time into 1/60 s windows from the first task's start. */
function perVsync(tasks: TraceEvent[], startUs: number, endUs: number): number[] {
  const busy = new Float64Array(Math.max(1, Math.ceil((endUs - startUs) / VSYNC_US)));
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const last = Math.min(busy.length - 1, Math.floor((end - startUs) / VSYNC_US));
    for (let slot = Math.floor((task.ts - startUs) / VSYNC_US); slot <= last; slot++) {
      const overlap = Math.min(end, startUs + (slot + 1) * VSYNC_US) - Math.max(task.ts, startUs + slot * VSYNC_US);
      if (overlap > 0) busy[slot]! += overlap / 1000;
    }
  }
  return [...busy].sort((a, b) => a - b);
}

/** Reads a Chromium trace (the JSON `Browser.stopTracing` returns). */
export function mainThreadWork(trace: Buffer): MainThreadWork {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = mainThread(events);
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.dur !== undefined && `${e.pid}:${e.tid}` === main);
  const frames: number[] = [];
  const messages: number[] = [];
  const other: number[] = [];
  for (const task of tasks) {
    const source = task.args?.src_func;
    (source === 'ScheduledActionSendBeginMainFrame' ? frames : source === 'PostDispatchNextMessageFromPipe' ? messages : other).push(task.dur!);
  }
  const startUs = tasks.reduce((min, t) => Math.min(min, t.ts), Number.POSITIVE_INFINITY);
  const endUs = tasks.reduce((max, t) => Math.max(max, t.ts + t.dur!), Number.NEGATIVE_INFINITY);
  return { spanMs: (endUs - startUs) / 1000, frames: figures(frames), messages: figures(messages), other: figures(other), busyPerVsync: perVsync(tasks, startUs, endUs) };
}
