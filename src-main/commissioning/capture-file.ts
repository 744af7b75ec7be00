/** Reading a capture file from disk and decoding it (the pure decoding is in protocols/capture). */
import { readFile } from 'node:fs/promises';
import { DEFAULT_DECODE_PORTS, decodeCaptureBytes, type CaptureDecodeResult, type DecodePorts } from '../protocols/capture';

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

export { decodeCaptureFrames, DEFAULT_DECODE_PORTS, type DecodePorts, type DecodedRecord, type OtherPort, type ProtocolSignature } from '../protocols/capture';
