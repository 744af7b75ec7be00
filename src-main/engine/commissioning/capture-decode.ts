/**
 * Decodes every DNP3 and IEC 104 frame of a pcap or pcapng capture made by anyone
 * (Wireshark, tcpdump, our own capture), as the analyzer does. Traffic is told apart by
 * port; TCP streams are put back in order per direction before decoding.
 */
import { readFile } from 'node:fs/promises';
import { readCapture } from '../../protocols/pcap/capture-reader';
import type { PcapErrorCode } from '../../protocols/pcap/pcap-error';
import { decodePacket, type DecodedPacket } from '../../protocols/pcap/packet-decode';
import type { DecodedRecord } from './decoded-record';
import { Dnp3StreamDecoder } from './dnp3-stream-decoder';
import { Iec104StreamDecoder } from './iec104-stream-decoder';
import { TcpStream } from './tcp-stream';

/** Which ports carry which protocol. */
export interface DecodePorts {
  dnp3: readonly number[];
  iec104: readonly number[];
}

/** The standard ports: DNP3 20000, IEC 104 2404 and 19998 (TLS). */
export const DEFAULT_DECODE_PORTS: DecodePorts = { dnp3: [20000], iec104: [2404, 19998] };

/** A decoded capture. */
export interface DecodedCapture {
  format: 'pcap' | 'pcapng';
  /** Frames in the file. */
  frames: number;
  records: DecodedRecord[];
  /** Problems of the file itself (e.g. truncated at the end). */
  warnings: string[];
}

/** Why a capture could not be decoded at all. */
export interface CaptureDecodeError {
  code: 'READ_FAILED' | PcapErrorCode;
  message: string;
}

/** Result of decoding a capture. */
export type CaptureDecodeResult = { ok: true; value: DecodedCapture } | { ok: false; error: CaptureDecodeError };

interface FlowState {
  stream: TcpStream | null;
  decoder: Dnp3StreamDecoder | Iec104StreamDecoder;
}

function protocolOf(packet: DecodedPacket, ports: DecodePorts): 'dnp3' | 'iec104' | null {
  const has = (list: readonly number[]): boolean => list.includes(packet.srcPort) || list.includes(packet.dstPort);
  if (has(ports.dnp3)) return 'dnp3';
  if (packet.transport === 'tcp' && has(ports.iec104)) return 'iec104';
  return null;
}

/** Decodes a capture held in memory. */
export function decodeCaptureBytes(bytes: Uint8Array, ports: DecodePorts = DEFAULT_DECODE_PORTS): CaptureDecodeResult {
  const capture = readCapture(bytes);
  if (!capture.ok) return { ok: false, error: { code: capture.error.code, message: capture.error.message } };
  const flows = new Map<string, FlowState>();
  const records: DecodedRecord[] = [];
  for (const packet of capture.value.packets) {
    const decoded = decodePacket(packet.linkType, packet.data);
    if (!decoded.ok) continue; // not TCP/UDP over IP: not ours to decode
    const p = decoded.value;
    const protocol = protocolOf(p, ports);
    if (protocol === null) continue;
    const key = `${p.transport} ${p.src}:${p.srcPort}>${p.dst}:${p.dstPort}`;
    let flow = flows.get(key);
    if (!flow) {
      flow = {
        stream: p.transport === 'tcp' ? new TcpStream() : null,
        decoder: protocol === 'dnp3' ? new Dnp3StreamDecoder() : new Iec104StreamDecoder(),
      };
      flows.set(key, flow);
    }
    let payload = p.payload;
    if (flow.stream && p.tcp) {
      const chunk = flow.stream.push(p.tcp.seq, p.tcp.flags, p.payload);
      if (chunk.gap) flow.decoder.reset();
      payload = chunk.bytes;
    }
    if (payload.length > 0) records.push(...flow.decoder.push(packet.frame, payload));
  }
  return {
    ok: true,
    value: {
      format: capture.value.format,
      frames: capture.value.packets.length,
      records,
      warnings: capture.value.warnings.map((w) => `${w.code}: ${w.message}`),
    },
  };
}

/** Reads and decodes a capture file. */
export async function decodeCaptureFile(path: string, ports: DecodePorts = DEFAULT_DECODE_PORTS): Promise<CaptureDecodeResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'READ_FAILED';
    return { ok: false, error: { code: 'READ_FAILED', message: `cannot read ${path}: ${code}` } };
  }
  return decodeCaptureBytes(bytes, ports);
}
