/**
 * Messages between the engine's thread and a capture-decoding worker.
 *
 * in (one per worker):  {@link DecodeJob}, the capture's octets transferred, not copied
 * out: `{ t: 'progress', done, total }` (packets; at most every PROGRESS_INTERVAL_MS, and
 *      `done = total` once decoding is over), then one `{ t: 'result', result }`.
 */
import type { WireFrame } from '../../engine/analyzer/analyzer-feed';
import type { CaptureDecodeError, DecodedCapture, DecodedCaptureFrames, DecodePorts } from '../../protocols/capture';

/** What a worker is asked to decode. */
export type DecodeJob =
  | { mode: 'records'; bytes: Uint8Array; ports: DecodePorts }
  /** The first `limit` framed units, as the Analyzer shows them (not the records: the Analyzer has no use for them). */
  | { mode: 'frames'; bytes: Uint8Array; ports: DecodePorts; limit: number };

/** A framed unit of an opened capture as the contract carries it in the list: no field tree. */
export type CaptureFrameRow = Omit<WireFrame, 'fields'> & { packet: number };

/**
 * What a `frames` job answers: a decoded capture's framed units as rows for the list, and
 * each unit's field tree as JSON text, fetched one at a time when the user selects a
 * frame. Neither the records nor the trees cross as objects: a structured clone of 5000
 * field trees, node by node, stalled the engine's thread for seconds; a string crosses as
 * one block.
 */
export type CaptureFrames = Omit<DecodedCaptureFrames, 'records' | 'units'> & { rows: CaptureFrameRow[]; fieldsJson: string[] };

/** What a worker answers. */
export type WorkerMessage =
  | { t: 'progress'; done: number; total: number }
  | { t: 'result'; result: { ok: true; value: DecodedCapture | CaptureFrames } | { ok: false; error: CaptureDecodeError } };

/** Shortest time between two progress messages of a worker. */
export const PROGRESS_INTERVAL_MS = 100;
