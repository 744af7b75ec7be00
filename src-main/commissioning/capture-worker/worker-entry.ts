/**
 * The capture-decoding worker's code: it runs in a worker_threads worker (built as its own
 * entry `capture-worker.js` beside the bundled main, or from this file under tsx), decodes
 * one capture with the pure decoder of protocols/capture, reports progress and posts the
 * result. Decoding there keeps the engine's event loop (protocol timers, other clients)
 * free while a large file is read.
 */
import { parentPort } from 'node:worker_threads';
import { wireFrame } from '../../engine/analyzer/analyzer-feed';
import { decodeCaptureBytes, decodeCaptureFrames } from '../../protocols/capture';
import { PROGRESS_INTERVAL_MS, type CaptureFrames, type DecodeJob, type WorkerMessage } from './worker-protocol';

function run(job: DecodeJob, post: (message: WorkerMessage) => void): void {
  let lastReport = Date.now();
  const onProgress = (done: number, total: number): void => {
    const now = Date.now();
    // the last report (done = total) always goes: the decoding is over, the result follows
    if (now - lastReport < PROGRESS_INTERVAL_MS && done < total) return;
    lastReport = now;
    post({ t: 'progress', done, total });
  };
  if (job.mode === 'records') {
    post({ t: 'result', result: decodeCaptureBytes(job.bytes, job.ports, onProgress) });
    return;
  }
  const decoded = decodeCaptureFrames(job.bytes, job.ports, job.limit, onProgress);
  if (!decoded.ok) {
    post({ t: 'result', result: decoded });
    return;
  }
  // the records stay here, and the field trees go as text (see CaptureFrames)
  const { records: _records, units, ...capture } = decoded.value;
  const frames: CaptureFrames = { ...capture, rows: [], fieldsJson: [] };
  for (const unit of units) {
    const { fields, ...row } = wireFrame(unit.described, unit.timeMs ?? 0);
    frames.rows.push({ ...row, packet: unit.frame });
    frames.fieldsJson.push(JSON.stringify(fields ?? []));
  }
  post({ t: 'result', result: { ok: true, value: frames } });
}

const port = parentPort;
if (port) port.once('message', (job: DecodeJob) => run(job, (message) => port.postMessage(message)));
