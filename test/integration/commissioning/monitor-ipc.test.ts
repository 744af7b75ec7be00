/**
 * The passive monitor through the real IPC router: engineers only; malformed addresses
 * and addresses beyond loopback refused until an administrator lists one in the
 * `monitorBindAddresses` preference; a relay to the demo's DNP3 simulator pushing its
 * frames (with field trees) and the values a poll through it carried, to engineers only;
 * start and stop in the event log; running relays closed when the engine stops. An app
 * relay records a pcap under `<dataDir>/captures` (0700) that our `decode` and tshark read,
 * handed over once stopped; a relay started without recording has no file. The folder
 * keeps the newest 100 recordings, deleting the oldest (logged) when a recording starts.
 */
import { readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { EventPayload } from '../../../src-shared/ipc/contract';
import { type Engine } from '../../../src-main/engine';
import { decodeCommand } from '../../../src-main/host/cli/commands/decode';
import { pollCommand } from '../../../src-main/host/cli/commands/poll';
import { createClientContext, type ClientContext } from '../../../src-main/ipc/client-context';
import { createEventHub } from '../../../src-main/ipc/event-hub';
import { type Router } from '../../../src-main/ipc/router';
import { hasTshark, runCommand, tsharkFields } from '../cli/helpers/cli-run';
import { startSim } from '../cli/helpers/sims';
import { routerCalls } from '../helpers/router-calls';
import { startRouterRig } from '../helpers/router-rig';
import { until } from '../helpers/until';

let dir: string;
let engine: Engine;
let router: Router;
const hub = createEventHub();
const { call, value } = routerCalls(() => router);
const updates: Array<{ to: ClientContext; update: EventPayload<'monitor.update'> }> = [];
function client(): ClientContext {
  const c = createClientContext('headless');
  hub.attach(c, (name, payload) => {
    if (name === 'monitor.update') updates.push({ to: c, update: payload as EventPayload<'monitor.update'> });
  });
  return c;
}
const admin = client();
const viewer = client();

beforeAll(async () => {
  ({ dir, engine, router } = await startRouterRig('sy-monitor-it-', hub, admin, viewer));
});
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });

describe('monitor.*', () => {
  it('is for engineers, and checks the addresses', async () => {
    expect(await call(viewer, 'monitor.start', { listen: '127.0.0.1:0', forward: '127.0.0.1:20000' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(viewer, 'monitor.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(admin, 'monitor.start', { listen: 'localhost', forward: '127.0.0.1:20000' })).toMatchObject({ ok: false, error: { code: 'BAD_ADDRESS' } });
    expect(await call(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: '127.0.0.1:0' })).toMatchObject({ ok: false, error: { code: 'BAD_ADDRESS', message: "forward: '127.0.0.1:0' has port 0: use 1-65535" } });
  });

  it('listens beyond loopback only on an address the administrator allowed', async () => {
    const forward = '127.0.0.1:20000';
    expect(await call(admin, 'monitor.start', { listen: '0.0.0.0:0', forward })).toMatchObject({ ok: false, error: { code: 'BIND_NOT_ALLOWED' } });
    // an address not written as loopback, yet bound to loopback only (tests stay off the network)
    const mapped = '::ffff:127.0.0.1';
    expect(await call(admin, 'monitor.start', { listen: `[${mapped}]:0`, forward })).toMatchObject({ ok: false, error: { code: 'BIND_NOT_ALLOWED' } });
    const preferences = engine.workspace.workspace.preferences;
    await value(admin, 'workspace.setPreferences', { preferences: { ...preferences, monitorBindAddresses: [mapped] } });
    const status = await value(admin, 'monitor.start', { listen: `[${mapped}]:0`, forward });
    expect(status.listen).toMatch(/^\[::ffff:127\.0\.0\.1\]:\d+$/);
    expect(status.protocol).toBe('dnp3'); // by the forward port
    await value(admin, 'monitor.stop', { id: status.id });
    await value(admin, 'workspace.setPreferences', { preferences });
  });

  it('relays a poll to the demo DNP3 station and pushes its frames and values to engineers', async () => {
    const station = engine.workspace.workspace.stations.find((s) => s.protocol === 'dnp3')!;
    if (station.transport.kind === 'serial') throw new Error('the demo DNP3 station is on TCP');
    const forward = `127.0.0.1:${station.transport.port}`;
    const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward, protocol: 'auto' });
    expect(status).toMatchObject({ state: 'running', startedBy: 'admin', protocol: null, connections: [] });
    const port = Number(status.listen.split(':')[1]);
    const poll = await runCommand([pollCommand], ['poll', `dnp3://127.0.0.1:${port}?outstation=${station.dnp3.outstationAddress}&master=${station.dnp3.masterAddress}`, '--json']);
    expect(poll.code, poll.stderr.join('\n')).toBe(0);
    const polled = JSON.parse(poll.stdout.join('')) as Array<{ ref: string; value: unknown }>;
    const mine = (): Array<EventPayload<'monitor.update'>> => updates.filter((u) => u.update.status.id === status.id).map((u) => u.update);
    await until('the connection to close', () => mine().some((u) => u.status.connections[0]?.state === 'closed'));
    expect(updates.every((u) => u.to === admin)).toBe(true); // never to the viewer
    const frames = mine().flatMap((u) => u.frames);
    expect(frames.some((f) => f.direction === 'tx' && /READ/.test(f.summary))).toBe(true);
    expect(frames.some((f) => f.direction === 'rx' && /RESPONSE/.test(f.summary) && (f.fields?.length ?? 0) > 0)).toBe(true);
    const last = mine().at(-1)!.status;
    expect(last.protocol).toBe('dnp3'); // told by the first octets
    expect(last.connections[0]).toMatchObject({ state: 'closed', reason: 'CLOSED' });
    expect(last.connections[0]!.framesTx + last.connections[0]!.framesRx).toBe(frames.length);
    const seen = new Map(mine().flatMap((u) => u.values).map((v) => [v.ref, v.value]));
    for (const p of polled) expect(seen.get(p.ref), p.ref).toEqual(p.value);

    const stopped = await value(admin, 'monitor.stop', { id: status.id });
    expect(stopped.state).toBe('stopped');
    expect(await refused(port)).toBe(true);
    const capture = stopped.capture!;
    const log = await value(admin, 'events.query', { kinds: ['system'], text: `monitor ${status.id}` });
    expect(log.events.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^monitor ${status.id} started: relay 127\\.0\\.0\\.1:${port} -> ${forward} .*; recording to ${capture.path}$`)),
        `monitor ${status.id} stopped (1 connection(s) relayed); pcap ${capture.path}: ${capture.packets} packets, ${capture.bytes} octets`,
      ]),
    );
  });

  it('records an app relay as a pcap under the data directory that decode, tshark and the Analyzer read', async () => {
    // an outstation on a port no workspace station has: only the monitor knows its protocol
    const sim = await startSim({ protocol: 'dnp3', rate: 0, points: 4 });
    onTestFinished(() => sim.close());
    const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: `127.0.0.1:${sim.port}`, protocol: 'dnp3' });
    const recording = status.capture!;
    expect(recording.path).toBe(join(dir, 'captures', recording.fileName));
    expect(recording.fileName).toMatch(new RegExp(`^monitor-\\d{8}-\\d{6}-${status.id}\\.pcap$`));
    expect(statSync(join(dir, 'captures')).mode & 0o777).toBe(0o700);
    expect(recording.bytes).toBe(24); // the pcap file header, before any master connected
    expect(await call(admin, 'monitor.capture', { id: status.id })).toMatchObject({ ok: false, error: { code: 'STILL_RUNNING' } });

    const port = Number(status.listen.split(':')[1]);
    expect((await runCommand([pollCommand], ['poll', `dnp3://127.0.0.1:${port}`, '--json'])).code).toBe(0);
    // the size grows in the pushed status as the traffic is written
    const grown = await until('the file to grow', () => updates.map((u) => u.update.status).find((s) => s.id === status.id && s.capture!.bytes > 24 && s.connections[0]?.state === 'closed'));
    expect(grown.capture!.packets).toBeGreaterThan(3);
    expect(await call(viewer, 'monitor.capture', { id: status.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const stopped = await value(admin, 'monitor.stop', { id: status.id });
    expect(stopped.capture!.bytes).toBe(statSync(recording.path).size);
    const file = await value(admin, 'monitor.capture', { id: status.id });
    expect(file).toMatchObject({ fileName: recording.fileName, packets: stopped.capture!.packets });
    const bytes = Buffer.from(file.data, 'base64');
    expect(bytes.equals(readFileSync(recording.path))).toBe(true);
    const copy = join(dir, 'handed-over.pcap');
    writeFileSync(copy, bytes);

    const decoded = await runCommand([decodeCommand], ['decode', copy, '--json', '--port', `${sim.port}=dnp3`]);
    expect(decoded.code, decoded.stderr.join('\n')).toBe(0);
    const records = decoded.stdout.map((l) => JSON.parse(l) as { function: number; error?: string });
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.filter((r) => r.error !== undefined)).toEqual([]);
    expect(records.map((r) => r.function)).toEqual(expect.arrayContaining([1, 129])); // READ and its RESPONSE
    if (hasTshark()) {
      const decodeAs = [`tcp.port==${sim.port},dnp3`];
      expect(tsharkFields(copy, decodeAs, ['frame.number'], '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
      expect(tsharkFields(copy, decodeAs, ['dnp3.al.func'], 'dnp3.al.func').map((r) => Number(r[0]))).toEqual(records.map((r) => r.function));
    }
    // the Analyzer opens it, decoding the outstation's port as the monitor's protocol when told to
    const plain = await value(admin, 'analyzer.openCapture', { fileName: file.fileName, data: file.data });
    expect(plain.total).toBe(0); // neither a standard port nor a workspace station's
    const opened = await value(admin, 'analyzer.openCapture', { fileName: file.fileName, data: file.data, decodeAs: [{ port: sim.port, protocol: 'dnp3' }] });
    expect(opened.total).toBe(grown.connections[0]!.framesTx + grown.connections[0]!.framesRx);
    expect(opened.frames.some((f) => f.direction === 'rx' && /RESPONSE/.test(f.summary))).toBe(true);
    await value(admin, 'analyzer.closeCapture', { capture: opened.capture });
    const log = await value(admin, 'events.query', { kinds: ['system'], text: `monitor ${status.id}: pcap` });
    expect(log.events.map((e) => [e.user, e.message])).toEqual([['admin', `monitor ${status.id}: pcap ${recording.path} handed over (${stopped.capture!.packets} packets, ${stopped.capture!.bytes} octets)`]]);
  });

  it('records nothing when asked not to', async () => {
    const before = readdirSync(join(dir, 'captures')).length;
    const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: '127.0.0.1:20000', record: false });
    expect(status.capture).toBeNull();
    await value(admin, 'monitor.stop', { id: status.id });
    expect(await call(admin, 'monitor.capture', { id: status.id })).toMatchObject({ ok: false, error: { code: 'NOT_RECORDED' } });
    expect(readdirSync(join(dir, 'captures')).length).toBe(before);
    const log = await value(admin, 'events.query', { kinds: ['system'], text: `monitor ${status.id} started` });
    expect(log.events[0]!.message).toMatch(/; not recorded$/);
  });

  it('keeps the newest 100 recordings: a recording that starts deletes the oldest beyond, and says so in the log', async () => {
    const folder = join(dir, 'captures');
    const day = Date.now() / 1000 - 86_400;
    const old = Array.from({ length: 100 }, (_, k) => `monitor-old-${String(k).padStart(3, '0')}.pcap`); // old-000 the oldest
    old.forEach((name, k) => {
      writeFileSync(join(folder, name), Buffer.alloc(1024));
      utimesSync(join(folder, name), day + k, day + k);
    });
    writeFileSync(join(folder, 'notes.txt'), 'not a recording');
    const recordings = () => readdirSync(folder).filter((name) => /^monitor-.+\.pcap$/.test(name));
    const excess = recordings().length + 1 - 100; // with the one about to start
    const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: '127.0.0.1:20000' });
    await value(admin, 'monitor.stop', { id: status.id });
    expect(recordings()).toHaveLength(100);
    expect(recordings()).toContain(status.capture!.fileName);
    expect(readdirSync(folder)).toContain('notes.txt');
    const deleted = old.slice(0, excess);
    expect(recordings().filter((name) => deleted.includes(name))).toEqual([]);
    expect(recordings()).toContain(old[excess]);
    const log = await value(admin, 'events.query', { kinds: ['system'], text: 'monitor recordings: deleted' });
    expect(log.events.map((e) => [e.user, e.message])).toEqual([
      ['admin', `monitor recordings: deleted the ${excess} oldest (${((excess * 1024) / 1024 ** 2).toFixed(1)} MiB: ${deleted.slice(0, 10).join(', ')}${excess > 10 ? ` and ${excess - 10} more` : ''}) to keep the captures folder within 100 files and 2 GiB`],
    ]);
    for (const name of old) rmSync(join(folder, name), { force: true });
    rmSync(join(folder, 'notes.txt'));
    rmSync(status.capture!.path); // as if deleted to make room later: the hand-over says why it may be gone
    expect(await call(admin, 'monitor.capture', { id: status.id })).toMatchObject({
      ok: false,
      error: { code: 'CANNOT_READ', message: `cannot read ${status.capture!.path}: it is gone (the captures folder keeps the newest recordings within 100 files and 2 GiB; older ones are deleted)` },
    });
  });

  it('leaves no file behind when the relay cannot listen', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const before = readdirSync(join(dir, 'captures'));
      const r = await call(admin, 'monitor.start', { listen: `127.0.0.1:${(taken.address() as { port: number }).port}`, forward: '127.0.0.1:20000' });
      expect(r).toMatchObject({ ok: false, error: { code: 'CANNOT_LISTEN' } });
      expect(readdirSync(join(dir, 'captures'))).toEqual(before);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('names a connection it forwards without decoding', async () => {
    const echo = createServer((s) => s.pipe(s));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: `127.0.0.1:${(echo.address() as { port: number }).port}` });
      const got = await new Promise<string>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: Number(status.listen.split(':')[1]) }, () => s.end('GET / HTTP/1.1\r\n\r\n'));
        let text = '';
        s.on('data', (c: Buffer) => (text += c.toString()));
        s.on('close', () => resolve(text));
      });
      expect(got).toBe('GET / HTTP/1.1\r\n\r\n'); // forwarded unchanged both ways
      const connection = await until('the note', () => updates.map((u) => u.update).filter((u) => u.status.id === status.id).at(-1)?.status.connections[0]?.undecoded);
      expect(connection).toBe('Forwarded, not decoded: its first octets are neither DNP3 (05 64) nor IEC 104 (68): forwarded, not decoded (give --protocol)');
      await value(admin, 'monitor.stop', { id: status.id });
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  });

  it('closes a running relay when the engine stops', async () => {
    const status = await value(admin, 'monitor.start', { listen: '127.0.0.1:0', forward: '127.0.0.1:20000' });
    const port = Number(status.listen.split(':')[1]);
    expect(await refused(port)).toBe(false);
    await engine.stop();
    expect(await refused(port)).toBe(true);
  });
});
