/**
 * "Save as pcap" on real sessions: the engine's DNP3 and IEC 104 stations against the
 * outstation and controlled-station simulators on their standard ports (20000, 2404) on
 * loopback. The saved file is checked with tshark, an independent decoder: no malformed
 * packets or TCP problems, and the same DNP3 function codes and IEC 104 type ids as our
 * own decoder finds, without any "Decode As".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName, CallRequest, CallResponse, EventName } from '../../../src-shared/ipc/contract';
import type { Result } from '../../../src-shared/ipc/result';
import { Workspace } from '../../../src-shared/workspace/workspace';
import { createEngine, emptyWorkspace, type Engine } from '../../../src-main/engine';
import { decodeCaptureBytes } from '../../../src-main/protocols/capture/capture-decode';
import { demoDnp3Station, demoIec104Station } from '../../../src-main/engine/demo/demo-workspace';
import { saveWorkspaceFile } from '../../../src-main/engine/workspace/workspace-store';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { createDnp3Outstation } from '../../../src-main/protocols/dnp3';
import { createIec104Station, defaultStationCommands, defaultStationPoints } from '../../../src-main/protocols/iec104';
import { serveSessions, type SessionServer } from '../../../src-main/transport/serve-sessions';
import { TSHARK, tsharkFields } from '../../unit/pcap/tshark';

const DNP3_PORT = 20000;
const IEC104_PORT = 2404;
let dir: string;
let engine: Engine;
let router: Router;
const servers: SessionServer[] = [];
const hub = createEventHub();
const received: Array<{ client: string; name: EventName; payload: unknown }> = [];

function client(): ClientContext {
  const c = createClientContext('headless');
  hub.attach(c, (name, payload) => received.push({ client: c.id, name, payload }));
  return c;
}
const admin = client();
const second = client();

async function value<N extends CallName>(c: ClientContext, name: N, request: CallRequest<N>): Promise<CallResponse<N>> {
  const result = (await router.dispatch(c, name, request)) as Result<CallResponse<N>>;
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value;
}
async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** Summaries of the frames the analyzer pushed to a client. */
const summaries = (c: ClientContext): string[] =>
  received.filter((r) => r.client === c.id && r.name === 'analyzer.frames').flatMap((r) => (r.payload as { frames: Array<{ summary: string }> }).frames.map((f) => f.summary));
/** Values of one tshark column over all rows (several PDUs in a segment share a row), sorted. */
const column = (rows: string[][], i: number): string[] => rows.flatMap((r) => (r[i] ?? '').split(',')).filter(Boolean).sort();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-analyzer-pcap-'));
  servers.push(
    await serveSessions({
      endpoint: { kind: 'tcp', host: '127.0.0.1', port: DNP3_PORT },
      createSession: () => createDnp3Outstation({ counts: { bi: 4, ai: 4, ctr: 2 }, changes: { intervalMs: 200, mode: 'randomWalk', pointsPerTick: 2 } }),
    }),
    await serveSessions({
      endpoint: { kind: 'tcp', host: '127.0.0.1', port: IEC104_PORT },
      createSession: () => createIec104Station({ points: defaultStationPoints(4), commands: defaultStationCommands(), changes: { everyMs: 200, count: 2 } }),
    }),
  );
  const workspace = v.parse(Workspace, { ...emptyWorkspace(), stations: [demoDnp3Station(DNP3_PORT), demoIec104Station(IEC104_PORT)] });
  await saveWorkspaceFile(join(dir, 'workspace.json'), workspace);
  engine = await createEngine({ dataDir: dir, publish: hub.publisher, log: () => undefined });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  await value(admin, 'session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value(admin, 'users.create', { name: 'eng', role: 'engineer', password: 'eng-pass-1' });
  await value(second, 'session.login', { name: 'eng', password: 'eng-pass-1' });
  await until('both stations ready', async () => (await value(admin, 'stations.list', {})).every((s) => s.state === 'ready'));
}, 30_000);
afterAll(async () => {
  await engine?.stop();
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Analyses a station, makes it talk, saves its traffic; returns the pcap file and our decode of it. */
async function saveAfterInterrogation(c: ClientContext, station: string, expectFrame: RegExp): Promise<{ file: string; bytes: Uint8Array }> {
  await value(c, 'analyzer.subscribe', { station });
  await value(c, 'stations.interrogate', { id: station });
  await until(`${station} frames matching ${expectFrame}`, () => summaries(c).some((s) => expectFrame.test(s)));
  const saved = await value(c, 'analyzer.savePcap', { station });
  expect(saved.warnings).toEqual([]);
  expect(saved.packets).toBeGreaterThan(saved.chunks);
  const file = join(dir, saved.fileName);
  const bytes = Buffer.from(saved.data, 'base64');
  writeFileSync(file, bytes);
  return { file, bytes };
}

if (!TSHARK) console.warn('skipping tshark checks of saved analyzer captures: tshark is not installed');

describe('analyzer.savePcap on live sessions', { timeout: 60_000 }, () => {
  it('saves DNP3 traffic that tshark decodes as DNP3 with the same function codes', async () => {
    const { file, bytes } = await saveAfterInterrogation(admin, 'demo-dnp3', /\| RESPONSE .*g30/);
    const decoded = decodeCaptureBytes(bytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const ours = decoded.value.records.flatMap((r) => (r.protocol === 'dnp3' && r.function !== null ? [String(r.function)] : [])).sort();
    expect(ours).toEqual(expect.arrayContaining(['1', '129'])); // READ and RESPONSE
    expect(decoded.value.records.filter((r) => r.error)).toEqual([]);
    if (!TSHARK) return;
    expect(tsharkFields(file, ['frame.number'], '_ws.malformed or _ws.expert.severity == error or tcp.analysis.flags')).toEqual([]);
    expect(column(tsharkFields(file, ['dnp3.al.func'], 'dnp3.al.func'), 0)).toEqual(ours);
    const ends = tsharkFields(file, ['ip.src', 'tcp.srcport', 'ip.dst', 'tcp.dstport'], 'tcp.flags.syn == 1 and tcp.flags.ack == 0');
    expect(ends).toHaveLength(1);
    expect(ends[0]).toEqual(['127.0.0.1', expect.stringMatching(/^\d+$/), '127.0.0.1', String(DNP3_PORT)]);
  });

  it('saves IEC 104 traffic that tshark decodes as IEC 104 with the same type ids', async () => {
    const { file, bytes } = await saveAfterInterrogation(second, 'demo-iec104', /C_IC_NA_1 actterm/);
    const decoded = decodeCaptureBytes(bytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const ours = decoded.value.records.flatMap((r) => (r.protocol === 'iec104' && r.typeId !== null ? [String(r.typeId)] : [])).sort();
    expect(ours).toContain('100'); // C_IC_NA_1
    expect(decoded.value.records.filter((r) => r.error)).toEqual([]);
    if (!TSHARK) return;
    expect(tsharkFields(file, ['frame.number'], '_ws.malformed or _ws.expert.severity == error or tcp.analysis.flags')).toEqual([]);
    expect(column(tsharkFields(file, ['iec60870_asdu.typeid'], 'iec60870_asdu'), 0)).toEqual(ours);
  });
});
