/** A capture as the readers give it: its frames, numbered as Wireshark numbers them, and what did not stop reading. */
import type { PcapError } from './pcap-error';

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
