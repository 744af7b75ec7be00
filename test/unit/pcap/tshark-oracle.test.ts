import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CaptureSynth,
  extractStreams,
  PcapWriter,
  readCapture,
  type ConnectionChunk,
  type FlowSpec,
  type PcapResult,
  type WriterLinkType,
} from '../../../src-main/protocols/pcap';
import { TSHARK, tsharkFields } from './tshark';

const VECTORS = '/work/shared/vectors/captures';
const dir = mkdtempSync(join(tmpdir(), 'swy-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
if (!TSHARK) console.warn('skipping tshark oracle tests: tshark is not installed (Debian package tshark)');

const unwrap = <T>(result: PcapResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function vectorChunks(file: string): ConnectionChunk[] {
  const capture = unwrap(readCapture(new Uint8Array(readFileSync(join(VECTORS, file)))));
  return extractStreams(capture).tcp[0]!.chunks;
}

/** Writes the chunks as a fresh synthetic capture; returns its path. */
function writeSynthetic(name: string, spec: FlowSpec, chunks: ConnectionChunk[], linkType: WriterLinkType): string {
  const writer = new PcapWriter({ linkType });
  const synth = new CaptureSynth(writer);
  const parts = [writer.fileHeader()];
  chunks.forEach((chunk, i) => parts.push(...unwrap(synth.data('f', spec, chunk.fromClient, chunk.bytes, 1_763_700_000_000 + i))));
  parts.push(...synth.close('f', 1_763_700_000_000 + chunks.length));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

const PROBLEMS = 'tcp.analysis.flags or _ws.expert.severity >= 8388608 or ip.checksum.status == 0 or tcp.checksum.status == 0 or udp.checksum.status == 0';

describe.skipIf(!TSHARK)('tshark as oracle', { timeout: 60_000 }, () => {
  for (const file of ['dnp3_example.pcapng', 'iec104_example.pcapng']) {
    it(`our reader gives the same TCP payload per frame as tshark for ${file}`, () => {
      const ours = vectorChunks(file).map((c) => [String(c.frame), hex(c.bytes)]);
      const theirs = tsharkFields(join(VECTORS, file), ['frame.number', 'tcp.payload'], 'tcp.len > 0').map(([f, p]) => [f!, p!.replaceAll(':', '')]);
      expect(ours).toEqual(theirs);
    });
  }

  for (const linkType of ['raw', 'ethernet'] as const) {
    it(`a DNP3 capture we write (${linkType}) decodes in tshark like the original, with valid TCP and checksums`, () => {
      const chunks = vectorChunks('dnp3_example.pcapng');
      const spec: FlowSpec = { transport: 'tcp', client: { address: '127.0.0.1', port: 40001 }, server: { address: '127.0.0.1', port: 20000 } };
      const path = writeSynthetic(`dnp3-${linkType}.pcap`, spec, chunks, linkType);
      const fields = ['dnp3.al.func', 'dnp3.src', 'dnp3.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.len'];
      const original = tsharkFields(join(VECTORS, 'dnp3_example.pcapng'), fields, 'dnp3');
      expect(tsharkFields(path, fields, 'dnp3').map((row) => row.slice(0, 3))).toEqual(original.map((row) => row.slice(0, 3)));
      expect(tsharkFields(path, ['tcp.srcport', 'tcp.dstport', 'tcp.len'], 'dnp3').map((r) => r.join(' '))).toEqual(
        chunks.map((c) => (c.fromClient ? `40001 20000 ${c.bytes.length}` : `20000 40001 ${c.bytes.length}`)),
      );
      // tshark 4.0 itself marks the original's g50v4 fragments malformed; ours must add none.
      const malformed = (p: string): number => tsharkFields(p, ['frame.number'], '_ws.malformed').length;
      expect(malformed(path)).toBe(malformed(join(VECTORS, 'dnp3_example.pcapng')));
      expect(tsharkFields(path, ['frame.number', '_ws.expert.message'], `(${PROBLEMS}) and not dnp3`)).toEqual([]);
    });
  }

  it('an IEC 104 capture we write decodes in tshark like the original with no malformed APDU (IPv6)', () => {
    const chunks = vectorChunks('iec104_example.pcapng');
    const spec: FlowSpec = { transport: 'tcp', client: { address: '::1', port: 40002 }, server: { address: '::1', port: 2404 } };
    const path = writeSynthetic('iec104.pcap', spec, chunks, 'ethernet');
    const fields = ['iec60870_104.type', 'iec60870_asdu.typeid', 'iec60870_asdu.causetx', 'iec60870_asdu.addr', 'iec60870_asdu.ioa'];
    const original = tsharkFields(join(VECTORS, 'iec104_example.pcapng'), fields, 'iec60870_104');
    expect(original.length).toBeGreaterThan(10);
    expect(tsharkFields(path, fields, 'iec60870_104')).toEqual(original);
    expect(tsharkFields(path, ['frame.number', '_ws.expert.message'], PROBLEMS)).toEqual([]);
  });

  it('DNP3 over UDP we write decodes in tshark on port 20000', () => {
    const chunks = vectorChunks('dnp3_example.pcapng').slice(0, 6);
    const spec: FlowSpec = { transport: 'udp', client: { address: '127.0.0.1', port: 40003 }, server: { address: '127.0.0.1', port: 20000 } };
    const path = writeSynthetic('dnp3-udp.pcap', spec, chunks, 'raw');
    const rows = tsharkFields(path, ['udp.srcport', 'udp.dstport', 'udp.length', 'dnp3.al.func'], 'dnp3');
    expect(rows.map((r) => Number(r[2]) - 8)).toEqual(chunks.map((c) => c.bytes.length));
    expect(rows.map((r) => r[3])).toEqual(['21', '130', '129', '0', '2', '129']);
    expect(tsharkFields(path, ['frame.number'], PROBLEMS)).toEqual([]);
  });
});
