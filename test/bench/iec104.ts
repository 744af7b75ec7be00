/**
 * IEC 104 benchmarks (print figures, assert nothing):
 * - decode throughput on one core: framer + APCI + ASDU decode, 1 and 30 floats per ASDU;
 * - master ingest in memory: the whole master session's receive path to point updates;
 * - loopback ingest: the simulator's flood (in a child process) into the master over TCP,
 *   with ASDU/s, objects/s and the master process's CPU% (process.cpuUsage);
 * - stored ingest: a spontaneous flood (events) into the event log (SQLite,
 *   synchronous=FULL), acknowledged on receipt (before) and after the commit (the
 *   engine's path): events committed per second and the receipt-to-ack and commit-to-ack
 *   delays (an acknowledgement is an S-frame once w frames are stored).
 * Run: `npm run bench -- iec104`, or `npx tsx -e "import('./test/bench/iec104.ts').then(m=>m.run([]))"`.
 * `--quick` shortens every phase; `--only decode,memory,loopback,stored` runs only those phases
 * (e.g. under `node --cpu-prof`).
 */
import { fileURLToPath } from 'node:url';
import type { DecodeLevel, SessionEvent } from '../../src-shared/session';
import { ApduFramer, createIec104Master, createIec104Station, decodeApci, decodeAsdu, encodeAsdu, encodeI, IEC104_PARAMS } from '../../src-main/protocols/iec104';
import { cpuPerMillion, measureLoopback, measureOnCore, phaseSelected, rate, serveFloodChild } from './helpers/loopback';
import { measureStoredIngest, percentiles, storedPerMillion } from './helpers/stored-ingest';

const CHILD_FLAG = '--iec104-flood-station';
const SPONT_CHILD_FLAG = '--iec104-spont-flood-station';

function stream(objects: number, count: number): Uint8Array {
  const list = Array.from({ length: objects }, (_, i) => ({ ioa: 1000 + i, value: 1 + i * 0.5, quality: [] }));
  const asdu = encodeAsdu({ typeId: 13, cause: 3, commonAddress: 1, objects: list }, IEC104_PARAMS);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) frames.push(encodeI(i % 32768, 0, asdu));
  return Buffer.concat(frames);
}

function chunks(b: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.slice(i, i + size));
  return out;
}

/** Framer + APCI + ASDU decode, on the calling thread. */
function benchDecode(objects: number, seconds: number): void {
  const data = chunks(stream(objects, 20_000), 65_536);
  let asdus = 0;
  let objs = 0;
  let checksum = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const f = new ApduFramer();
    for (const c of data) {
      for (const frame of f.push(c).frames) {
        const a = decodeApci(frame);
        if (!a.ok || a.value.format !== 'I') continue;
        const d = decodeAsdu(a.value.asdu, IEC104_PARAMS);
        if (d.ok) {
          asdus++;
          // Touch every decoded object so that none of the work can be optimised away.
          for (const o of d.value.objects) checksum += o.value as number;
          objs += d.value.objects.length;
        }
      }
    }
  }
  const ms = performance.now() - start;
  console.log(`decode ${objects} float/ASDU: ${rate(asdus, ms)} ASDU/s, ${rate(objs, ms)} objects/s (one core${checksum > 0 ? '' : ', no data'})`);
}

/** The master session's receive path (APCI, ASDU decode, point updates), in memory. */
function benchMasterInMemory(objects: number, seconds: number): void {
  const m = createIec104Master({ giOnStart: false, w: 2000, k: 2000 });
  m.step({ kind: 'up' }, 0);
  m.step({ kind: 'rx', bytes: Uint8Array.of(0x68, 4, 0x0b, 0, 0, 0) }, 0);
  const data = chunks(stream(objects, 32_768), 65_536);
  const f = measureOnCore(seconds, () => {
    let updates = 0;
    for (const c of data) {
      for (const o of m.step({ kind: 'rx', bytes: c }, performance.now())) {
        if (o.kind === 'event' && o.event.type === 'points') updates += o.event.updates.length;
      }
    }
    return updates;
  });
  console.log(`master session in memory ${objects} float/ASDU: ${rate(f.count / objects, f.ms)} ASDU/s, ${rate(f.count, f.ms)} point updates/s (one core), ${f.perMillion} objects`);
}

/** Runs the flooding simulator in this (child) process until stdin closes. */
function floodStationChild(objects: number, cause: 'periodic' | 'spontaneous'): Promise<void> {
  return serveFloodChild(() => createIec104Station({ k: 8192, w: 8, flood: { asduPerSecond: 5_000_000, objectsPerAsdu: objects, tickMs: 5, cause }, endOfInit: false }));
}

/**
 * Loopback ingest from the child's flood into a master driven by the transport, at a
 * decode level: `off` is a station nobody watches in the analyzer, `full` one that is watched.
 */
async function benchLoopback(objects: number, seconds: number, decodeLevel: DecodeLevel = 'off'): Promise<void> {
  let updates = 0;
  let last = -1;
  let gaps = 0;
  const onEvent = (e: SessionEvent): void => {
    if (e.type !== 'points') return;
    updates += e.updates.length;
    for (let i = 0; i < e.updates.length; i += objects) {
      const v = e.updates[i]?.value as number;
      if (last >= 0 && v !== (last + 1) % 16_777_216) gaps++;
      last = v;
    }
  };
  const figures = await measureLoopback({
    child: { module: fileURLToPath(import.meta.url), flag: CHILD_FLAG, arg: objects },
    session: createIec104Master({ giOnStart: false, w: 2048, k: 8192, decodeLevel }),
    onEvent,
    count: () => updates,
    warmupMs: 1000,
    seconds,
  });
  const n = figures.count;
  console.log(
    `loopback ingest ${objects} float/ASDU, decode level ${decodeLevel}: ${rate(n / objects, figures.ms)} ASDU/s, ${rate(n, figures.ms)} objects/s, master CPU ${figures.cpuPct.toFixed(0)}% of one core, ${cpuPerMillion(figures)} objects, sequence gaps ${gaps}`,
  );
}

/** Spontaneous floats into the event log, acknowledged on receipt or after the commit. */
async function benchStored(confirmAfterCommit: boolean, seconds: number): Promise<void> {
  const f = await measureStoredIngest({
    child: { module: fileURLToPath(import.meta.url), flag: SPONT_CHILD_FLAG, arg: 1 },
    session: createIec104Master({ giOnStart: false, w: 2048, k: 8192, confirmAfterCommit }),
    warmupMs: 1000,
    seconds,
  });
  const how = confirmAfterCommit ? 'acknowledged after commit' : 'acknowledged on receipt (before the change)';
  console.log(`stored ingest 1 float/ASDU spontaneous, ${how}: ${rate(f.eventsPerSecond, 1000)} events/s committed, CPU ${f.cpuPct.toFixed(0)}% of one core (main thread and log worker), ${storedPerMillion(f)} events`);
  if (confirmAfterCommit) {
    console.log(`  receipt -> release for acknowledgement: ${percentiles(f.receiveToConfirm)}`);
    console.log(`  commit -> release for acknowledgement: ${percentiles(f.commitToConfirm)}`);
  }
}

/** Entry point of `npm run bench -- iec104`. */
export async function run(args: string[]): Promise<void> {
  const seconds = args.includes('--quick') ? 0.5 : 2;
  console.log(`IEC 104 benchmarks (node ${process.version})`);
  if (phaseSelected(args, 'decode')) {
    benchDecode(1, seconds);
    benchDecode(30, seconds);
  }
  if (phaseSelected(args, 'memory')) {
    benchMasterInMemory(1, seconds);
    benchMasterInMemory(30, seconds);
  }
  if (phaseSelected(args, 'loopback')) {
    await benchLoopback(1, seconds * 2, 'full');
    await benchLoopback(1, seconds * 2);
    await benchLoopback(30, seconds * 2);
  }
  if (phaseSelected(args, 'stored')) {
    await benchStored(false, seconds * 2);
    await benchStored(true, seconds * 2);
  }
}

if (process.argv.includes(CHILD_FLAG)) void floodStationChild(Number(process.argv[process.argv.indexOf(CHILD_FLAG) + 1]), 'periodic');
if (process.argv.includes(SPONT_CHILD_FLAG)) void floodStationChild(Number(process.argv[process.argv.indexOf(SPONT_CHILD_FLAG) + 1]), 'spontaneous');
