/**
 * pcapng reader: Section Header (either byte order, several sections), Interface
 * Description (link type, if_tsresol, if_tsoffset), Enhanced, Simple and obsolete Packet
 * blocks. Other block types are skipped.
 */
import type { Capture, CapturedPacket } from './capture';
import { pcapFail, type PcapError, type PcapResult } from './pcap-error';

const BLOCK = { SHB: 0x0a0d0d0a, IDB: 1, OPB: 2, SPB: 3, EPB: 6 } as const;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface Interface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (default 10^6). */
  unitsPerSecond: bigint;
  /** Seconds added to every timestamp. */
  offsetSeconds: bigint;
}

interface Section {
  little: boolean;
  interfaces: Interface[];
}

/** Parses an IDB's options: timestamp resolution and offset. */
function readInterfaceOptions(view: DataView, start: number, end: number, little: boolean, iface: Interface): void {
  let at = start;
  while (at + 4 <= end) {
    const code = view.getUint16(at, little);
    const length = view.getUint16(at + 2, little);
    if (code === OPT_END || at + 4 + length > end) return;
    if (code === OPT_IF_TSRESOL && length >= 1) {
      const value = view.getUint8(at + 4);
      // MSB clear: 10^-value seconds; set: 2^-(value & 0x7f) seconds.
      iface.unitsPerSecond = value & 0x80 ? 1n << BigInt(value & 0x7f) : 10n ** BigInt(value);
    } else if (code === OPT_IF_TSOFFSET && length >= 8) {
      iface.offsetSeconds = view.getBigInt64(at + 4, little);
    }
    at += 4 + ((length + 3) & ~3);
  }
}

/** Wall-clock ms of a 64-bit timestamp in the interface's units. */
function timestampMs(iface: Interface, high: number, low: number): number {
  const units = (BigInt(high) << 32n) | BigInt(low);
  const whole = units / iface.unitsPerSecond;
  const rest = units % iface.unitsPerSecond;
  return Number(whole + iface.offsetSeconds) * 1000 + (Number(rest) * 1000) / Number(iface.unitsPerSecond);
}

/** Bytes a block header needs before its length is known. */
export const PCAPNG_BLOCK_HEADER = 12;

/**
 * Reads pcapng blocks one after the other, keeping the section (byte order, interfaces)
 * between them: a whole file, or a live stream block by block.
 */
export class PcapngBlocks {
  private section: Section | null = null;

  /**
   * The length of the block starting at `offset` (at least {@link PCAPNG_BLOCK_HEADER}
   * bytes must be there); a section header block sets the byte order of what follows.
   */
  blockLength(view: DataView, offset: number): PcapResult<number> {
    if (view.getUint32(offset, false) === BLOCK.SHB) {
      const bom = view.getUint32(offset + 8, true);
      if (bom !== BYTE_ORDER_MAGIC && view.getUint32(offset + 8, false) !== BYTE_ORDER_MAGIC) {
        return pcapFail('BAD_MAGIC', 'section header with an unknown byte-order magic', { offset });
      }
      this.section = { little: bom === BYTE_ORDER_MAGIC, interfaces: [] };
    }
    if (!this.section) return pcapFail('BAD_BLOCK', 'pcapng file does not start with a section header', { offset });
    const length = view.getUint32(offset + 4, this.section.little);
    if (length < 12 || length % 4 !== 0) return pcapFail('BAD_BLOCK', `block length ${length} is invalid`, { offset });
    return { ok: true, value: length };
  }

  /**
   * Reads the whole block of `length` bytes at `offset` (after `blockLength`): the packet
   * it holds as capture frame `frame`, or null for a block that holds none.
   */
  read(view: DataView, bytes: Uint8Array, offset: number, length: number, frame: number): PcapResult<CapturedPacket | null> {
    const section = this.section!;
    const little = section.little;
    if (view.getUint32(offset + length - 4, little) !== length) {
      return pcapFail('BAD_BLOCK', 'trailing block length differs from the leading one', { offset });
    }
    const type = view.getUint32(offset, little);
    const body = offset + 8;
    const end = offset + length - 4;
    if (type === BLOCK.IDB) {
      const iface: Interface = {
        linkType: view.getUint16(body, little),
        snaplen: view.getUint32(body + 4, little),
        unitsPerSecond: 1_000_000n,
        offsetSeconds: 0n,
      };
      readInterfaceOptions(view, body + 8, end, little, iface);
      section.interfaces.push(iface);
    } else if (type === BLOCK.EPB || type === BLOCK.OPB || type === BLOCK.SPB) {
      return readPacketBlock(view, bytes, type, body, end, section, frame, offset);
    }
    return { ok: true, value: null };
  }
}

/** Reads a whole pcapng file. */
export function readPcapng(bytes: Uint8Array): PcapResult<Capture> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: CapturedPacket[] = [];
  const warnings: PcapError[] = [];
  const blocks = new PcapngBlocks();
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + PCAPNG_BLOCK_HEADER > bytes.length) {
      warnings.push({ code: 'TRUNCATED', message: 'block header cut short at end of file', offset });
      break;
    }
    const length = blocks.blockLength(view, offset);
    if (!length.ok) return length;
    if (offset + length.value > bytes.length) {
      warnings.push({ code: 'TRUNCATED', message: 'block cut short at end of file', offset });
      break;
    }
    const packet = blocks.read(view, bytes, offset, length.value, packets.length + 1);
    if (!packet.ok) return packet;
    if (packet.value) packets.push(packet.value);
    offset += length.value;
  }
  return { ok: true, value: { format: 'pcapng', packets, warnings } };
}

function readPacketBlock(
  view: DataView,
  bytes: Uint8Array,
  type: number,
  body: number,
  end: number,
  section: Section,
  frame: number,
  offset: number,
): PcapResult<CapturedPacket> {
  const little = section.little;
  let ifaceId = 0;
  let time: [number, number] | null = null;
  let captured: number;
  let original: number;
  let data: number;
  if (type === BLOCK.SPB) {
    original = view.getUint32(body, little);
    data = body + 4;
    const snap = section.interfaces[0]?.snaplen ?? 0;
    captured = Math.min(original, end - data, snap > 0 ? snap : Infinity);
  } else {
    const epb = type === BLOCK.EPB;
    ifaceId = epb ? view.getUint32(body, little) : view.getUint16(body, little);
    time = [view.getUint32(body + 4, little), view.getUint32(body + 8, little)];
    captured = view.getUint32(body + 12, little);
    original = view.getUint32(body + 16, little);
    data = body + 20;
  }
  const iface = section.interfaces[ifaceId];
  if (!iface) return pcapFail('UNKNOWN_INTERFACE', `packet refers to interface ${ifaceId}, not described`, { offset, frame });
  if (data + captured > end) return pcapFail('BAD_BLOCK', 'packet data overruns its block', { offset, frame });
  return {
    ok: true,
    value: {
      frame,
      timestampMs: time ? timestampMs(iface, time[0], time[1]) : null,
      linkType: iface.linkType,
      data: bytes.subarray(data, data + captured),
      originalLength: original,
    },
  };
}
