/**
 * The renderer's main-thread work from a Chromium trace (category `toplevel`): every task
 * the page's main thread ran, split into rendering frames (animation-frame callbacks, the
 * table's redraw, style, layout, paint), incoming messages (the WebSocket contract client
 * and the points store's batch apply) and the rest (garbage collection, timers). The frame
 * interval from requestAnimationFrame is quantised to vsync; this is the work behind it.
 */

/**
 * The trace categories {@link mainThreadWork} needs: the tasks (`toplevel`), and what runs
 * inside them (script, GC, style, layout, paint, message parsing) to explain the long ones.
 */
export const WORK_CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'blink'];

/** Tasks longer than this are broken down into the work inside them. */
const LONG_TASK_MS = 50;

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
  /**
   * Thread (CPU) time of every task, ms, sorted ascending: without the time the thread
   * waited for a core (other processes on a loaded machine), so it estimates the task's
   * length on an otherwise idle machine. Chromium's CPU throttling counts in it (measured:
   * the longest frame's thread time grows about as the slowdown does).
   */
  cpuDurations: number[];
  /** The same for the frame-rendering tasks alone. */
  frameCpuDurations: number[];
  frames: TaskFigures;
  messages: TaskFigures;
  other: TaskFigures;
  /** Busy ms in each 1/60 s window of the span, sorted ascending. */
  busyPerVsync: number[];
  /**
   * The same in thread (CPU) time: each task's thread time spread over the windows its wall
   * span covers. On a loaded machine the wall figure counts the waits for a core as work;
   * this one does not (it still counts CPU throttling).
   */
  cpuPerVsync: number[];
  /** Every task over 50 ms, longest first, with what ran inside it. */
  longTasks: LongTask[];
  /** Garbage collection on the main thread: full (mark-compact) and young-generation pauses. */
  gc: { major: TaskFigures; minor: TaskFigures };
}

/** A task over 50 ms and the events inside it. */
export interface LongTask {
  ms: number;
  kind: 'frame' | 'message' | 'other';
  /** Inclusive ms of the events inside, by name (nested events overlap), largest first. */
  inside: Array<{ name: string; ms: number }>;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread time, µs. */
  tdur?: number;
  args?: { name?: string; src_func?: string; data?: { functionName?: string; url?: string } };
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

/**
 * Sums the tasks' time into 1/60 s windows from the first task's start: wall time, or
 * (`cpu`) each task's thread time in proportion to the part of its span in the window.
 */
function perVsync(tasks: TraceEvent[], startUs: number, endUs: number, cpu: boolean): number[] {
  const busy = new Float64Array(Math.max(1, Math.ceil((endUs - startUs) / VSYNC_US)));
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const share = cpu && task.dur! > 0 ? (task.tdur ?? task.dur!) / task.dur! : 1;
    const last = Math.min(busy.length - 1, Math.floor((end - startUs) / VSYNC_US));
    for (let slot = Math.floor((task.ts - startUs) / VSYNC_US); slot <= last; slot++) {
      const overlap = Math.min(end, startUs + (slot + 1) * VSYNC_US) - Math.max(task.ts, startUs + slot * VSYNC_US);
      if (overlap > 0) busy[slot]! += (share * overlap) / 1000;
    }
  }
  return [...busy].sort((a, b) => a - b);
}

/** The label of an event inside a task: its name, and the function a script call ran. */
function insideName(e: TraceEvent): string {
  const fn = e.args?.data?.functionName;
  return fn ? `${e.name} ${fn}` : e.name;
}

/** What ran inside `task`: the thread's complete events within its span, by name. */
function breakdown(task: TraceEvent, kind: LongTask['kind'], thread: TraceEvent[]): LongTask {
  const end = task.ts + task.dur!;
  const byName = new Map<string, number>();
  for (const e of thread) {
    if (e === task || e.ts < task.ts || e.ts + e.dur! > end) continue;
    byName.set(insideName(e), (byName.get(insideName(e)) ?? 0) + e.dur! / 1000);
  }
  const inside = [...byName].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms).slice(0, 8);
  return { ms: task.dur! / 1000, kind, inside };
}

/** The task source of a frame's rendering. */
const FRAME_SOURCE = 'ScheduledActionSendBeginMainFrame';

/** Thread time of tasks in ms, sorted ascending. */
function cpuMs(tasks: TraceEvent[]): number[] {
  return tasks.map((t) => (t.tdur ?? t.dur!) / 1000).sort((a, b) => a - b);
}

/** Reads a Chromium trace (the JSON `Browser.stopTracing` returns). */
export function mainThreadWork(trace: Buffer): MainThreadWork {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = mainThread(events);
  const thread = events.filter((e) => e.ph === 'X' && e.dur !== undefined && `${e.pid}:${e.tid}` === main);
  const tasks = thread.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const byKind: Record<LongTask['kind'], number[]> = { frame: [], message: [], other: [] };
  const longTasks: LongTask[] = [];
  for (const task of tasks) {
    const source = task.args?.src_func;
    const kind = source === FRAME_SOURCE ? 'frame' : source === 'PostDispatchNextMessageFromPipe' ? 'message' : 'other';
    byKind[kind].push(task.dur!);
    if (task.dur! / 1000 > LONG_TASK_MS) longTasks.push(breakdown(task, kind, thread));
  }
  const startUs = tasks.reduce((min, t) => Math.min(min, t.ts), Number.POSITIVE_INFINITY);
  const endUs = tasks.reduce((max, t) => Math.max(max, t.ts + t.dur!), Number.NEGATIVE_INFINITY);
  return {
    spanMs: (endUs - startUs) / 1000,
    cpuDurations: cpuMs(tasks),
    frameCpuDurations: cpuMs(tasks.filter((t) => t.args?.src_func === FRAME_SOURCE)),
    frames: figures(byKind.frame),
    messages: figures(byKind.message),
    other: figures(byKind.other),
    busyPerVsync: perVsync(tasks, startUs, endUs, false),
    cpuPerVsync: perVsync(tasks, startUs, endUs, true),
    longTasks: longTasks.sort((a, b) => b.ms - a.ms),
    gc: { major: figures(thread.filter((e) => e.name === 'MajorGC').map((e) => e.dur!)), minor: figures(thread.filter((e) => e.name === 'MinorGC').map((e) => e.dur!)) },
  };
}
