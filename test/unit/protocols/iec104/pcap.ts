/**
 * Test-local capture helpers: a pcap writer that wraps APDUs in Ethernet/IPv4/TCP on port
 * 2404, a pcapng reader (SHB/IDB/EPB) that strips link/IPv4/TCP and reassembles each
 * direction's TCP payload, and a tshark runner.
 */
import { execFileSync } from 'node:child_process';

/** One APDU sent in one direction. */
export interface PcapPacket {
  fromStation: boolean;
  bytes: Uint8Array;
}

function tcpPacket(payload: Uint8Array, fromStation: boolean, seq: number, ack: number): Uint8Array {
  const ipLen = 20 + 20 + payload.length;
  const b = new Uint8Array(14 + ipLen);
  const dv = new DataView(b.buffer);
  // Ethernet: destination, source, type IPv4.
  b.set([2, 0, 0, 0, 0, fromStation ? 1 : 2, 2, 0, 0, 0, 0, fromStation ? 2 : 1], 0);
  dv.setUint16(12, 0x0800);
  const ip = 14;
  b[ip] = 0x45;
  dv.setUint16(ip + 2, ipLen);
  b[ip + 8] = 64;
  b[ip + 9] = 6;
  b.set(fromStation ? [127, 0, 0, 2] : [127, 0, 0, 1], ip + 12);
  b.set(fromStation ? [127, 0, 0, 1] : [127, 0, 0, 2], ip + 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += dv.getUint16(ip + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  dv.setUint16(ip + 10, ~sum & 0xffff);
  const tcp = ip + 20;
  dv.setUint16(tcp, fromStation ? 2404 : 40000);
  dv.setUint16(tcp + 2, fromStation ? 40000 : 2404);
  dv.setUint32(tcp + 4, seq);
  dv.setUint32(tcp + 8, ack);
  b[tcp + 12] = 0x50;
  b[tcp + 13] = 0x18; // PSH, ACK
  dv.setUint16(tcp + 14, 65535);
  b.set(payload, tcp + 20);
  return b;
}

/** A classic pcap file (Ethernet) of the packets, one APDU per TCP segment. */
export function writePcap(packets: readonly PcapPacket[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const head = new Uint8Array(24);
  const hv = new DataView(head.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, 65535, true);
  hv.setUint32(20, 1, true);
  parts.push(head);
  const seq = { station: 1000, master: 5000 };
  packets.forEach((p, i) => {
    const pkt = tcpPacket(p.bytes, p.fromStation, p.fromStation ? seq.station : seq.master, p.fromStation ? seq.master : seq.station);
    if (p.fromStation) seq.station += p.bytes.length;
    else seq.master += p.bytes.length;
    const rec = new Uint8Array(16);
    const rv = new DataView(rec.buffer);
    rv.setUint32(0, 1_700_000_000 + i, true);
    rv.setUint32(8, pkt.length, true);
    rv.setUint32(12, pkt.length, true);
    parts.push(rec, pkt);
  });
  return Buffer.concat(parts);
}

/** One direction's TCP payload as read from a capture. */
export interface Segment {
  frame: number;
  key: string;
  payload: Uint8Array;
}

/** Reads the TCP payloads (IPv4, Ethernet or raw/loopback link) of a pcapng file. */
export function readPcapngTcp(file: Uint8Array): Segment[] {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const linkTypes: number[] = [];
  const out: Segment[] = [];
  let le = true;
  let o = 0;
  let frame = 0;
  while (o + 12 <= file.length) {
    if (dv.getUint32(o, true) === 0x0a0d0d0a) {
      le = dv.getUint32(o + 8, true) === 0x1a2b3c4d;
      linkTypes.length = 0;
    }
    const type = dv.getUint32(o, le);
    const len = dv.getUint32(o + 4, le);
    if (len < 12) break;
    if (type === 1) linkTypes.push(dv.getUint16(o + 8, le));
    else if (type === 6) {
      frame++;
      const iface = dv.getUint32(o + 8, le);
      const capLen = dv.getUint32(o + 20, le);
      const seg = tcpPayload(file.subarray(o + 28, o + 28 + capLen), linkTypes[iface] ?? 1);
      if (seg !== null) out.push({ frame, ...seg });
    }
    o += len;
  }
  return out;
}

function tcpPayload(pkt: Uint8Array, link: number): { key: string; payload: Uint8Array } | null {
  let ip = link === 1 ? 14 : link === 0 ? 4 : link === 113 ? 16 : 0;
  if (link === 1 && pkt[12] === 0x81) ip += 4;
  if (((pkt[ip] ?? 0) >> 4) !== 4 || pkt[ip + 9] !== 6) return null;
  const ihl = ((pkt[ip] as number) & 0x0f) * 4;
  const total = ((pkt[ip + 2] as number) << 8) | (pkt[ip + 3] as number);
  const tcp = ip + ihl;
  const src = `${pkt.subarray(ip + 12, ip + 16).join('.')}:${((pkt[tcp] as number) << 8) | (pkt[tcp + 1] as number)}`;
  const dst = `${pkt.subarray(ip + 16, ip + 20).join('.')}:${((pkt[tcp + 2] as number) << 8) | (pkt[tcp + 3] as number)}`;
  const dataAt = tcp + ((pkt[tcp + 12] as number) >> 4) * 4;
  const payload = pkt.subarray(dataAt, ip + total);
  return payload.length === 0 ? null : { key: `${src}>${dst}`, payload };
}

/** Runs tshark on a file and returns one row of fields per frame (tab-separated, `,`-aggregated). */
export function tsharkFields(file: string, fields: string[], port = 2404): string[][] {
  const args = ['-r', file, '-d', `tcp.port==${port},iec60870_104`, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const f of fields) args.push('-e', f);
  const text = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return text.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

/** True when tshark is installed. */
export function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
