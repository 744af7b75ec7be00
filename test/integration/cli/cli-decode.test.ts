import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../../../src-main/host/cli/commands/decode';
import type { Dnp3Record, Iec104Record } from '../../../src-main/protocols/capture/decoded-record';
import { hasTshark, runCommand, tsharkFields } from './helpers/cli-run';

const CAPTURES = '/work/shared/vectors/captures';
const DNP3 = join(CAPTURES, 'dnp3_example.pcapng');
const IEC104 = join(CAPTURES, 'iec104_example.pcapng');

async function decodeJson<T>(file: string, extra: string[] = []): Promise<T[]> {
  const run = await runCommand([decodeCommand], ['decode', file, '--json', ...extra]);
  expect(run.code).toBe(0);
  return run.stdout.map((l) => JSON.parse(l) as T);
}

describe('decode', () => {
  it('decodes every DNP3 fragment of a third-party capture as tshark does', async () => {
    const records = await decodeJson<Dnp3Record>(DNP3);
    expect(records.length).toBe(30);
    expect(records.every((r) => r.error === undefined)).toBe(true);
    expect(records[0]).toEqual({
      frame: 4,
      protocol: 'dnp3',
      source: 1,
      destination: 10,
      function: 21,
      objects: ['g60v2', 'g60v3', 'g60v4'],
      iin: null,
      summary: 'DISABLE_UNSOLICITED seq 0 g60v2 g60v3 g60v4',
    });
    if (!hasTshark()) return;
    const rows = tsharkFields(DNP3, ['tcp.port==20000,dnp3'], ['frame.number', 'dnp3.src', 'dnp3.dst', 'dnp3.al.func', 'dnp3.al.obj', 'dnp3.al.iin']);
    const theirs = rows.filter((r) => r[3] !== '');
    expect(records.map((r) => r.frame)).toEqual(theirs.map((r) => Number(r[0])));
    for (const [i, r] of records.entries()) {
      const [, src, dst, func, objs, iin] = theirs[i]!;
      expect([r.source, r.destination, r.function]).toEqual([Number(src), Number(dst), Number(func)]);
      // tshark 4.0 stops at g50v4, which it does not know: compare up to there.
      const theirObjects = objs ? objs.split(',').map((o) => `g${Number(o) >> 8}v${Number(o) & 0xff}`) : [];
      expect(r.objects.slice(0, theirObjects.length)).toEqual(theirObjects);
      expect(r.iin).toBe(iin ? Number(iin) : null);
    }
  });

  it('decodes every IEC 104 APDU of a third-party capture as tshark does', async () => {
    const records = await decodeJson<Iec104Record>(IEC104);
    expect(records.every((r) => r.error === undefined)).toBe(true);
    expect(records[2]).toEqual({
      frame: 8,
      protocol: 'iec104',
      format: 'I',
      typeId: 11,
      cause: 1,
      negative: false,
      commonAddress: 1,
      ioas: [110],
      summary: 'I(0,0) M_ME_NB_1 percyc IOA 110',
    });
    if (!hasTshark()) return;
    const rows = tsharkFields(IEC104, ['tcp.port==2404,iec60870_104'], [
      'frame.number',
      'iec60870_104.type',
      'iec60870_asdu.typeid',
      'iec60870_asdu.causetx',
      'iec60870_asdu.addr',
      'iec60870_asdu.ioa',
    ]).filter((r) => r[1] !== '');
    expect(records.map((r) => r.frame)).toEqual(rows.map((r) => Number(r[0])));
    const formats: Record<number, string> = { 0: 'I', 1: 'S', 3: 'U' };
    for (const [i, r] of records.entries()) {
      const [, type, typeId, cause, ca, ioas] = rows[i]!;
      expect(r.format).toBe(formats[Number(type)]);
      if (r.format !== 'I') continue;
      expect([r.typeId, r.cause, r.commonAddress]).toEqual([Number(typeId), Number(cause), Number(ca)]);
      expect(r.ioas).toEqual(ioas!.split(',').map(Number));
    }
  });

  it('prints one line per record and a total in human form', async () => {
    const run = await runCommand([decodeCommand], ['decode', IEC104]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('#12 iec104 CA 1 I(0,2) C_IC_NA_1 act IOA 0');
    expect(run.stdout.at(-1)).toMatch(/^pcapng, 40 frames: 0 DNP3 fragments, \d+ IEC 104 APDUs, 0 undecodable$/);
  });

  it('finds nothing on other ports unless told, and decodes them with --dnp3-port', async () => {
    expect(await decodeJson(DNP3, ['--dnp3-port', '20001'])).toEqual([]);
    expect((await decodeJson(IEC104, ['--iec104-port', '2404'])).length).toBeGreaterThan(0);
  });

  it('reports undecodable frames with their error code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-decode-'));
    const bad = join(dir, 'bad.pcap');
    writeFileSync(bad, rawPcap([tcpPacket(2404, Uint8Array.from([0x68, 0x02, 0, 0]))]));
    const records = await decodeJson<Iec104Record>(bad);
    expect(records).toHaveLength(1);
    expect(records[0]!.error).toBe('FRAME_BAD_LENGTH');
  });

  it('decodes a non-standard port mapped with --port N=PROTO, like tshark -d, on top of the standard ports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-decode-'));
    const file = join(dir, 'ports.pcap');
    const startdt = Uint8Array.from([0x68, 0x04, 0x07, 0, 0, 0]);
    writeFileSync(file, rawPcap([tcpPacket(2405, startdt), tcpPacket(2404, startdt), tcpPacket(2405, startdt, 7)]));
    const plain = await runCommand([decodeCommand], ['decode', file, '--json']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toHaveLength(1);
    expect(plain.stderr).toEqual(['hint: port 2405/tcp carries what looks like IEC 104 (2 packets): decode it with --port 2405=iec104']);
    const mapped = await runCommand([decodeCommand], ['decode', file, '--json', '--port', '2405=iec104']);
    expect(mapped.code).toBe(0);
    expect(mapped.stdout.map((l) => (JSON.parse(l) as Iec104Record).frame)).toEqual([1, 2, 3]);
    expect(mapped.stderr).toEqual([]);
    // Mapped as DNP3 the same bytes are decoded, and reported undecodable, as DNP3.
    const asDnp3 = await decodeJson<Dnp3Record>(file, ['--port', '2405=dnp3', '--port', '2404=dnp3']);
    expect(asDnp3.length).toBeGreaterThan(0);
    for (const r of asDnp3) expect([r.protocol, r.error]).toEqual(['dnp3', expect.any(String)]);
  });

  it('says which ports it saw when nothing decodes, and how to map one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-decode-'));
    const file = join(dir, 'http.pcap');
    writeFileSync(file, rawPcap([tcpPacket(8080, new TextEncoder().encode('GET / HTTP/1.1\r\n'))]));
    const run = await runCommand([decodeCommand], ['decode', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toEqual(['hint: no DNP3 or IEC 104 on ports 20000, 2404, 19998; the capture has traffic on 8080/tcp (1 packets): map a port with --port N=dnp3 or --port N=iec104']);
  });

  it('exits 2 with one line for a --port that is not PORT=dnp3 or PORT=iec104', async () => {
    for (const bad of ['2405', '2405=modbus', '0=dnp3', '70000=iec104']) {
      const run = await runCommand([decodeCommand], ['decode', DNP3, '--port', bad]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr, bad).toEqual([expect.stringMatching(/^switchyard: decode: --port /)]);
    }
  });

  it('exits 2 for a missing file or argument and for a file that is not a capture', async () => {
    expect((await runCommand([decodeCommand], ['decode'])).code).toBe(2);
    const missing = await runCommand([decodeCommand], ['decode', '/nonexistent/x.pcap']);
    expect(missing.code).toBe(2);
    expect(missing.stderr[0]).toMatch(/READ_FAILED/);
    const dir = mkdtempSync(join(tmpdir(), 'cli-decode-'));
    writeFileSync(join(dir, 'x.pcap'), 'not a capture');
    const notCapture = await runCommand([decodeCommand], ['decode', join(dir, 'x.pcap')]);
    expect(notCapture.code).toBe(2);
    expect(notCapture.stderr).toEqual([expect.stringMatching(/BAD_MAGIC/)]);
  });
});

/** A minimal IPv4/TCP packet from 127.0.0.1:40000 to 127.0.0.1:port (checksums left 0). */
function tcpPacket(port: number, payload: Uint8Array, seq = 1): Uint8Array {
  const p = new Uint8Array(40 + payload.length);
  const v = new DataView(p.buffer);
  p[0] = 0x45;
  v.setUint16(2, p.length);
  p[8] = 64;
  p[9] = 6;
  p.set([127, 0, 0, 1], 12);
  p.set([127, 0, 0, 1], 16);
  v.setUint16(20, 40000);
  v.setUint16(22, port);
  v.setUint32(24, seq);
  p[32] = 0x50;
  p[33] = 0x18;
  p.set(payload, 40);
  return p;
}

/** A classic little-endian pcap of raw IP packets. */
function rawPcap(packets: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, 0xa1b2c3d4, true);
  header.setUint16(4, 2, true);
  header.setUint16(6, 4, true);
  header.setUint32(16, 65535, true);
  header.setUint32(20, 101, true);
  parts.push(new Uint8Array(header.buffer));
  for (const p of packets) {
    const rec = new DataView(new ArrayBuffer(16));
    rec.setUint32(8, p.length, true);
    rec.setUint32(12, p.length, true);
    parts.push(new Uint8Array(rec.buffer), p);
  }
  return Buffer.concat(parts);
}
