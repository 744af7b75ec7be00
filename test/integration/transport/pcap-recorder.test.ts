import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Session, SessionOutput } from '../../../src-shared/session';
import { extractStreams, readCapture, type ConnectionChunk } from '../../../src-main/protocols/pcap';
import { PcapRecorder, serveSessions, SessionDriver, type Endpoint, type ListenEndpoint } from '../../../src-main/transport';
import { TSHARK, tsharkFields } from '../../unit/pcap/tshark';
import { ScriptedSession, waitFor } from './helpers/test-sessions';

const VECTORS = '/work/shared/vectors/captures';
const dir = mkdtempSync(join(tmpdir(), 'swy-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
if (!TSHARK) console.warn('skipping tshark checks of recorded captures: tshark is not installed');

function vectorChunks(file: string): ConnectionChunk[] {
  const capture = readCapture(new Uint8Array(readFileSync(join(VECTORS, file))));
  if (!capture.ok) throw new Error(capture.error.message);
  return extractStreams(capture.value).tcp[0]!.chunks;
}

/** Sends all of `chunks` once the link is up. */
const sender = (chunks: Uint8Array[]): ScriptedSession =>
  new ScriptedSession((input): SessionOutput[] => (input.kind === 'up' ? chunks.map((bytes) => ({ kind: 'tx', bytes, link: 0 })) : []));

/** Answers the first bytes it receives with all of `chunks`. */
const responder = (chunks: Uint8Array[]): Session => {
  let sent = false;
  return {
    step: (input) => {
      if (input.kind !== 'rx' || sent) return [];
      sent = true;
      return chunks.map((bytes) => ({ kind: 'tx', bytes }));
    },
  };
};

/**
 * Values of one tshark column over all rows, sorted. Several PDUs in one TCP segment come
 * out as one row with comma-joined values, so live recordings (where TCP coalesces) are
 * compared with the original as multisets.
 */
const flat = (rows: string[][], column: number): string[] => rows.flatMap((r) => (r[column] ?? '').split(',')).filter(Boolean).sort();

const total = (chunks: Uint8Array[]): number => chunks.reduce((n, c) => n + c.length, 0);

/** Runs a master/outstation exchange of the vector's bytes, recording on one side. */
async function exchange(
  file: string,
  listenKind: 'tcp' | 'udp',
  recordOn: 'driver' | 'server',
  path: string,
  rewriteTo: number,
): Promise<{ master: Uint8Array[]; outstation: Uint8Array[]; port: number }> {
  const chunks = vectorChunks(file);
  const master = chunks.filter((c) => c.fromClient).map((c) => c.bytes);
  const outstation = chunks.filter((c) => !c.fromClient).map((c) => c.bytes);
  let rec: PcapRecorder | null = null;
  let received = 0;
  const endpoint: ListenEndpoint = { kind: listenKind, port: 0 };
  const server = await serveSessions({
    endpoint,
    createSession: () => responder(outstation),
    ...(recordOn === 'server' ? { onBytes: (...args) => rec?.tap(...args) } : {}),
  });
  // The real port is random; map it to the protocol's port so tshark needs no "Decode As".
  const opened = await PcapRecorder.open(path, { linkType: 'ethernet', rewritePorts: { [server.port]: rewriteTo } });
  if (!opened.ok) throw new Error(opened.error.message);
  rec = opened.value;
  const session = sender(master);
  const rxCounter = new ScriptedSession();
  const wrapped: Session = {
    step: (input, now) => {
      if (input.kind === 'rx') received += input.bytes.length;
      rxCounter.step(input, now);
      return session.step(input, now);
    },
  };
  const target: Endpoint =
    listenKind === 'tcp'
      ? { kind: 'tcp', host: '127.0.0.1', port: server.port, connectTimeoutMs: 1000 }
      : { kind: 'udp', host: '127.0.0.1', port: server.port };
  const driver = new SessionDriver({ session: wrapped, endpoints: target, stopGraceMs: 20, ...(recordOn === 'driver' ? { onBytes: rec.tap } : {}) });
  driver.start();
  await waitFor(() => received === total(outstation), 5000, 'all outstation bytes');
  await driver.stop();
  await server.close();
  await rec.close();
  expect(rec.error).toBeNull();
  return { master, outstation, port: server.port };
}

describe('PcapRecorder on live sessions', { timeout: 60_000 }, () => {
  it('records a DNP3 exchange over TCP from the master side; our reader gets both streams back', async () => {
    const path = join(dir, 'dnp3-live.pcap');
    const { master, outstation } = await exchange('dnp3_example.pcapng', 'tcp', 'driver', path, 20000);
    const capture = readCapture(new Uint8Array(readFileSync(path)));
    if (!capture.ok) throw new Error(capture.error.message);
    const [connection] = extractStreams(capture.value).tcp;
    expect(connection?.server.port).toBe(20000);
    expect(connection?.client.address).toBe('127.0.0.1');
    const sent = connection!.chunks.filter((c) => c.fromClient);
    expect(total(sent.map((c) => c.bytes))).toBe(total(master));
    expect(total(connection!.chunks.filter((c) => !c.fromClient).map((c) => c.bytes))).toBe(total(outstation));
    expect(connection!.ended).toBe(true);
    if (TSHARK) {
      const funcs = (p: string): string[] => flat(tsharkFields(p, ['dnp3.al.func'], 'dnp3'), 0);
      expect(funcs(path)).toEqual(funcs(join(VECTORS, 'dnp3_example.pcapng')));
      expect(tsharkFields(path, ['frame.number'], 'tcp.analysis.flags or tcp.checksum.status == 0')).toEqual([]);
    }
  });

  it('records IEC 104 on the server side (the peer opened the connection)', async () => {
    const path = join(dir, 'iec104-live.pcap');
    await exchange('iec104_example.pcapng', 'tcp', 'server', path, 2404);
    const capture = readCapture(new Uint8Array(readFileSync(path)));
    if (!capture.ok) throw new Error(capture.error.message);
    const [connection] = extractStreams(capture.value).tcp;
    expect(connection?.server.port).toBe(2404);
    if (TSHARK) {
      const fields = ['iec60870_asdu.typeid', 'iec60870_asdu.causetx', 'iec60870_asdu.ioa'];
      const original = tsharkFields(join(VECTORS, 'iec104_example.pcapng'), fields, 'iec60870_asdu');
      const recorded = tsharkFields(path, fields, 'iec60870_asdu');
      for (const column of [0, 1, 2]) expect(flat(recorded, column)).toEqual(flat(original, column));
      expect(tsharkFields(path, ['frame.number'], '_ws.malformed or tcp.analysis.flags')).toEqual([]);
    }
  });

  it('records DNP3 over UDP', async () => {
    const path = join(dir, 'dnp3-udp.pcap');
    const { master } = await exchange('dnp3_example.pcapng', 'udp', 'driver', path, 20000);
    const capture = readCapture(new Uint8Array(readFileSync(path)));
    if (!capture.ok) throw new Error(capture.error.message);
    const { udp, tcp } = extractStreams(capture.value);
    expect(tcp).toEqual([]);
    expect(udp.filter((d) => d.dst.port === 20000).map((d) => d.payload.length)).toEqual(master.map((m) => m.length));
    if (TSHARK) expect(tsharkFields(path, ['frame.number'], 'dnp3').length).toBeGreaterThan(master.length);
  });
});
