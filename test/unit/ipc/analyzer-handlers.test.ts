/**
 * The analyzer's file calls through the real router and handlers, on an engine whose
 * station link is a fake that reports wire traffic through the tap: "Save as pcap" needs
 * the station analysed and writes what was recorded; "Open capture" decodes any file as
 * the CLI's `decode` does and returns the analyzer's frames without their field trees,
 * which the client fetches one frame at a time from the capture kept open for it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName, CallRequest, CallResponse, Publish } from '../../../src-shared/ipc/contract';
import { MAX_CAPTURE_FILE_BYTES } from '../../../src-shared/ipc/schemas/analyzer';
import type { Result } from '../../../src-shared/ipc/result';
import { Workspace } from '../../../src-shared/workspace/workspace';
import { createEngine, emptyWorkspace, type Engine } from '../../../src-main/engine';
import { decodeCaptureBytes } from '../../../src-main/protocols/capture/capture-decode';
import { saveWorkspaceFile } from '../../../src-main/engine/workspace/workspace-store';
import { createClientContext } from '../../../src-main/ipc/client-context';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { extractStreams, readCapture } from '../../../src-main/protocols/pcap';
import type { ConnectionInfo } from '../../../src-main/transport/connection';
import { createFakeLinks } from '../engine/fake-link';

const VECTORS = '/work/shared/vectors/captures';
const vector = (name: string): Buffer => readFileSync(join(VECTORS, name));
let dir: string;
let engine: Engine;
let router: Router;
let fake: ReturnType<typeof createFakeLinks>;
const engineer = createClientContext('headless');
const other = createClientContext('headless');

async function call<N extends CallName>(name: N, request: CallRequest<N>, client = engineer): Promise<Result<CallResponse<N>>> {
  return (await router.dispatch(client, name, request)) as Result<CallResponse<N>>;
}
async function value<N extends CallName>(name: N, request: CallRequest<N>, client = engineer): Promise<CallResponse<N>> {
  const result = await call(name, request, client);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-analyzer-'));
  const workspace = v.parse(Workspace, {
    ...emptyWorkspace(),
    stations: [{ id: 'rtu', name: 'RTU 1', protocol: 'dnp3', transport: { kind: 'tcp', host: '192.168.1.20', port: 20500 } }],
  });
  await saveWorkspaceFile(join(dir, 'workspace.json'), workspace);
  fake = createFakeLinks();
  engine = await createEngine({ dataDir: dir, publish: (() => undefined) as Publish, linkFactory: fake.factory, log: () => undefined });
  router = createRouter(createHandlers(engine, { name: 'Switchyard', version: 'test', host: 'headless', platform: process.platform }), () => undefined);
  await value('session.setupAdmin', { name: 'admin', password: 'admin-pass-1' });
  await value('users.create', { name: 'eng', role: 'engineer', password: 'eng-pass-1' });
  await value('session.login', { name: 'eng', password: 'eng-pass-1' }, other);
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Replays the DNP3 vector's exchange through the station link's byte tap. */
function replayDnp3Vector(): void {
  const capture = readCapture(vector('dnp3_example.pcapng'));
  if (!capture.ok) throw new Error(capture.error.message);
  const connection: ConnectionInfo = {
    transport: 'tcp',
    initiator: 'local',
    local: { address: '192.168.1.2', port: 49152, family: 'IPv4' },
    remote: { address: '192.168.1.20', port: 20500, family: 'IPv4' },
  };
  const hooks = fake.latest('rtu').hooks;
  for (const c of extractStreams(capture.value).tcp[0]!.chunks) hooks.onTap!(c.fromClient ? 'tx' : 'rx', 0, c.bytes, performance.now(), connection);
}

const functions = (bytes: Uint8Array, ports = { dnp3: [20000, 20500], iec104: [] }): Array<number | null> => {
  const decoded = decodeCaptureBytes(bytes, ports);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value.records.map((r) => (r.protocol === 'dnp3' ? r.function : null));
};

describe('analyzer.savePcap', () => {
  it('needs the station analysed, then traffic, then writes what was recorded', async () => {
    expect(await call('analyzer.savePcap', { station: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('analyzer.savePcap', { station: 'rtu' })).toMatchObject({ ok: false, error: { code: 'NOT_ANALYSED', message: expect.stringContaining('choose it in the Analyzer') } });
    replayDnp3Vector(); // not analysed yet: not recorded
    await value('analyzer.subscribe', { station: 'rtu' });
    expect(await call('analyzer.savePcap', { station: 'rtu' })).toMatchObject({ ok: false, error: { code: 'NO_TRAFFIC' } });
    replayDnp3Vector();
    const saved = await value('analyzer.savePcap', { station: 'rtu' });
    expect(saved.fileName).toMatch(/^rtu-\d{8}-\d{6}\.pcap$/);
    expect(saved).toMatchObject({ dropped: 0, warnings: [], note: "port 20500 is not the protocol's standard port: decode with tshark -d tcp.port==20500,dnp3 (Wireshark: Decode As)" });
    const bytes = Buffer.from(saved.data, 'base64');
    const original = functions(vector('dnp3_example.pcapng'));
    expect(original.length).toBeGreaterThan(2);
    expect(functions(bytes)).toEqual(original);
    const streams = extractStreams((readCapture(bytes) as { ok: true; value: Parameters<typeof extractStreams>[0] }).value);
    expect(streams.tcp[0]).toMatchObject({ client: { address: '192.168.1.2', port: 49152 }, server: { address: '192.168.1.20', port: 20500 } });
    expect(saved.packets).toBe(saved.chunks + 3);
    // Opened again: port 20500 is DNP3 because a workspace station uses it.
    const opened = await value('analyzer.openCapture', { fileName: saved.fileName, data: saved.data });
    expect(opened.frames.filter((f) => f.summary.includes(' | ')).length).toBe(original.length);
  });

  it('drops the recording when the last client stops analysing the station', async () => {
    await value('analyzer.subscribe', { station: 'rtu' }, other);
    await value('analyzer.subscribe', { station: null });
    expect((await value('analyzer.savePcap', { station: 'rtu' }, other)).chunks).toBeGreaterThan(0);
    await value('analyzer.subscribe', { station: null }, other);
    expect(await call('analyzer.savePcap', { station: 'rtu' })).toMatchObject({ ok: false, error: { code: 'NOT_ANALYSED' } });
  });
});

describe('analyzer.openCapture', () => {
  it('returns the IEC 104 example as analyzer frames (fields on request), both directions, packet numbers', async () => {
    const opened = await value('analyzer.openCapture', { fileName: 'iec104_example.pcapng', data: vector('iec104_example.pcapng').toString('base64') });
    const decoded = decodeCaptureBytes(vector('iec104_example.pcapng'));
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(opened).toMatchObject({ fileName: 'iec104_example.pcapng', format: 'pcapng', packets: decoded.value.frames, total: decoded.value.records.length });
    expect(opened.frames.map((f) => f.summary)).toEqual(decoded.value.records.map((r) => r.summary));
    expect(opened.frames.map((f) => f.packet)).toEqual(decoded.value.records.map((r) => r.frame));
    expect(new Set(opened.frames.map((f) => f.direction))).toEqual(new Set(['tx', 'rx']));
    const first = opened.frames[0]!;
    expect(first.hex).toMatch(/^68/);
    expect(first.time).toBeGreaterThan(1e12);
    expect(first).not.toHaveProperty('fields');
    const { fields } = await value('analyzer.captureFields', { capture: opened.capture, index: 0 });
    expect(fields[0]?.name).toBe('APCI');
  });

  it('decodes DNP3 link frames one by one, with the fragment fields on the frame that completes it', async () => {
    const opened = await value('analyzer.openCapture', { fileName: 'd.pcapng', data: vector('dnp3_example.pcapng').toString('base64') });
    expect(opened.frames.length).toBeGreaterThan(0);
    expect(opened.frames.every((f) => f.hex.startsWith('0564') && f.protocol === 'dnp3')).toBe(true);
    const trees = await Promise.all(opened.frames.map(async (f, index) => ({ direction: f.direction, fields: (await value('analyzer.captureFields', { capture: opened.capture, index })).fields })));
    expect(trees.some((t) => t.fields.some((field) => field.name === 'application'))).toBe(true);
    expect(trees.filter((t) => t.direction === 'tx').every((t) => t.fields[2]!.children![0]!.value === 'true')).toBe(true); // DIR=1 from the master
    expect(trees.filter((t) => t.direction === 'rx').every((t) => t.fields[2]!.children![0]!.value === 'false')).toBe(true);
  });

  it("keeps one capture per client: its fields until the client's next open or close, never another client's", async () => {
    const data = vector('iec104_example.pcapng').toString('base64');
    const first = await value('analyzer.openCapture', { fileName: 'a.pcapng', data });
    const theirs = await value('analyzer.openCapture', { fileName: 'b.pcapng', data }, other);
    expect(await call('analyzer.captureFields', { capture: theirs.capture, index: 0 })).toMatchObject({ ok: false, error: { code: 'CAPTURE_CLOSED' } });
    expect(await call('analyzer.captureFields', { capture: first.capture, index: first.frames.length })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const second = await value('analyzer.openCapture', { fileName: 'c.pcapng', data });
    expect(await call('analyzer.captureFields', { capture: first.capture, index: 0 })).toMatchObject({ ok: false, error: { code: 'CAPTURE_CLOSED' } });
    expect((await call('analyzer.captureFields', { capture: second.capture, index: 0 })).ok).toBe(true);
    await value('analyzer.closeCapture', { capture: second.capture });
    expect(await call('analyzer.captureFields', { capture: second.capture, index: 0 })).toMatchObject({ ok: false, error: { code: 'CAPTURE_CLOSED' } });
    expect((await call('analyzer.captureFields', { capture: theirs.capture, index: 0 }, other)).ok).toBe(true);
  });

  it('warns when a file holds no DNP3 or IEC 104 traffic, and when it is cut short', async () => {
    const cut = vector('iec104_example.pcapng');
    const opened = await value('analyzer.openCapture', { fileName: 'cut.pcapng', data: cut.subarray(0, cut.length - 10).toString('base64') });
    expect(opened.warnings.join('\n')).toMatch(/TRUNCATED/);
    const saved = await value('analyzer.openCapture', { fileName: 'other.pcapng', data: vector('iec104_example.pcapng').subarray(0, 100).toString('base64') });
    expect(saved).toMatchObject({ frames: [], total: 0 });
    expect(saved.warnings).toContain('no DNP3 or IEC 104 traffic found on the standard ports or the ports of the workspace stations');
  });

  it('names what is wrong with a file that is not a capture, or too large', async () => {
    const bad = await call('analyzer.openCapture', { fileName: 'notes.txt', data: Buffer.from('hello, not a capture').toString('base64') });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_MAGIC', message: expect.stringMatching(/^notes\.txt: /) } });
    const huge = 'A'.repeat(4 * Math.ceil((MAX_CAPTURE_FILE_BYTES + 3) / 3));
    expect(await call('analyzer.openCapture', { fileName: 'big.pcap', data: huge })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('larger than 32 MiB') } });
    expect(await call('analyzer.openCapture', { fileName: 'x.pcap', data: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('base64') } });
  });
});
