import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation, type Dnp3FileOpen, type Dnp3FileStore } from '../../../../../src-main/protocols/dnp3';
import { parseFragment } from '../../../../../src-main/protocols/dnp3/app/fragment';
import { FunctionCode } from '../../../../../src-main/protocols/dnp3/app/control';
import type { FileCall, FileEvent } from '../../../../../src-shared/file-transfer';
import { connect, FakeClock, type Driven } from '../harness';

const record = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) & 0xff);

/** A store of two files and a sub-directory; opens are counted. */
function memoryStore(): Dnp3FileStore & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    open(path: string): Dnp3FileOpen {
      opened.push(path);
      if (path === '/') {
        return {
          ok: true,
          kind: 'directory',
          entries: [
            { name: 'fault-0001.dat', directory: false, size: record.length, created: 1764763200000, permissions: 0o644 },
            { name: 'comtrade', directory: true, size: 0, created: 0, permissions: 0o755 },
          ],
        };
      }
      if (path === '/fault-0001.dat') return { ok: true, kind: 'file', bytes: record };
      if (path === '/empty.txt') return { ok: true, kind: 'file', bytes: new Uint8Array(0) };
      if (path === '/secret.cfg') return { ok: false, status: 'PERMISSION_DENIED' };
      return { ok: false, status: 'FILE_NOT_FOUND' };
    },
  };
}

function setup(files: { password?: string; maxOpen?: number } = {}): { clock: FakeClock; m: Driven; o: Driven; store: ReturnType<typeof memoryStore> } {
  const clock = new FakeClock();
  const store = memoryStore();
  const m = clock.add('master', createDnp3Master({ responseTimeoutMs: 2000, retries: 1 }));
  const o = clock.add('outstation', createDnp3Outstation({ files: { store, ...files }, maxFragmentSize: 512 }));
  connect(clock, m, o);
  clock.run(500);
  expect(m.of('state').at(-1)?.state).toBe('ready');
  return { clock, m, o, store };
}

function call(d: Driven, c: FileCall): void {
  d.step({ kind: 'call', call: c });
}

const fileEvents = (d: Driven, id: string): FileEvent[] => d.events.filter((e): e is FileEvent => 'id' in e && e.id === id && (e.type === 'fileData' || e.type === 'fileDone' || e.type === 'fileList'));

/** The octets a read delivered, placed at their offsets. */
function assembled(events: FileEvent[], from: number): Uint8Array {
  const data = events.filter((e) => e.type === 'fileData');
  const end = Math.max(from, ...data.map((e) => e.offset + e.bytes.length));
  const out = new Uint8Array(end - from);
  for (const e of data) out.set(e.bytes, e.offset - from);
  return out;
}

/** Delivers the next `n` queued messages, one at a time. */
function deliver(clock: FakeClock, n: number): void {
  for (let i = 0; i < n && clock.queue.length > 0; i++) {
    const x = clock.queue.shift()!;
    x.to.step({ kind: 'rx', bytes: x.bytes });
  }
}

/** Function codes the master sent since `since`. */
function sentFunctions(m: Driven, since: number): number[] {
  return m.sent.slice(since).flatMap((frame) => {
    const p = parseFragment(frame.subarray(11, frame.length - 2));
    return p.ok ? [p.fragment.function] : [];
  });
}

describe('DNP3 file transfer (g70) master <-> outstation', () => {
  it('lists a directory: opens it, reads its g70v7 descriptors and closes it', () => {
    const { clock, m } = setup();
    call(m, { op: 'file.list', id: 'l1', directory: '/' });
    clock.run(1000);
    const [list] = fileEvents(m, 'l1');
    expect(list).toEqual({
      type: 'fileList',
      id: 'l1',
      ok: true,
      result: 'SUCCESS',
      entries: [
        { name: '/fault-0001.dat', kind: 'file', size: 5000, modifiedMs: 1764763200000 },
        { name: '/comtrade', kind: 'directory', size: 0, modifiedMs: null },
      ],
    });
  });

  it('reads a file block by block with block numbers and the last-block flag, byte-identical, then closes it', () => {
    const { clock, m } = setup();
    const before = m.sent.length;
    call(m, { op: 'file.read', id: 'r1', name: '/fault-0001.dat', offset: 0 });
    clock.run(2000);
    const events = fileEvents(m, 'r1');
    expect(events.at(-1)).toEqual({ type: 'fileDone', id: 'r1', ok: true, result: 'SUCCESS', size: 5000 });
    expect(assembled(events, 0)).toEqual(record);
    const data = events.filter((e) => e.type === 'fileData');
    // the outstation's 512-octet fragments hold blocks of 494 octets
    expect(data).toHaveLength(Math.ceil(5000 / 494));
    expect(data.every((e) => e.type === 'fileData' && e.size === 5000)).toBe(true);
    const fcs = sentFunctions(m, before).filter((f) => f !== FunctionCode.CONFIRM);
    expect(fcs[0]).toBe(FunctionCode.OPEN_FILE);
    expect(fcs.at(-1)).toBe(FunctionCode.CLOSE_FILE);
    expect(fcs.filter((f) => f === FunctionCode.READ)).toHaveLength(data.length);
  });

  it('reads from an offset: the blocks before it are read and skipped, only octets from the offset are delivered', () => {
    const { clock, m } = setup();
    call(m, { op: 'file.read', id: 'r2', name: '/fault-0001.dat', offset: 1234 });
    clock.run(2000);
    const events = fileEvents(m, 'r2');
    expect(events.at(-1)).toMatchObject({ type: 'fileDone', ok: true, result: 'SUCCESS', size: 5000 - 1234 });
    const data = events.filter((e) => e.type === 'fileData');
    expect(data[0]!.offset).toBe(1234);
    expect(assembled(events, 1234)).toEqual(record.subarray(1234));
  });

  it('reads an empty file as one empty last block', () => {
    const { clock, m } = setup();
    call(m, { op: 'file.read', id: 'e', name: '/empty.txt', offset: 0 });
    clock.run(1000);
    expect(fileEvents(m, 'e')).toEqual([{ type: 'fileDone', id: 'e', ok: true, result: 'SUCCESS', size: 0 }]);
  });

  it('maps the outstation status codes: FILE_NOT_FOUND, PERMISSION_DENIED, TOO_MANY_OPEN', () => {
    const { clock, m } = setup({ maxOpen: 0 });
    call(m, { op: 'file.read', id: 'busy', name: '/fault-0001.dat', offset: 0 });
    clock.run(1000);
    expect(fileEvents(m, 'busy').at(-1)).toMatchObject({ ok: false, result: 'DEVICE_REFUSED', detail: expect.stringContaining('TOO_MANY_OPEN') });
    const { clock: c2, m: m2 } = setup();
    call(m2, { op: 'file.read', id: 'nf', name: '/missing.dat', offset: 0 });
    call(m2, { op: 'file.read', id: 'pd', name: '/secret.cfg', offset: 0 });
    call(m2, { op: 'file.list', id: 'ld', directory: '/nowhere' });
    c2.run(2000);
    expect(fileEvents(m2, 'nf')).toEqual([{ type: 'fileDone', id: 'nf', ok: false, result: 'NOT_FOUND', size: 0, detail: '/missing.dat: FILE_NOT_FOUND: /missing.dat' }]);
    expect(fileEvents(m2, 'pd').at(-1)).toMatchObject({ ok: false, result: 'PERMISSION_DENIED' });
    expect(fileEvents(m2, 'ld').at(-1)).toMatchObject({ type: 'fileList', ok: false, result: 'NOT_FOUND', entries: [] });
  });

  it('authenticates with g70v2 when credentials are given, and a read without the right password is refused', () => {
    const { clock, m } = setup({ password: 's3cret' });
    const before = m.sent.length;
    call(m, { op: 'file.read', id: 'ok', name: '/fault-0001.dat', offset: 0, credentials: { user: 'eng', password: 's3cret' } });
    clock.run(2000);
    expect(fileEvents(m, 'ok').at(-1)).toMatchObject({ ok: true, result: 'SUCCESS', size: 5000 });
    expect(sentFunctions(m, before).slice(0, 2)).toEqual([FunctionCode.AUTHENTICATE_FILE, FunctionCode.OPEN_FILE]);
    call(m, { op: 'file.read', id: 'wrong', name: '/fault-0001.dat', offset: 0, credentials: { user: 'eng', password: 'guess' } });
    call(m, { op: 'file.read', id: 'none', name: '/fault-0001.dat', offset: 0 });
    clock.run(4000);
    expect(fileEvents(m, 'wrong')).toEqual([{ type: 'fileDone', id: 'wrong', ok: false, result: 'PERMISSION_DENIED', size: 0, detail: expect.stringContaining('authentication key 0') }]);
    expect(fileEvents(m, 'none').at(-1)).toMatchObject({ ok: false, result: 'PERMISSION_DENIED', detail: expect.stringContaining('authentication key required') });
  });

  it('an abort during a read sends ABORT_FILE and ends ABORTED; an abort of a queued read ends it without a request', () => {
    const { clock, m } = setup();
    call(m, { op: 'file.read', id: 'a', name: '/fault-0001.dat', offset: 0 });
    call(m, { op: 'file.read', id: 'q', name: '/fault-0001.dat', offset: 0 });
    call(m, { op: 'file.abort', id: 'q' });
    expect(fileEvents(m, 'q')).toEqual([{ type: 'fileDone', id: 'q', ok: false, result: 'ABORTED', size: 0, detail: 'aborted by the user before the file was opened' }]);
    deliver(clock, 3); // OPEN_FILE, its answer, READ of block 0
    const before = m.sent.length;
    call(m, { op: 'file.abort', id: 'a' });
    clock.run(clock.now + 3000);
    expect(sentFunctions(m, before)).toEqual([FunctionCode.ABORT_FILE]);
    expect(fileEvents(m, 'a').at(-1)).toMatchObject({ type: 'fileDone', ok: false, result: 'ABORTED' });
    expect(fileEvents(m, 'a').filter((e) => e.type === 'fileData')).toHaveLength(0);
  });

  it('ends TIMEOUT when the outstation stops answering (after the retries), LINK_LOST when the link drops', () => {
    const { clock, m, o } = setup();
    call(m, { op: 'file.read', id: 't', name: '/fault-0001.dat', offset: 0 });
    deliver(clock, 4); // OPEN_FILE, its answer, READ of block 0, block 0
    o.deliver = false;
    clock.queue.length = 0;
    clock.run(clock.now + 10_000);
    expect(fileEvents(m, 't').at(-1)).toMatchObject({ type: 'fileDone', ok: false, result: 'TIMEOUT', size: 494 });
    o.deliver = true;
    call(m, { op: 'file.read', id: 'd', name: '/fault-0001.dat', offset: 0 });
    deliver(clock, 2);
    m.step({ kind: 'down', reason: 'peer closed' });
    expect(fileEvents(m, 'd').at(-1)).toMatchObject({ type: 'fileDone', ok: false, result: 'LINK_LOST' });
  });

  it('yields between blocks: an integrity poll asked for during a transfer runs before the transfer ends', () => {
    const { clock, m } = setup();
    call(m, { op: 'file.read', id: 'y', name: '/fault-0001.dat', offset: 0 });
    deliver(clock, 4);
    m.step({ kind: 'call', call: { op: 'interrogate' } });
    clock.run(clock.now + 2000);
    const order = m.events.filter((e) => (e.type === 'task' && e.name === 'integrity') || (e.type === 'fileDone' && e.id === 'y')).map((e) => e.type);
    expect(order.slice(-2)).toEqual(['task', 'fileDone']);
    expect(fileEvents(m, 'y').at(-1)).toMatchObject({ ok: true, size: 5000 });
  });
});
