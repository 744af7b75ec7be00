/**
 * Reads pcap and pcapng files (either byte order) into a flat list of captured frames with
 * 1-based frame numbers, as Wireshark numbers them.
 */
import { pcapFail, type PcapError, type PcapResult } from './pcap-error';
import { readPcapng } from './pcapng-reader';

/** One captured frame. */
export interface CapturedPacket {
  /** 1-based, in file order. */
  frame: number;
  /** Wall-clock ms since the Unix epoch; null when the block carries none (pcapng SPB). */
  timestampMs: number | null;
  /** LINKTYPE_* of the frame's interface. */
  linkType: number;
  data: Uint8Array;
  /** Length on the wire (may exceed `data.length` when the capture was snapped). */
  originalLength: number;
}

/** A whole capture. */
export interface Capture {
  format: 'pcap' | 'pcapng';
  packets: CapturedPacket[];
  /** Problems that did not stop reading (e.g. a truncated last record). */
  warnings: PcapError[];
}

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;

function readClassicPcap(bytes: Uint8Array): PcapResult<Capture> {
  if (bytes.length < 24) return pcapFail('TRUNCATED', 'pcap global header is shorter than 24 bytes', { offset: 0 });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const be = view.getUint32(0, false);
  const little = be !== PCAP_MAGIC_US && be !== PCAP_MAGIC_NS;
  const magic = view.getUint32(0, little);
  const divisor = magic === PCAP_MAGIC_NS ? 1e6 : 1e3; // sub-second units per ms
  const linkType = view.getUint32(20, little) & 0x0fff_ffff; // upper bits: FCS length flags
  const packets: CapturedPacket[] = [];
  const warnings: PcapError[] = [];
  let offset = 24;
  while (offset < bytes.length) {
    if (offset + 16 > bytes.length) {
      warnings.push({ code: 'TRUNCATED', message: 'record header cut short at end of file', offset });
      break;
    }
    const seconds = view.getUint32(offset, little);
    const fraction = view.getUint32(offset + 4, little);
    const captured = view.getUint32(offset + 8, little);
    const original = view.getUint32(offset + 12, little);
    if (offset + 16 + captured > bytes.length) {
      warnings.push({ code: 'TRUNCATED', message: 'record data cut short at end of file', offset, frame: packets.length + 1 });
      break;
    }
    packets.push({
      frame: packets.length + 1,
      timestampMs: seconds * 1000 + fraction / divisor,
      linkType,
      data: bytes.subarray(offset + 16, offset + 16 + captured),
      originalLength: original,
    });
    offset += 16 + captured;
  }
  return { ok: true, value: { format: 'pcap', packets, warnings } };
}

/** Reads a pcap or pcapng file, telling them apart by their first four bytes. */
export function readCapture(bytes: Uint8Array): PcapResult<Capture> {
  if (bytes.length < 4) return pcapFail('TRUNCATED', 'file is shorter than a magic number', { offset: 0 });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint32(0, false);
  if (first === PCAPNG_SHB) return readPcapng(bytes);
  const magics = [PCAP_MAGIC_US, PCAP_MAGIC_NS];
  if (magics.includes(first) || magics.includes(view.getUint32(0, true))) return readClassicPcap(bytes);
  return pcapFail('BAD_MAGIC', `not a pcap or pcapng file (magic 0x${first.toString(16).padStart(8, '0')})`, { offset: 0 });
}
