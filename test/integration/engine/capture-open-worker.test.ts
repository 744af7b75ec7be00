/**
 * Opening a capture file decodes it in a worker thread: while an ordinary 8 MiB capture is
 * decoded the engine keeps answering other calls (its event loop is measured, against the
 * same decode run on the engine's thread as the baseline), the client that opened the
 * file hears its progress (and no other client does), and more than
 * MAX_CONCURRENT_DECODES decodes at once are refused by name. The figures printed include
 * what still runs on the engine's thread after decoding: taking over the worker's
 * 5000-frame list (without field trees since a frame's tree is fetched when it is
 * selected), checking it against the contract; and fetching one frame's tree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../src-shared/ipc/contract';
import { MAX_OPENED_FRAMES } from '../../../src-shared/ipc/schemas/analyzer';
import { createEngine, type Engine } from '../../../src-main/engine';
import { MAX_CONCURRENT_DECODES } from '../../../src-main/commissioning/capture-worker/decode-in-worker';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { decodeCaptureFrames } from '../../../src-main/protocols/capture';
import { ordinaryDnp3Capture } from '../../unit/protocols/capture/capture-builders';
import { routerCalls } from '../helpers/router-calls';

const MiB = 1024 * 1024;
let dir: string;
let engine: Engine;
let router: Router;
const hub = createEventHub();
const received: Array<{ client: string; name: EventName; payload: unknown; at: number }> = [];
const { call, value } = routerCalls(() => router);

function client(): ClientContext {
  const c = createClientContext('headless');
  hub.attach(c, (name, payload) => received.push({ client: c.id, name, payload, at: performance.now() }));
  return c;
}
const admin = client();
const bystander = client();

const capture = ordinaryDnp3Capture(8 * MiB);
const data = Buffer.from(capture).toString('base64');

/** Longest gap between 5 ms ticks of the event loop, per window of time. */
class LoopSampler {
  private last = performance.now();
  private readonly gaps: Array<{ at: number; ms: number }> = [];
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.gaps.push({ at: now, ms: now - this.last });
    this.last = now;
  }, 5);

  /** Stops; the longest gap that ended before `until` (default: any). */
  stop(until = Number.POSITIVE_INFINITY): number {
    clearInterval(this.timer);
    return Math.max(0, ...this.gaps.filter((g) => g.at <= until).map((g) => g.ms));
  }

  /** The longest gap of all. */
  longest(): number {
    return Math.max(0, ...this.gaps.map((g) => g.ms));
  }

  /** The longest gap that ended after `from`. */
  longestAfter(from: number): number {
    return Math.max(0, ...this.gaps.filter((g) => g.at > from).map((g) => g.ms));
  }
}

/** Lets the loop run once (a stall is seen when the loop next runs). */
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-capture-worker-'));
  engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined, demoOnFirstStart: false });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(bystander, 'session.login', { name: 'admin', password: 'admin-pass-1' });
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('opening a capture decodes it off the engine thread', () => {
  it('answers other calls within 100 ms while an 8 MiB capture decodes', async () => {
    const baselineSampler = new LoopSampler();
    await tick();
    const baseline = decodeCaptureFrames(capture, undefined, MAX_OPENED_FRAMES);
    await tick();
    const baselineStall = baselineSampler.stop();
    if (!baseline.ok) throw new Error(baseline.error.message);

    received.length = 0;
    const sampler = new LoopSampler();
    const started = performance.now();
    const opening = call(admin, 'analyzer.openCapture', { fileName: 'ordinary.pcap', data });
    const prelude = performance.now() - started; // the request's schema check and base64, before the worker takes over
    let open = true;
    void opening.finally(() => (open = false));
    const answers: Array<{ asked: number; ms: number }> = [];
    while (open) {
      const asked = performance.now();
      expect((await call(bystander, 'session.status')).ok).toBe(true);
      answers.push({ asked, ms: performance.now() - asked });
      await new Promise((r) => setTimeout(r, 20));
    }
    const opened = await opening;
    await tick();
    const ended = performance.now();
    // when the worker said it was done: its last progress report (done = total)
    const decoded = received.find((e) => e.name === 'analyzer.captureProgress' && (e.payload as { done: number; total: number }).done === (e.payload as { total: number }).total)?.at ?? Number.POSITIVE_INFINITY;
    const whileDecoding = answers.filter((a) => a.asked + a.ms <= decoded).map((a) => a.ms);
    const stallWhileDecoding = sampler.stop(decoded);
    const stallOverall = sampler.longest();
    const stallAfterDecoding = sampler.longestAfter(decoded);
    if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`);
    const slowest = Math.max(...whileDecoding);
    const asked = performance.now();
    const tree = await value(admin, 'analyzer.captureFields', { capture: opened.value.capture, index: MAX_OPENED_FRAMES - 1 });
    const treeMs = performance.now() - asked;
    console.log(
      `8 MiB capture (${capture.length} octets, ${opened.value.packets} packets, ${opened.value.total} frames): ` +
        `decoded on the engine thread, the loop stalled ${baselineStall.toFixed(0)} ms. In the worker: ${(decoded - started).toFixed(0)} ms of decoding, ` +
        `longest loop stall meanwhile ${stallWhileDecoding.toFixed(1)} ms, ${whileDecoding.length} calls answered, slowest ${slowest.toFixed(1)} ms; ` +
        `request prelude ${prelude.toFixed(0)} ms; the ${opened.value.frames.length}-frame list taken over, checked and answered ${(ended - decoded).toFixed(0)} ms after decoding ended ` +
        `(the worker turning field trees into text included; longest loop stall after decoding ${stallAfterDecoding.toFixed(0)} ms, overall ${stallOverall.toFixed(0)} ms); ` +
        `one frame's field tree (${tree.fields.length} fields) fetched in ${treeMs.toFixed(1)} ms`,
    );
    expect(opened.value.total).toBe(baseline.value.unitCount);
    expect(opened.value.frames).toHaveLength(MAX_OPENED_FRAMES);
    expect(Number.isFinite(decoded)).toBe(true);
    expect(whileDecoding.length).toBeGreaterThan(3);
    // the requirement: another call is answered within 100 ms while the capture decodes
    expect(slowest).toBeLessThan(100);
    // the loop's longest stall meanwhile (OS scheduling on a loaded machine included) against the blocking baseline
    expect(stallWhileDecoding).toBeLessThan(baselineStall / 10);
    // taking over the result: the list without field trees (with them, 1.7 s of stall under load)
    expect(stallAfterDecoding).toBeLessThan(baselineStall / 10);
    expect(tree.fields.length).toBeGreaterThan(0);
  }, 120_000);

  it('pushes its progress to the client that opened the file, and to no other', () => {
    const progress = received.filter((e) => e.name === 'analyzer.captureProgress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.client === admin.id)).toBe(true);
    const reports = progress.map((e) => e.payload as { fileName: string; done: number; total: number });
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.every((p) => p.fileName === 'ordinary.pcap' && p.done > 0 && p.done <= p.total)).toBe(true);
    expect(reports.at(-1)!.done).toBe(reports.at(-1)!.total);
    expect(reports.map((p) => p.done)).toEqual([...reports.map((p) => p.done)].sort((a, b) => a - b));
  });

  it(`refuses a decode beyond ${MAX_CONCURRENT_DECODES} at once by name`, async () => {
    const small = Buffer.from(ordinaryDnp3Capture(64 * 1024)).toString('base64');
    const calls = Array.from({ length: MAX_CONCURRENT_DECODES + 1 }, (_, i) => call(admin, 'analyzer.openCapture', { fileName: `small-${i}.pcap`, data: small }));
    const results = await Promise.all(calls);
    expect(results.slice(0, MAX_CONCURRENT_DECODES).every((r) => r.ok)).toBe(true);
    expect(results[MAX_CONCURRENT_DECODES]).toMatchObject({ ok: false, error: { code: 'DECODE_BUSY' } });
    expect((await call(admin, 'analyzer.openCapture', { fileName: 'after.pcap', data: small })).ok).toBe(true);
  });
});
