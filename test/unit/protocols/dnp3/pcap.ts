/**
 * Test-local capture helpers: a tiny pcap writer (raw IPv4 + TCP, port 20000) so tshark can
 * decode what we encode, and a pcapng reader that returns the TCP payload of each packet
 * (Ethernet/IPv4/TCP stripped) with its frame number and direction.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** One TCP payload to write: from the master (client) or the outstation (server). */
export interface PcapPacket {
  fromMaster: boolean;
  payload: Uint8Array;
}

function ipChecksum(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** Writes packets as one TCP conversation 127.0.0.1:40000 <-> 127.0.0.2:20000 (LINKTYPE_RAW). */
export function writePcap(file: string, packets: PcapPacket[]): void {
  const parts: Uint8Array[] = [];
  const gh = new DataView(new ArrayBuffer(24));
  gh.setUint32(0, 0xa1b2c3d4, true);
  gh.setUint16(4, 2, true);
  gh.setUint16(6, 4, true);
  gh.setUint32(16, 65535, true);
  gh.setUint32(20, 101, true); // LINKTYPE_RAW: packets start with the IPv4 header
  parts.push(new Uint8Array(gh.buffer));
  const seq = { m: 1000, o: 5000 };
  packets.forEach((p, n) => {
    const len = 20 + 20 + p.payload.length;
    const pkt = new Uint8Array(len);
    const dv = new DataView(pkt.buffer);
    dv.setUint8(0, 0x45);
    dv.setUint16(2, len);
    dv.setUint16(4, n);
    dv.setUint8(8, 64);
    dv.setUint8(9, 6);
    pkt.set(p.fromMaster ? [127, 0, 0, 1, 127, 0, 0, 2] : [127, 0, 0, 2, 127, 0, 0, 1], 12);
    dv.setUint16(10, ipChecksum(pkt.subarray(0, 20)));
    dv.setUint16(20, p.fromMaster ? 40000 : 20000);
    dv.setUint16(22, p.fromMaster ? 20000 : 40000);
    dv.setUint32(24, p.fromMaster ? seq.m : seq.o);
    dv.setUint32(28, p.fromMaster ? seq.o : seq.m);
    dv.setUint8(32, 0x50);
    dv.setUint8(33, 0x18); // PSH ACK
    dv.setUint16(34, 65535);
    pkt.set(p.payload, 40);
    if (p.fromMaster) seq.m += p.payload.length;
    else seq.o += p.payload.length;
    const rh = new DataView(new ArrayBuffer(16));
    rh.setUint32(0, 1700000000 + n, true);
    rh.setUint32(8, len, true);
    rh.setUint32(12, len, true);
    parts.push(new Uint8Array(rh.buffer), pkt);
  });
  writeFileSync(file, Buffer.concat(parts));
}

/** One TCP payload read from a capture. */
export interface CapturedSegment {
  frame: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  payload: Uint8Array;
}

/** Reads the TCP segments of a little-endian pcapng file (SHB, IDB, EPB; Ethernet or raw IPv4). */
export function readPcapngTcp(file: string): CapturedSegment[] {
  const b = new Uint8Array(readFileSync(file));
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const linkTypes: number[] = [];
  const out: CapturedSegment[] = [];
  let frame = 0;
  for (let p = 0; p + 12 <= b.length; ) {
    const type = dv.getUint32(p, true);
    const len = dv.getUint32(p + 4, true);
    if (type === 1) linkTypes.push(dv.getUint16(p + 8, true));
    if (type === 6) {
      frame++;
      const iface = dv.getUint32(p + 8, true);
      const capLen = dv.getUint32(p + 20, true);
      let q = p + 28;
      const end = q + capLen;
      if (linkTypes[iface] === 1) {
        let etherType = dv.getUint16(q + 12);
        q += 14;
        if (etherType === 0x8100) {
          etherType = dv.getUint16(q + 2);
          q += 4;
        }
        if (etherType !== 0x0800) {
          p += len;
          continue;
        }
      }
      if ((b[q]! >> 4) === 4 && b[q + 9] === 6) {
        const ihl = (b[q]! & 0x0f) * 4;
        const total = dv.getUint16(q + 2);
        const t = q + ihl;
        const dataOff = (b[t + 12]! >> 4) * 4;
        const payloadEnd = Math.min(end, q + total);
        out.push({ frame, srcPort: dv.getUint16(t), dstPort: dv.getUint16(t + 2), seq: dv.getUint32(t + 4), payload: b.slice(t + dataOff, payloadEnd) });
      }
    }
    p += len;
  }
  return out;
}
