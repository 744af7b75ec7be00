/**
 * DNP3 benchmarks (print figures, assert nothing):
 * - decode throughput on one core: 2048-octet response fragments full of g32 analog
 *   events (g32v3 with time and g32v1 without), application decode to PointUpdate values;
 * - master session in memory: link frames -> framer, CRCs, transport, decode -> points;
 * - loopback ingest: the outstation simulator's flood mode (in a child process, unsolicited
 *   with confirms) into the master over TCP (TCP_NODELAY), events/s and the master
 *   process's CPU% (process.cpuUsage);
 * - stored ingest: the same into the event log (SQLite, synchronous=FULL), CONFIRM on
 *   receipt (before the events are stored) and after the commit (the engine's path):
 *   events committed per second and the receipt-to-CONFIRM and commit-to-CONFIRM delays;
 * - Secure Authentication: the cost per critical request (normal and aggressive mode) and
 *   of the session key change (helpers/secure-auth.ts).
 * Run: `npm run bench -- dnp3`, or `npx tsx -e "import('./test/bench/dnp3.ts').then(m=>m.run([]))"`.
 * `--quick` shortens every phase; `--only decode,memory,loopback,stored` runs only those phases
 * (e.g. under `node --cpu-prof`).
 */
import { fileURLToPath } from 'node:url';
import { createDnp3Master, createDnp3Outstation, decodeResponseContent } from '../../src-main/protocols/dnp3';
import { codecFor } from '../../src-main/protocols/dnp3/app/objects/table';
import type { PointCodec } from '../../src-main/protocols/dnp3/app/objects/types';
import { FragmentWriter } from '../../src-main/protocols/dnp3/app/writer';
import { encodeLinkFrame } from '../../src-main/protocols/dnp3/link/frame';
import { segmentFragment } from '../../src-main/protocols/dnp3/transport/segments';
import type { DecodeLevel } from '../../src-shared/session';
import { cpuPerMillion, measureLoopback, measureOnCore, phaseSelected, rate, serveFloodChild } from './helpers/loopback';
import { benchSecureAuth } from './helpers/secure-auth';
import { measureStoredIngest, percentiles, storedPerMillion } from './helpers/stored-ingest';

const CHILD_FLAG = '--dnp3-flood-outstation';

/** A response fragment of at most 2048 octets full of g32vN events (0x28, 2-octet index). */
function eventFragment(variation: number, seq: number): { fragment: Uint8Array; events: number } {
  const codec = codecFor(32, variation) as PointCodec;
  const n = Math.floor((2048 - 4 - 5) / (2 + codec.size));
  const w = new FragmentWriter(2048);
  w.response({ fir: true, fin: true, con: false, uns: true, seq }, 130, 0);
  w.indexed(codec, Array.from({ length: n }, (_, i) => ({ index: i, point: { flags: 1, value: i * 3, time: 1_700_000_000_000 + i } })), 0x28);
  return { fragment: w.finish(), events: n };
}

/** Application decode of g32 event fragments to PointUpdate values. */
function benchDecode(variation: number, seconds: number): void {
  const { fragment, events } = eventFragment(variation, 0);
  let total = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 100; i++) total += decodeResponseContent(fragment).points.length;
  }
  const ms = performance.now() - start;
  console.log(`decode g32v${variation} (${events} events per 2048-octet fragment): ${rate(total, ms)} events/s (one core)`);
}

/** The master session's whole receive path, in memory (unsolicited fragments, confirms sent). */
function benchMasterInMemory(variation: number, seconds: number): void {
  const m = createDnp3Master({ disableUnsolicitedAtStartup: false, unsolicitedClasses: [], keepAliveMs: 0 });
  m.step({ kind: 'up' }, 0);
  const chunks: Uint8Array[] = [];
  let tseq = 0;
  for (let s = 0; s < 16; s++) {
    const { fragment } = eventFragment(variation, s);
    const seg = segmentFragment(fragment, tseq);
    tseq = seg.nextSeq;
    chunks.push(Buffer.concat(seg.segments.map((payload) => encodeLinkFrame({ dir: false, prm: true, func: 4, destination: 1, source: 10, payload }))));
  }
  const f = measureOnCore(seconds, () => {
    let events = 0;
    for (const c of chunks) {
      for (const o of m.step({ kind: 'rx', bytes: c }, performance.now())) if (o.kind === 'event' && o.event.type === 'points') events += o.event.updates.length;
    }
    return events;
  });
  console.log(`master session in memory g32v${variation}: ${rate(f.count, f.ms)} events/s (framer, CRC, transport, decode; one core), ${f.perMillion} events`);
}

/** Runs the flooding outstation in this (child) process until stdin closes. */
function floodOutstationChild(perSecond: number): Promise<void> {
  return serveFloodChild(() =>
    createDnp3Outstation({
      counts: { ai: 1000, bi: 10, dbi: 10, bo: 10, ao: 10, ctr: 10, fc: 10 },
      eventBufferSize: 2_000_000,
      flood: { eventsPerSecond: perSecond, tickMs: 5 },
    }),
  );
}

/**
 * Loopback ingest from the child's flood into a master driven by the TCP transport, at a
 * decode level: `off` is a station nobody watches in the analyzer, `full` one that is watched.
 */
async function benchLoopback(perSecond: number, seconds: number, decodeLevel: DecodeLevel = 'off'): Promise<void> {
  let events = 0;
  const figures = await measureLoopback({
    child: { module: fileURLToPath(import.meta.url), flag: CHILD_FLAG, arg: perSecond },
    session: createDnp3Master({ unsolicitedClasses: [2], timeSync: { onNeedTime: false }, decodeLevel }),
    onEvent: (e) => {
      if (e.type === 'points') for (const u of e.updates) if (u.isEvent) events++;
    },
    count: () => events,
    warmupMs: 1500,
    seconds,
  });
  console.log(
    `loopback ingest (flood ${perSecond.toLocaleString('en-US')}/s requested, g32v3 unsolicited, decode level ${decodeLevel}): ${rate(figures.count, figures.ms)} events/s, master CPU ${figures.cpuPct.toFixed(0)}% of one core, ${cpuPerMillion(figures)} events`,
  );
}

/** Ingest into the event log, CONFIRM on receipt or after the commit. */
async function benchStored(confirmAfterCommit: boolean, seconds: number): Promise<void> {
  const perSecond = 500_000;
  const f = await measureStoredIngest({
    child: { module: fileURLToPath(import.meta.url), flag: CHILD_FLAG, arg: perSecond },
    session: createDnp3Master({ unsolicitedClasses: [2], timeSync: { onNeedTime: false }, confirmAfterCommit }),
    warmupMs: 1500,
    seconds,
  });
  const how = confirmAfterCommit ? 'CONFIRM after commit' : 'CONFIRM on receipt (before the change)';
  console.log(`stored ingest, ${how}: ${rate(f.eventsPerSecond, 1000)} events/s committed, CPU ${f.cpuPct.toFixed(0)}% of one core (main thread and log worker), ${storedPerMillion(f)} events`);
  if (confirmAfterCommit) {
    console.log(`  receipt -> CONFIRM: ${percentiles(f.receiveToConfirm)}`);
    console.log(`  commit -> CONFIRM: ${percentiles(f.commitToConfirm)}`);
  }
}

/** Entry point of `npm run bench -- dnp3`. */
export async function run(args: string[]): Promise<void> {
  const seconds = args.includes('--quick') ? 0.5 : 2;
  console.log(`DNP3 benchmarks (node ${process.version})`);
  if (phaseSelected(args, 'decode')) {
    benchDecode(3, seconds);
    benchDecode(1, seconds);
  }
  if (phaseSelected(args, 'memory')) {
    benchMasterInMemory(3, seconds);
    benchMasterInMemory(1, seconds);
  }
  if (phaseSelected(args, 'sa')) benchSecureAuth(seconds);
  if (phaseSelected(args, 'loopback')) {
    await benchLoopback(500_000, seconds * 2, 'full');
    await benchLoopback(500_000, seconds * 2);
    await benchLoopback(1_000_000, seconds * 2);
  }
  if (phaseSelected(args, 'stored')) {
    await benchStored(false, seconds * 2);
    await benchStored(true, seconds * 2);
  }
}

if (process.argv.includes(CHILD_FLAG)) void floodOutstationChild(Number(process.argv[process.argv.indexOf(CHILD_FLAG) + 1]));
