/**
 * The settings of one serial line (port, baud rate, character format, RS-485, inter-frame
 * gap; the workspace's schema defines them) and the timing that follows from them: how
 * long a character and a DNP3 link frame take on the wire, and a response timeout that
 * accounts for the baud rate.
 */

import type { SerialLineSettings } from '../../src-shared/workspace/serial-line';

export { lineDifference, type SerialLineSettings } from '../../src-shared/workspace/serial-line';

/** Defaults of a DNP3 serial line: 9600 8N1, no RS-485 direction control, no extra gap. */
export const DEFAULT_SERIAL_LINE: Omit<SerialLineSettings, 'path'> = {
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  rs485: false,
  interFrameGapMs: 0,
};

/** Octets of the longest DNP3 link frame: 10 header + 250 user data + 16 block CRCs x 2. */
const LONGEST_LINK_FRAME_OCTETS = 292;

/** Bits on the wire per character: start bit, data bits, parity bit, stop bits. */
export function bitsPerCharacter(s: Pick<SerialLineSettings, 'dataBits' | 'parity' | 'stopBits'>): number {
  return 1 + s.dataBits + (s.parity === 'none' ? 0 : 1) + s.stopBits;
}

/** Milliseconds `octets` take on the wire at the line's baud rate and character format. */
export function wireTimeMs(octets: number, s: Pick<SerialLineSettings, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): number {
  return (octets * bitsPerCharacter(s) * 1000) / s.baudRate;
}

/**
 * A response timeout that accounts for the baud rate: the time to transmit the longest
 * link frame at this baud and format, plus the configured timeout (rounded up to whole ms).
 */
export function serialResponseTimeoutMs(configuredMs: number, s: Pick<SerialLineSettings, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): number {
  return configuredMs + Math.ceil(wireTimeMs(LONGEST_LINK_FRAME_OCTETS, s));
}

/** `9600 8N1` as engineers write a line's format. */
export function describeLineFormat(s: Pick<SerialLineSettings, 'baudRate' | 'dataBits' | 'parity' | 'stopBits'>): string {
  return `${s.baudRate} ${s.dataBits}${s.parity[0]!.toUpperCase()}${s.stopBits}`;
}
