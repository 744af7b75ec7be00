/**
 * File transfer interop over loopback: our IEC 104 master (through the transport's
 * SessionDriver) against `sim iec104 --files DIR` run as the real CLI process: the directory,
 * a multi-section file byte-identical, a read from an offset, a corrupted checksum, an
 * unknown file, the link dropped mid-file, TLS with a device that announces sections
 * eagerly, a symbolic link out of DIR refused, and the spontaneous directory on a change.
 */
import { mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileEvent } from '../../../src-shared/file-transfer';
import type { SessionEvent } from '../../../src-shared/session';
import { createIec104Master, type Iec104MasterConfig } from '../../../src-main/protocols/iec104';
import { SessionDriver, type Endpoint } from '../../../src-main/transport';
import { runProcess, startProcess, type RunningProcess } from '../cli/helpers/cli-process';
import { until } from '../helpers/until';
import { makePki, type Pki } from './pki';

const epochOffsetMs = Date.now() - performance.now();
const MTIME = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

let dir: string;
let outside: string;
let pki: Pki;
/** The served files by name, in sorted order (so NOF 1, 2, 3). */
const FILES: Record<string, Uint8Array> = {
  'a-config.xml': new TextEncoder().encode('<config station="1"/>\n'),
  'b-fault-0001.cfg': Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff),
  'c-fault-0001.dat': Uint8Array.from({ length: 300_000 }, (_, i) => (i * 13 + (i >> 10)) & 0xff),
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iec104-files-'));
  outside = mkdtempSync(join(tmpdir(), 'iec104-outside-'));
  for (const [name, bytes] of Object.entries(FILES)) {
    writeFileSync(join(dir, name), bytes);
    utimesSync(join(dir, name), MTIME, MTIME);
  }
  writeFileSync(join(outside, 'secret.txt'), 'not for the master');
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'd-link-out'));
  pki = makePki();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  pki.remove();
});

/** A master connected to a simulator; its file events. */
async function connect(endpoint: Endpoint, config: Iec104MasterConfig = {}) {
  const events: SessionEvent[] = [];
  const driver = new SessionDriver({ session: createIec104Master({ epochOffsetMs, giOnStart: false, ...config }), endpoints: endpoint, onEvent: (e) => events.push(e), stopGraceMs: 200 });
  driver.start();
  await until('STARTDT', () => events.some((e) => e.type === 'state' && e.state === 'ready'));
  const of = (id: string) => events.filter((e): e is FileEvent => (e.type === 'fileList' || e.type === 'fileData' || e.type === 'fileDone') && e.id === id);
  const end = (id: string) => until(`the end of ${id}`, () => of(id).find((e) => e.type === 'fileList' || e.type === 'fileDone'), 30_000);
  const bytes = (id: string): { from: number; data: Buffer } => {
    const data = of(id).filter((e): e is Extract<FileEvent, { type: 'fileData' }> => e.type === 'fileData');
    return { from: data[0]?.offset ?? -1, data: Buffer.concat(data.map((d) => d.bytes)) };
  };
  return { driver, events, of, end, bytes };
}

async function sim(...extra: string[]): Promise<{ process: RunningProcess; port: number }> {
  const process = await startProcess(['sim', 'iec104', '--port', '0', '--rate', '0', '--files', dir, ...extra]);
  return { process, port: Number(/:(\d+)\?/.exec(process.firstLine)![1]) };
}

const tcp = (port: number): Endpoint => ({ kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 10_000 });

describe('IEC 104 file transfer against sim iec104 --files', () => {
  it('lists the folder, reads a multi-section file byte-identical and from an offset, and names an unknown file NOT_FOUND', async () => {
    const s = await sim('--file-section-size', '4096', '--file-segment-size', '200');
    const m = await connect(tcp(s.port));
    try {
      m.driver.call({ op: 'file.list', id: 'ls', directory: '' });
      expect(await m.end('ls')).toEqual({
        type: 'fileList',
        id: 'ls',
        ok: true,
        result: 'SUCCESS',
        entries: Object.entries(FILES).map(([, b], i) => ({ name: `4096/${i + 1}`, kind: 'file', size: b.length, modifiedMs: MTIME.getTime() })),
      });
      expect(s.process.stderr()).toMatch(/file not served: d-link-out: refused: it leads outside the folder/);

      m.driver.call({ op: 'file.read', id: 'whole', name: '4096/2', offset: 0 });
      expect(await m.end('whole')).toEqual({ type: 'fileDone', id: 'whole', ok: true, result: 'SUCCESS', size: 20_000 });
      expect(m.bytes('whole').data.equals(FILES['b-fault-0001.cfg']!)).toBe(true);
      // One fileData per section of 4096 octets.
      expect(m.of('whole').filter((e) => e.type === 'fileData')).toHaveLength(5);

      m.driver.call({ op: 'file.read', id: 'tail', name: '4096/2', offset: 9_000 });
      expect(await m.end('tail')).toMatchObject({ ok: true, result: 'SUCCESS', size: 11_000 });
      const tail = m.bytes('tail');
      expect(tail.from).toBe(9_000);
      expect(tail.data.equals(FILES['b-fault-0001.cfg']!.subarray(9_000))).toBe(true);

      m.driver.call({ op: 'file.read', id: 'none', name: '4096/9', offset: 0 });
      expect(await m.end('none')).toMatchObject({ ok: false, result: 'NOT_FOUND' });
    } finally {
      await m.driver.stop();
      expect(await s.process.interrupt()).toBe(0);
    }
  });

  it('names a corrupted section checksum CHECKSUM_MISMATCH', async () => {
    const s = await sim('--file-corrupt-checksum', 'section');
    const m = await connect(tcp(s.port));
    try {
      m.driver.call({ op: 'file.read', id: 'bad', name: '4096/1', offset: 0 });
      expect(await m.end('bad')).toMatchObject({ ok: false, result: 'CHECKSUM_MISMATCH', size: 0 });
      expect(m.of('bad').filter((e) => e.type === 'fileData')).toEqual([]);
    } finally {
      await m.driver.stop();
      await s.process.interrupt();
    }
  });

  it('reports LINK_LOST when the simulator is stopped mid-file (closing its connections), with the octets delivered until then', async () => {
    const s = await sim('--file-section-size', '1000');
    const m = await connect(tcp(s.port));
    try {
      m.driver.call({ op: 'file.read', id: 'drop', name: '4096/3', offset: 0 });
      await until('the first sections', () => m.of('drop').filter((e) => e.type === 'fileData').length >= 3);
      expect(await s.process.interrupt()).toBe(0);
      const done = await m.end('drop');
      expect(done).toMatchObject({ ok: false, result: 'LINK_LOST' });
      const got = m.bytes('drop');
      expect(done.type === 'fileDone' && done.size).toBe(got.data.length);
      expect(got.data.length).toBeLessThan(300_000);
      expect(got.data.equals(FILES['c-fault-0001.dat']!.subarray(0, got.data.length))).toBe(true);
    } finally {
      await m.driver.stop();
    }
  });

  it('reads over TLS from a device that announces sections eagerly, and hears the directory change spontaneously', async () => {
    const s = await sim('--tls', '--ca-file', pki.caFile, '--cert', pki.serverCert, '--key', pki.serverKey, '--file-eager-sections', '--file-ioa', '7000');
    const m = await connect({ kind: 'tls', host: '127.0.0.1', port: s.port, caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey }, { fileDirectoryIoa: 7000, decodeLevel: 'summary' });
    try {
      m.driver.call({ op: 'file.read', id: 'big', name: '7000/3', offset: 0 });
      expect(await m.end('big')).toMatchObject({ ok: true, result: 'SUCCESS', size: 300_000 });
      expect(m.bytes('big').data.equals(FILES['c-fault-0001.dat']!)).toBe(true);
      writeFileSync(join(dir, 'e-new.txt'), 'added while running');
      const spont = await until('F_DR_TA_1 spont', () => m.events.find((e) => e.type === 'frame' && /F_DR_TA_1 spont/.test(e.frame.summary)));
      expect(spont.type === 'frame' && spont.frame.direction).toBe('rx');
      m.driver.call({ op: 'file.list', id: 'again', directory: '7000' });
      const listed = await m.end('again');
      expect(listed.type === 'fileList' && listed.entries.map((e) => [e.name, e.size])).toEqual([
        ['7000/1', FILES['a-config.xml']!.length],
        ['7000/2', 20_000],
        ['7000/3', 300_000],
        ['7000/4', 19],
      ]);
    } finally {
      rmSync(join(dir, 'e-new.txt'), { force: true });
      await m.driver.stop();
      await s.process.interrupt();
    }
  });

  it('exits 2 with a reason for file flags without --files, a missing folder and a bad corruption', async () => {
    const runs = await Promise.all([
      runProcess(['sim', 'iec104', '--port', '0', '--file-section-size', '100']),
      runProcess(['sim', 'iec104', '--port', '0', '--files', join(dir, 'missing')]),
      runProcess(['sim', 'iec104', '--port', '0', '--files', dir, '--file-corrupt-checksum', 'segment']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs[0]?.stderr).toMatch(/--file-section-size needs --files DIR/);
    expect(runs[1]?.stderr).toMatch(/--files .*missing is not a folder/);
    expect(runs[2]?.stderr).toMatch(/--file-corrupt-checksum must be section or file, got 'segment'/);
  });
});
