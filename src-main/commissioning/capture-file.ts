/**
 * Reading a capture file from disk and decoding it. Decoding runs in a worker thread
 * (capture-worker/) so that a large file never blocks the engine's event loop; the pure
 * decoding is in protocols/capture.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_DECODE_PORTS, type DecodedCapture, type DecodePorts, type DecodeProgress } from '../protocols/capture';
import { decodeRecordsInWorker, type WorkerResult } from './capture-worker/decode-in-worker';

/** Reads and decodes a capture file (in a worker); `onProgress` hears how far it has come. */
export async function decodeCaptureFile(path: string, ports: DecodePorts = DEFAULT_DECODE_PORTS, onProgress?: DecodeProgress): Promise<WorkerResult<DecodedCapture>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'READ_FAILED';
    return { ok: false, error: { code: 'READ_FAILED', message: `cannot read ${path}: ${code}` } };
  }
  return decodeRecordsInWorker(bytes, ports, onProgress);
}

export { DEFAULT_DECODE_PORTS, type DecodePorts, type DecodedRecord, type OtherPort, type ProtocolSignature } from '../protocols/capture';
;
