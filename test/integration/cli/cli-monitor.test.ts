/**
 * `monitor`: the relay between a master (the CLI's poll) and the built-in simulators on
 * loopback, its decoded records of both directions, its pcap checked by tshark, and the
 * capture-stream mode fed from standard input, from the pcap the relay wrote and from the
 * third-party captures in ../shared/vectors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { runCli } from '../../../src-main/host/cli/cli';
import { decodeCommand } from '../../../src-main/host/cli/commands/decode';
import { monitorCommand } from '../../../src-main/host/cli/commands/monitor';
import { pollCommand } from '../../../src-main/host/cli/commands/poll';
import { decodePacket, LINKTYPE, PcapWriter, readCapture } from '../../../src-main/protocols/pcap';
import { until } from '../helpers/until';
import { makeTestPki } from '../transport/helpers/test-pki';
import { captureIo, hasTshark, runCommand, tsharkFields } from './helpers/cli-run';
import { startSim } from './helpers/sims';

const DIR = mkdtempSync(join(tmpdir(), 'swy-monitor-'));
const CAPTURES = '/work/shared/vectors/captures';
const ROOT = resolve(import.meta.dirname, '../../..');

interface Line {
  kind?: string;
  frame: number;
  protocol?: string;
  direction?: 'tx' | 'rx';
  connection?: number;
  function?: number | null;
  typeId?: number | null;
  cause?: number | null;
  objects?: string[];
  ref?: string;
  value?: unknown;
  quality?: string[];
  error?: string;
}

/** Starts `monitor` in-process; resolves with its port, its io and its exit. */
async function startMonitor(argv: string[]): Promise<{ port: number; io: ReturnType<typeof captureIo>; exit: Promise<number> }> {
  const io = captureIo();
  const exit = runCli(['monitor', '--listen', '127.0.0.1:0', ...argv], [monitorCommand], 'test', io);
  await until('the relay', () => io.stderr.some((l) => l.startsWith('monitor: relaying')));
  const port = Number(/relaying 127\.0\.0\.1:(\d+)/.exec(io.stderr.find((l) => l.startsWith('monitor: relaying'))!)![1]);
  return { port, io, exit };
}

async function pollJson(url: string): Promise<Array<{ ref: string; value: unknown; quality: string[] }>> {
  const run = await runCommand([pollCommand], ['poll', url, '--json']);
  expect(run.code, run.stderr.join('\n')).toBe(0);
  return JSON.parse(run.stdout.join('')) as Array<{ ref: string; value: unknown; quality: string[] }>;
}

const lines = (out: string[]): Line[] => out.map((l) => JSON.parse(l) as Line);
const frames = (all: Line[]): Line[] => all.filter((l) => l.kind === undefined);
/** A record without the relay's own fields, as `decode` prints it. */
const asDecoded = ({ connection: _c, direction: _d, ...rest }: Line): Line => rest;

describe('monitor relay', () => {
  let dnp3: Simulator;
  let iec104: Simulator;
  beforeAll(async () => {
    dnp3 = await startSim({ protocol: 'dnp3', rate: 0 });
    iec104 = await startSim({ protocol: 'iec104', rate: 0 });
  });
  afterAll(async () => {
    await dnp3?.close();
    await iec104?.close();
  });

  it('relays a DNP3 poll unchanged, decodes both directions and writes a pcap that tshark and decode read alike', async () => {
    const out = join(DIR, 'dnp3.pcap');
    const m = await startMonitor(['--forward', `127.0.0.1:${dnp3.port}`, '--protocol', 'dnp3', '--out', out, '--values', '--json']);
    const relayed = await pollJson(`dnp3://127.0.0.1:${m.port}`);
    const direct = await pollJson(dnp3.url);
    expect(relayed.length).toBeGreaterThan(0);
    expect(relayed).toEqual(direct);
    await until('the relayed connection to close', () => m.io.stdout.some((l) => l.includes('"state":"closed"')));
    m.io.interrupt();
    expect(await m.exit).toBe(0);

    const all = lines(m.io.stdout);
    const records = frames(all);
    expect(records.every((r) => r.error === undefined)).toBe(true);
    // the master's READ (function 1) goes tx, the outstation's RESPONSE (129) comes back rx
    expect(records.some((r) => r.direction === 'tx' && r.function === 1)).toBe(true);
    expect(records.some((r) => r.direction === 'rx' && r.function === 129)).toBe(true);
    expect(records.filter((r) => r.direction === 'tx').every((r) => r.function !== 129)).toBe(true);
    // the values seen in the responses are those the master polled
    const seen = new Map(all.filter((l) => l.kind === 'value').map((v) => [v.ref, v.value]));
    for (const p of relayed) expect(seen.get(p.ref), p.ref).toEqual(p.value);
    expect(all.filter((l) => l.kind === 'connection').map((l) => (l as unknown as { state: string }).state)).toEqual(['opened', 'closed']);

    const decoded = await runCommand([decodeCommand], ['decode', out, '--json', '--port', `${dnp3.port}=dnp3`]);
    expect(decoded.code).toBe(0);
    expect(decoded.stdout.map((l) => JSON.parse(l) as Line)).toEqual(records.map(asDecoded));
    if (!hasTshark()) return;
    const decodeAs = [`tcp.port==${dnp3.port},dnp3`];
    const rows = tsharkFields(out, decodeAs, ['frame.number', 'dnp3.al.func']).filter((r) => r[1] !== '');
    // tshark lists each frame once with every fragment's function; ours one line per fragment
    const ours = new Map<number, string[]>();
    for (const r of records) ours.set(r.frame, [...(ours.get(r.frame) ?? []), String(r.function)]);
    expect(rows.map((r) => [Number(r[0]), r[1]!.split(',')])).toEqual([...ours.entries()]);
    expect(tsharkFields(out, decodeAs, ['frame.number'], '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
  });

  it('tells IEC 104 by its first octets on another port, and decodes the interrogation both ways', async () => {
    const out = join(DIR, 'iec104.pcap');
    const m = await startMonitor(['--forward', `127.0.0.1:${iec104.port}`, '--out', out, '--values', '--json']);
    const relayed = await pollJson(`iec104://127.0.0.1:${m.port}?ca=1`);
    const direct = await pollJson(iec104.url);
    expect(relayed.map((p) => [p.ref, p.value])).toEqual(direct.map((p) => [p.ref, p.value]));
    await until('the relayed connection to close', () => m.io.stdout.some((l) => l.includes('"state":"closed"')));
    m.io.interrupt();
    expect(await m.exit).toBe(0);
    const all = lines(m.io.stdout);
    const records = frames(all);
    // C_IC_NA_1 (100) act from the master, its ACTCON and the interrogated data from the station
    expect(records.some((r) => r.direction === 'tx' && r.typeId === 100 && r.cause === 6)).toBe(true);
    expect(records.some((r) => r.direction === 'rx' && r.typeId === 100 && r.cause === 7)).toBe(true);
    expect(records.some((r) => r.direction === 'rx' && r.cause === 20)).toBe(true);
    const seen = new Map(all.filter((l) => l.kind === 'value').map((v) => [v.ref, v.value]));
    for (const p of relayed) expect(seen.get(p.ref.replace(/@\d+$/, '')), p.ref).toEqual(p.value);
    if (!hasTshark()) return;
    const decodeAs = [`tcp.port==${iec104.port},iec60870_104`];
    const theirs = tsharkFields(out, decodeAs, ['iec60870_asdu.typeid']).flatMap((r) => (r[0] ? r[0].split(',').map(Number) : []));
    expect(theirs).toEqual(records.filter((r) => r.typeId !== null).map((r) => r.typeId));
    expect(tsharkFields(out, decodeAs, ['frame.number'], '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
  });

  it('forwards a TLS link unchanged and says it is not decoded', async () => {
    const pki = makeTestPki();
    const tls = await startSim({ protocol: 'iec104', rate: 0, tls: { caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key } });
    try {
      const m = await startMonitor(['--forward', `127.0.0.1:${tls.port}`]);
      const url = `iec104+tls://127.0.0.1:${m.port}?ca=1&ca-file=${pki.ca.cert}&cert=${pki.client.cert}&key=${pki.client.key}`;
      const relayed = await runCommand([pollCommand], ['poll', url, '--json']);
      expect(relayed.code, relayed.stderr.join('\n')).toBe(0);
      expect((JSON.parse(relayed.stdout.join('')) as unknown[]).length).toBeGreaterThan(0);
      m.io.interrupt();
      expect(await m.exit).toBe(0);
      expect(m.io.stderr).toContain('c1: it carries TLS: forwarded unchanged, not decoded (a relay sees only ciphertext)');
      expect(m.io.stdout).toEqual([]);
    } finally {
      await tls.close();
      pki.cleanup();
    }
  });

  it('reads the pcap it wrote from a real standard input, as tcpdump -w - feeds it', async () => {
    const file = join(DIR, 'dnp3.pcap');
    const decoded = await runCommand([decodeCommand], ['decode', file, '--json', '--port', `${dnp3.port}=dnp3`]);
    const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'src-main/host/cli/main.ts'), 'monitor', '--pcap', '-', '--port', `${dnp3.port}=dnp3`, '--json'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const bytes = readFileSync(file);
    // in pieces that split headers and records anywhere
    for (let at = 0; at < bytes.length; at += 37) child.stdin.write(bytes.subarray(at, at + 37));
    child.stdin.end();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(decoded.stdout);
  });
});

async function monitorStream(argv: string[], chunks: Uint8Array[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const io = { ...captureIo(), stdin: Readable.from(chunks) };
  const code = await runCli(['monitor', ...argv], [monitorCommand], 'test', io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** A classic pcap (LINKTYPE_ETHERNET) of whole Ethernet frames, one millisecond apart. */
function classicEthernetPcap(frames: Uint8Array[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262_144, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map((f, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1_700_000_000 + i, 0);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  return Buffer.concat([header, ...records]);
}

describe('monitor --pcap', () => {
  for (const name of ['dnp3_example.pcapng', 'iec104_example.pcapng']) {
    it(`decodes ${name} from standard input as decode does from the file`, async () => {
      const file = join(CAPTURES, name);
      const decoded = await runCommand([decodeCommand], ['decode', file, '--json']);
      const bytes = readFileSync(file);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 101) }, (_, i) => bytes.subarray(i * 101, i * 101 + 101));
      const run = await monitorStream(['--pcap', '-', '--json'], chunks);
      expect(run.code).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(10);
      expect(run.stdout).toEqual(decoded.stdout);
    });
  }

  it('prints the values of a third-party DNP3 capture', async () => {
    const run = await runCommand([monitorCommand], ['monitor', '--pcap', join(CAPTURES, 'dnp3_example.pcapng'), '--values']);
    expect(run.code).toBe(0);
    expect(run.stdout.some((l) => /^#\d+ value (bi|ai|ctr|bo|ao):\d+ = /.test(l))).toBe(true);
  });

  it('puts out-of-order segments back in order, drops a retransmission, and counts both', async () => {
    const file = readFileSync(join(CAPTURES, 'dnp3_example.pcapng'));
    const whole = readCapture(new Uint8Array(file));
    if (!whole.ok) throw new Error(whole.error.message);
    // rewrite as classic pcap: two data segments of one direction swapped, a later one sent twice
    const packets = whole.value.packets.map((p) => p.data);
    const flow = packets.map((data) => {
      const d = decodePacket(LINKTYPE.ETHERNET, data);
      return d.ok && d.value.payload.length > 0 ? `${d.value.srcPort}>${d.value.dstPort}` : null;
    });
    const first = flow.findIndex((f, i) => f !== null && flow.indexOf(f, i + 1) > i);
    const second = flow.indexOf(flow[first]!, first + 1);
    [packets[first], packets[second]] = [packets[second]!, packets[first]!];
    packets.splice(second + 6, 0, packets[second + 5]!);
    const bytes = classicEthernetPcap(packets);
    const straight = await runCommand([decodeCommand], ['decode', join(CAPTURES, 'dnp3_example.pcapng')]);
    const run = await monitorStream(['--pcap', '-'], [bytes]);
    expect(run.code).toBe(0);
    // each direction in its order (a held segment is printed once its gap is filled, so the
    // two directions interleave differently)
    const summaries = (lines: string[], route: string): string[] => lines.filter((l) => l.includes(` dnp3 ${route} `)).map((l) => l.replace(/^#\d+ /, ''));
    for (const route of ['1->10', '10->1']) expect(summaries(run.stdout, route)).toEqual(summaries(straight.stdout, route));
    expect(summaries(run.stdout, '1->10').length + summaries(run.stdout, '10->1').length).toBe(30);
    expect(run.stderr.at(-1)).toMatch(/TCP: 1 retransmitted segment\(s\) dropped, [1-9]\d* out-of-order put back in order, 0 gap\(s\)/);
  });

  it('names a stream cut inside a record and the frame, after printing what came before', async () => {
    const bytes = readFileSync(join(CAPTURES, 'dnp3_example.pcapng'));
    const cut = bytes.subarray(0, bytes.length - 30);
    const run = await monitorStream(['--pcap', '-'], [cut]);
    expect(run.code).toBe(2);
    expect(run.stdout.length).toBeGreaterThan(3);
    expect(run.stderr.at(-1)).toMatch(/^switchyard: monitor: TRUNCATED: the stream ended inside frame \d+ \(\d+ bytes of it arrived\)/);
  });

  it('names a damaged record by its frame number', async () => {
    const writer = new PcapWriter();
    const records = [1, 2, 3, 4, 5].map((n) => writer.record(n * 1000, new Uint8Array(40).fill(n)));
    const bytes = new Uint8Array(Buffer.concat([writer.fileHeader(), ...records]));
    // the fourth record's captured length (little-endian at +8 of its header) set absurdly high
    let at = 24;
    for (let i = 0; i < 3; i++) at += 16 + new DataView(bytes.buffer).getUint32(at + 8, true);
    new DataView(bytes.buffer).setUint32(at + 8, 0x7fff_0000, true);
    const run = await monitorStream(['--pcap', '-'], [bytes]);
    expect(run.code).toBe(2);
    expect(run.stderr.at(-1)).toMatch(/^switchyard: monitor: BAD_BLOCK: frame 4: record claims \d+ captured bytes/);
  });

  it('refuses what is not a capture', async () => {
    writeFileSync(join(DIR, 'text.pcap'), 'hello, not a capture');
    const run = await runCommand([monitorCommand], ['monitor', '--pcap', join(DIR, 'text.pcap')]);
    expect(run.code).toBe(2);
    expect(run.stderr.at(-1)).toMatch(/BAD_MAGIC: not a pcap or pcapng stream/);
  });
});
