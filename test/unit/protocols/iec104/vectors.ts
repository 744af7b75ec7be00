/** Loads the golden vectors of test/vectors/iec104. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../vectors/iec104/', import.meta.url));

/** A golden vector: hex of the bytes and the decoded value. */
export interface Vector<T = unknown> {
  name: string;
  hex: string;
  value: T;
}

/** An error vector: bytes, the layer that rejects them and the code. */
export interface ErrorVector {
  name: string;
  layer: 'framer' | 'apci' | 'apci-raw' | 'asdu';
  hex: string;
  code: string;
}

/** Reads a vector file by name. */
export function loadVectors<T>(file: string): T[] {
  return JSON.parse(readFileSync(dir + file, 'utf8')) as T[];
}

/** Hex to bytes. */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Bytes to hex. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
