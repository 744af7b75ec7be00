import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileService } from '../../../src-main/engine/files/file-service';
import type { StoredAudit } from '../../../src-main/engine/event-log/event-types';
import { createDnp3Master, createDnp3Outstation, type Dnp3FileOpen } from '../../../src-main/protocols/dnp3';
import { localFileName, type FileDownload } from '../../../src-shared/file-downloads';
import type { SessionCall } from '../../../src-shared/session';
import { connect, FakeClock } from '../protocols/dnp3/harness';

const record = Uint8Array.from({ length: 6000 }, (_, i) => (i * 13 + 5) & 0xff);

/**
 * The file service on a station whose session is a real DNP3 master talking (in memory,
 * on a fake clock) to the outstation simulator serving one file: the test delivers the
 * messages, so it decides where the link drops.
 */
function rig(progressMs = 0) {
  const clock = new FakeClock();
  const store = {
    open: (path: string): Dnp3FileOpen => {
      if (path === '/rec/fault.dat') return { ok: true, kind: 'file', bytes: record };
      if (path === '/rec') return { ok: true, kind: 'directory', entries: [{ name: 'fault.dat', directory: false, size: record.length, created: 1764763200000, permissions: 0o644 }] };
      return { ok: false, status: 'FILE_NOT_FOUND' };
    },
  };
  const m = clock.add('master', createDnp3Master({ responseTimeoutMs: 2000 }));
  const o = clock.add('outstation', createDnp3Outstation({ files: { store }, maxFragmentSize: 512 }));
  connect(clock, m, o);
  clock.run(500);
  let routed = 0;
  const route = (): void => {
    while (routed < m.events.length) service.sessionEvent('s1', m.events[routed++]!);
  };
  const calls: SessionCall[] = [];
  const station = {
    state: 'ready',
    call(c: SessionCall): boolean {
      if (station.state !== 'ready') return false;
      calls.push(c);
      m.step({ kind: 'call', call: c });
      route();
      return true;
    },
  };
  const audits: StoredAudit[] = [];
  const finished: FileDownload[] = [];
  const progress: FileDownload[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'downloads-'));
  const service = new FileService({
    stations: { get: (id) => (id === 's1' ? station : undefined) },
    defaultFolder: join(folder, 'default'),
    audit: (r) => audits.push(r),
    finished: (d) => finished.push(d),
    progress: (d) => progress.push(d),
    progressMs,
  });
  /** Delivers up to `n` queued messages one at a time (all by default). */
  const deliver = (n = Infinity): void => {
    for (let i = 0; i < n && clock.queue.length > 0; i++) {
      const x = clock.queue.shift()!;
      x.to.step({ kind: 'rx', bytes: x.bytes });
      route();
    }
  };
  /** The link drops; `sessionSaysSo` false: the session's last events (its LINK_LOST) are lost with it. */
  const drop = (sessionSaysSo = true): void => {
    station.state = 'backoff';
    clock.queue.length = 0;
    o.step({ kind: 'down', reason: 'test' });
    m.step({ kind: 'down', reason: 'connection reset' });
    if (sessionSaysSo) route();
    else routed = m.events.length;
    service.stationState('s1', false);
  };
  const reconnect = (): void => {
    connect(clock, m, o);
    clock.run(clock.now + 500);
    route();
    station.state = 'ready';
    service.stationState('s1', true);
  };
  /** Waits for the service to send its next request, then delivers everything. */
  const runAll = async (): Promise<void> => {
    await vi.waitFor(() => expect(clock.queue.length).toBeGreaterThan(0));
    deliver();
  };
  const user = { name: 'erin', role: 'engineer' as const };
  return { service, station, calls, audits, finished, progress, folder, deliver, drop, reconnect, runAll, user, clock };
}

const doneOf = (finished: FileDownload[], id: string): FileDownload | undefined => finished.find((d) => d.id === id);

describe('the engine file service', () => {
  it('names the local file after the last element of the device path, safe for any file system; an IEC 104 file by its IOA and NOF', () => {
    expect(localFileName('/records/fault-0001.cfg')).toBe('fault-0001.cfg');
    expect(localFileName('4096/1')).toBe('ioa4096-nof1');
    expect(localFileName('C:\\rec\\a<b>.dat')).toBe('a_b_.dat');
    expect(localFileName('/rec/..')).toBe('download');
    expect(localFileName('x\u0001y')).toBe('x_y');
  });

  it('downloads into NAME.part, renames it when complete, byte-identical, with an audit record of every stage', async () => {
    const r = rig();
    const d = await r.service.fetch(r.user, { station: 's1', name: '/rec/fault.dat', folder: r.folder });
    expect(d).toMatchObject({ state: 'running', result: 'PENDING', path: join(r.folder, 'fault.dat') });
    await r.runAll();
    await vi.waitFor(() => expect(doneOf(r.finished, d.id)).toBeDefined());
    expect(doneOf(r.finished, d.id)).toMatchObject({ ok: true, result: 'SUCCESS', received: 6000, size: 6000, resumes: 0 });
    expect(readFileSync(join(r.folder, 'fault.dat'))).toEqual(Buffer.from(record));
    expect(existsSync(join(r.folder, 'fault.dat.part'))).toBe(false);
    const last = r.audits.filter((a) => a.id === d.id).at(-1)!;
    expect(last).toMatchObject({ user: 'erin', role: 'engineer', station: 's1', action: 'download /rec/fault.dat', value: join(r.folder, 'fault.dat'), mode: 'file', result: 'SUCCESS', ok: true });
    expect(last.stages.map((s) => s.stage)).toEqual(['queued', 'running', 'done']);
  });

  it.each([true, false])('resumes after a dropped link from the .part size when the station is ready again (session reports LINK_LOST: %s)', async (sessionSaysSo) => {
    const r = rig();
    const d = await r.service.fetch(r.user, { station: 's1', name: '/rec/fault.dat', folder: r.folder });
    await vi.waitFor(() => expect(r.clock.queue.length).toBeGreaterThan(0));
    r.deliver(12); // OPEN and five blocks
    r.drop(sessionSaysSo);
    await vi.waitFor(() => expect(r.service.recent()[0]!.state).toBe('waiting'));
    const kept = r.service.recent()[0]!.received;
    expect(kept).toBeGreaterThan(0);
    expect(readFileSync(join(r.folder, 'fault.dat.part')).length).toBe(kept);
    r.reconnect();
    await r.runAll();
    await vi.waitFor(() => expect(doneOf(r.finished, d.id)).toBeDefined());
    expect(doneOf(r.finished, d.id)).toMatchObject({ ok: true, result: 'SUCCESS', resumes: 1, received: 6000 });
    const reads = r.calls.filter((c) => c.op === 'file.read');
    expect(reads.map((c) => c.op === 'file.read' && c.offset)).toEqual([0, kept]);
    expect(readFileSync(join(r.folder, 'fault.dat'))).toEqual(Buffer.from(record));
  });

  it('runs one download per station at a time: the next waits queued until the first ends', async () => {
    const r = rig();
    const first = await r.service.fetch(r.user, { station: 's1', name: '/rec/fault.dat', folder: r.folder });
    const second = await r.service.fetch(r.user, { station: 's1', name: '/rec/missing.dat', folder: r.folder });
    await vi.waitFor(() => expect(r.clock.queue.length).toBeGreaterThan(0));
    expect(r.service.recent().map((x) => [x.id, x.state])).toEqual([
      [second.id, 'queued'],
      [first.id, 'running'],
    ]);
    r.deliver();
    await vi.waitFor(() => expect(doneOf(r.finished, first.id)).toBeDefined());
    await r.runAll();
    await vi.waitFor(() => expect(doneOf(r.finished, second.id)).toMatchObject({ ok: false, result: 'NOT_FOUND' }));
  });

  it('a resumed request continues an existing .part; a cancelled download tells the device and removes its .part', async () => {
    const r = rig();
    writeFileSync(join(r.folder, 'fault.dat.part'), record.subarray(0, 1000));
    const d = await r.service.fetch(r.user, { station: 's1', name: '/rec/fault.dat', folder: r.folder, resume: true });
    await r.runAll();
    await vi.waitFor(() => expect(doneOf(r.finished, d.id)).toMatchObject({ ok: true }));
    expect(r.calls.find((c) => c.op === 'file.read')).toMatchObject({ offset: 1000 });
    expect(readFileSync(join(r.folder, 'fault.dat'))).toEqual(Buffer.from(record));
    const c = await r.service.fetch(r.user, { station: 's1', name: '/rec/fault.dat', folder: r.folder });
    await vi.waitFor(() => expect(r.clock.queue.length).toBeGreaterThan(0));
    r.deliver(4);
    expect(r.service.cancel({ name: 'someone', role: 'engineer' }, c.id)).toEqual({ refused: `download ${c.id} is erin's` });
    r.service.cancel(r.user, c.id);
    expect(r.calls.at(-1)).toMatchObject({ op: 'file.abort' });
    r.deliver();
    await vi.waitFor(() => expect(doneOf(r.finished, c.id)).toMatchObject({ ok: false, result: 'ABORTED' }));
    expect(existsSync(join(r.folder, 'fault.dat.part'))).toBe(false);
  });

  it('refuses and audits a viewer, a relative or missing folder, an unknown station; lists only when ready', async () => {
    const r = rig();
    const viewer = await r.service.fetch({ name: 'vic', role: 'viewer' }, { station: 's1', name: '/rec/fault.dat' });
    expect(viewer).toMatchObject({ state: 'done', result: 'REFUSED_ROLE' });
    expect(r.audits.find((a) => a.id === viewer.id)).toMatchObject({ user: 'vic', result: 'REFUSED_ROLE', ok: false });
    expect(await r.service.fetch(r.user, { station: 's1', name: '/x', folder: 'relative/dir' })).toMatchObject({ result: 'BAD_FOLDER' });
    expect(await r.service.fetch(r.user, { station: 's1', name: '/x', folder: join(r.folder, 'nope') })).toMatchObject({ result: 'BAD_FOLDER', detail: expect.stringContaining('ENOENT') });
    expect(await r.service.fetch(r.user, { station: 's9', name: '/x' })).toMatchObject({ result: 'NO_STATION' });
    const listing = r.service.list(r.user, 's1', '/rec');
    await vi.waitFor(() => expect(r.clock.queue.length).toBeGreaterThan(0));
    r.deliver();
    expect(await listing).toEqual({ ok: true, entries: [{ name: '/rec/fault.dat', kind: 'file', size: 6000, modifiedMs: 1764763200000 }] });
    expect(await r.service.list({ role: 'operator' }, 's1', '/')).toMatchObject({ ok: false, result: 'REFUSED_ROLE' });
    r.drop();
    expect(await r.service.list(r.user, 's1', '/')).toMatchObject({ ok: false, result: 'NOT_CONNECTED' });
  });

  it('reports the octets received at most once per progress interval while blocks arrive', async () => {
    const states = async (progressMs: number): Promise<string[]> => {
      const r = rig(progressMs);
      const d = await r.service.fetch(r.user, { station: 's1', name: '/rec/fault.dat', folder: r.folder });
      await r.runAll();
      await vi.waitFor(() => expect(doneOf(r.finished, d.id)).toBeDefined());
      const mine = r.progress.filter((p) => p.id === d.id);
      expect(mine.at(-1)!.received).toBe(6000);
      return mine.map((p) => p.state);
    };
    // every block reported without an interval (the fake link delivers all at once); none within a minute
    expect((await states(0)).filter((s) => s === 'running').length).toBeGreaterThan(10);
    expect(await states(60_000)).toEqual(['queued', 'running', 'done']);
  });

  it('downloads into the default folder (created when first used) when the request names none or names it', async () => {
    const r = rig();
    const d = await r.service.fetch(r.user, { station: 's1', name: '/rec/fault.dat' });
    expect(d.path).toBe(join(r.folder, 'default', 'fault.dat'));
    await r.runAll();
    await vi.waitFor(() => expect(doneOf(r.finished, d.id)).toMatchObject({ ok: true }));
    expect(readFileSync(d.path)).toEqual(Buffer.from(record));
    // the UI names the default folder it was told: that too is created when missing
    const other = rig();
    const named = await other.service.fetch(other.user, { station: 's1', name: '/rec/fault.dat', folder: other.service.defaultFolder });
    expect(named).toMatchObject({ result: 'PENDING', path: join(other.folder, 'default', 'fault.dat') });
  });
});
