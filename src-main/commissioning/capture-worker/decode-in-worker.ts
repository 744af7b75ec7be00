/**
 * Decodes a capture in a worker thread, off the engine's event loop: one worker per
 * capture (started for it, ended with it), the octets transferred rather than copied,
 * progress passed on as the worker reports it. A worker that fails (a bug, or the memory
 * limit below) is a `DECODE_FAILED` error, never a crash of the engine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaptureDecodeError, DecodedCapture, DecodePorts, DecodeProgress } from '../../protocols/capture';
import type { CaptureFrames, DecodeJob, WorkerMessage } from './worker-protocol';

/** Captures decoded at once; more are refused (`DECODE_BUSY`) rather than queued behind a large one. */
export const MAX_CONCURRENT_DECODES = 2;

/** Heap a decoding worker may use (the records of a 32 MiB capture take well under this). */
const WORKER_HEAP_MB = 1024;

/** Why a capture could not be decoded in a worker: the decoder's own codes, or the worker's. */
export interface WorkerDecodeError {
  code: CaptureDecodeError['code'] | 'DECODE_FAILED' | 'DECODE_BUSY';
  message: string;
}

/** A decode's result, or the worker's failure. */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: WorkerDecodeError };

let running = 0;

/**
 * How to start the worker: the bundled app ships `capture-worker.js` beside its main file;
 * from source (tsx, Vitest) a one-line bootstrap registers tsx's ESM hooks in the worker and
 * imports the TypeScript entry (Node 20 applies no `--import` loader to a worker).
 */
function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(pathToFileURL(join(dirname(here), 'capture-worker.js')), options);
  // tsx's ESM API (its `import` build: the `require` one cannot register ESM hooks)
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = pathToFileURL(join(dirname(here), 'worker-entry.ts')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry)}))`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The octets in an ArrayBuffer of their own, so that it can be transferred to the worker. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}

function run<T>(job: DecodeJob, onProgress?: DecodeProgress): Promise<WorkerResult<T>> {
  if (running >= MAX_CONCURRENT_DECODES) {
    return Promise.resolve({ ok: false, error: { code: 'DECODE_BUSY', message: `${MAX_CONCURRENT_DECODES} captures are being decoded already; try again when one is done` } });
  }
  running++;
  const worker = startWorker();
  return new Promise<WorkerResult<T>>((resolve) => {
    const finish = (result: WorkerResult<T>): void => {
      worker.removeAllListeners();
      void worker.terminate();
      running--;
      resolve(result);
    };
    const failed = (detail: string): void => finish({ ok: false, error: { code: 'DECODE_FAILED', message: `the capture could not be decoded: ${detail}` } });
    worker.on('message', (message: WorkerMessage) => {
      if (message.t === 'progress') onProgress?.(message.done, message.total);
      else finish(message.result as WorkerResult<T>);
    });
    worker.on('error', (error) => failed(error.message));
    worker.on('exit', (code) => failed(`the decoding worker stopped (exit code ${code})`));
    const bytes = ownBuffer(job.bytes);
    worker.postMessage({ ...job, bytes }, [bytes.buffer as ArrayBuffer]);
  });
}

/** Decodes a capture's records (as `decode` prints them) in a worker. */
export function decodeRecordsInWorker(bytes: Uint8Array, ports: DecodePorts, onProgress?: DecodeProgress): Promise<WorkerResult<DecodedCapture>> {
  return run({ mode: 'records', bytes, ports }, onProgress);
}

/** Decodes a capture's first `limit` framed units (as the Analyzer shows them) in a worker. */
export function decodeFramesInWorker(bytes: Uint8Array, ports: DecodePorts, limit: number, onProgress?: DecodeProgress): Promise<WorkerResult<CaptureFrames>> {
  return run({ mode: 'frames', bytes, ports, limit }, onProgress);
}
