/**
 * Child of descriptor-limit.test.ts, run under a low `ulimit -n`: an engine on an empty
 * data directory (argv[2]) is given argv[3] enabled DNP3 stations (to a closed port) and
 * prints, as one JSON line, what the engine logged.
 */
import { createEngine } from '../../../src-main/engine';

const [dataDir, count] = process.argv.slice(2);
const lines: string[] = [];
const engine = await createEngine({ dataDir: dataDir!, publish: () => undefined, log: (line) => lines.push(line), demoOnFirstStart: false });
await engine.workspace.update((draft) => {
  draft.stations = Array.from({ length: Number(count) }, (_, i) => ({ id: `s${i}`, name: `S${i}`, protocol: 'dnp3' as const, transport: { kind: 'tcp' as const, host: '127.0.0.1', port: 9, reconnectDelayMs: 60_000 } }));
});
// Rows reach the event log's worker in batches: ask until the warning is there (or 5 s).
let events: string[] = [];
for (const end = Date.now() + 5000; events.length === 0 && Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
  events = (await engine.eventLog.query({ kinds: ['system'], text: 'open files' })).rows.map((e) => e.message);
}
await engine.stop();
process.stdout.write(`${JSON.stringify({ lines, events })}\n`);
