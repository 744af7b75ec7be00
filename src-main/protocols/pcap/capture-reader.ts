/**
 * Reads pcap and pcapng files (either byte order) into a flat list of captured frames with
 * 1-based frame numbers, as Wireshark numbers them.
 */
import type { Capture, CapturedPacket } from './capture';
import { pcapFail, type PcapError, type PcapResult } from './pcap-error';
import { readPcapng } from './pcapng-reader';

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;

/** What a classic pcap global header says about its records. */
export interface ClassicHeader {
  little: boolean;
  /** Sub-second units per ms: 1e3 (microseconds) or 1e6 (nanoseconds). */
  divisor: number;
  linkType: number;
}

/** Bytes of the classic pcap global header and of a record header. */
export const CLASSIC_HEADER = 24;
export const CLASSIC_RECORD_HEADER = 16;

/** The global header's byte order, time unit and link type (24 bytes at offset 0). */
export function classicHeader(view: DataView): ClassicHeader {
  const be = view.getUint32(0, false);
  const little = be !== PCAP_MAGIC_US && be !== PCAP_MAGIC_NS;
  const magic = view.getUint32(0, little);
  // upper bits of the link type field: FCS length flags
  return { little, divisor: magic === PCAP_MAGIC_NS ? 1e6 : 1e3, linkType: view.getUint32(20, little) & 0x0fff_ffff };
}

/** Captured length of the record whose header is at `offset`. */
export function classicRecordLength(view: DataView, offset: number, header: ClassicHeader): number {
  return view.getUint32(offset + 8, header.little);
}

/** The record at `offset` (header and data there) as capture frame `frame`. */
export function classicRecord(view: DataView, bytes: Uint8Array, offset: number, header: ClassicHeader, frame: number): CapturedPacket {
  const seconds = view.getUint32(offset, header.little);
  const fraction = view.getUint32(offset + 4, header.little);
  const captured = view.getUint32(offset + 8, header.little);
  return {
    frame,
    timestampMs: seconds * 1000 + fraction / header.divisor,
    linkType: header.linkType,
    data: bytes.subarray(offset + CLASSIC_RECORD_HEADER, offset + CLASSIC_RECORD_HEADER + captured),
    originalLength: view.getUint32(offset + 12, header.little),
  };
}

function readClassicPcap(bytes: Uint8Array): PcapResult<Capture> {
  if (bytes.length < CLASSIC_HEADER) return pcapFail('TRUNCATED', 'pcap global header is shorter than 24 bytes', { offset: 0 });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = classicHeader(view);
  const packets: CapturedPacket[] = [];
  const warnings: PcapError[] = [];
  let offset = CLASSIC_HEADER;
  while (offset < bytes.length) {
    if (offset + CLASSIC_RECORD_HEADER > bytes.length) {
      warnings.push({ code: 'TRUNCATED', message: 'record header cut short at end of file', offset });
      break;
    }
    const captured = classicRecordLength(view, offset, header);
    if (offset + CLASSIC_RECORD_HEADER + captured > bytes.length) {
      warnings.push({ code: 'TRUNCATED', message: 'record data cut short at end of file', offset, frame: packets.length + 1 });
      break;
    }
    packets.push(classicRecord(view, bytes, offset, header, packets.length + 1));
    offset += CLASSIC_RECORD_HEADER + captured;
  }
  return { ok: true, value: { format: 'pcap', packets, warnings } };
}

/** Which format four leading bytes announce, or null for neither. */
export function captureFormat(view: DataView): 'pcap' | 'pcapng' | null {
  const first = view.getUint32(0, false);
  if (first === PCAPNG_SHB) return 'pcapng';
  const magics = [PCAP_MAGIC_US, PCAP_MAGIC_NS];
  return magics.includes(first) || magics.includes(view.getUint32(0, true)) ? 'pcap' : null;
}

/** Reads a pcap or pcapng file, telling them apart by their first four bytes. */
export function readCapture(bytes: Uint8Array): PcapResult<Capture> {
  if (bytes.length < 4) return pcapFail('TRUNCATED', 'file is shorter than a magic number', { offset: 0 });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = captureFormat(view);
  if (format === 'pcapng') return readPcapng(bytes);
  if (format === 'pcap') return readClassicPcap(bytes);
  return pcapFail('BAD_MAGIC', `not a pcap or pcapng file (magic 0x${view.getUint32(0, false).toString(16).padStart(8, '0')})`, { offset: 0 });
}
