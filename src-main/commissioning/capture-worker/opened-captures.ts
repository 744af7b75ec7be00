/**
 * The capture file each client has open in the Analyzer: decoded in a worker, its frame
 * list handed over at once, and its field trees kept here as the worker's JSON text, so
 * one tree is parsed only when the user selects its frame. Bounded: one capture per client
 * (at most the frames the worker was asked for), released when the client opens the next
 * one (before decoding it), closes it, or goes away (the client is a weak key).
 */
import { randomUUID } from 'node:crypto';
import type { FrameField } from '../../../src-shared/session';
import type { DecodePorts, DecodeProgress } from '../../protocols/capture';
import { decodeFramesInWorker, type WorkerResult } from './decode-in-worker';
import type { CaptureFrames } from './worker-protocol';

/** An opened capture as its client sees it: its name for later calls, and its frame list. */
export type OpenedCaptureFrames = Omit<CaptureFrames, 'fieldsJson'> & { capture: string };

/** Why a frame's fields cannot be given. */
export interface CaptureFieldsError {
  code: 'CAPTURE_CLOSED' | 'NOT_FOUND';
  message: string;
}

interface Held {
  id: string;
  fieldsJson: readonly string[];
}

/** The open captures of every client. */
export class OpenedCaptures {
  private readonly held = new WeakMap<object, Held>();

  /** Releases `owner`'s open capture, decodes `bytes` in a worker (first `limit` frames) and keeps it as `owner`'s. */
  async open(owner: object, bytes: Uint8Array, ports: DecodePorts, limit: number, onProgress?: DecodeProgress): Promise<WorkerResult<OpenedCaptureFrames>> {
    this.held.delete(owner);
    const decoded = await decodeFramesInWorker(bytes, ports, limit, onProgress);
    if (!decoded.ok) return decoded;
    const { fieldsJson, ...frames } = decoded.value;
    const id = randomUUID();
    this.held.set(owner, { id, fieldsJson });
    return { ok: true, value: { ...frames, capture: id } };
  }

  /** The field tree of frame `index` (0-based, in list order) of `owner`'s capture `id`. */
  fields(owner: object, id: string, index: number): { ok: true; value: FrameField[] } | { ok: false; error: CaptureFieldsError } {
    const held = this.held.get(owner);
    if (held?.id !== id) return { ok: false, error: { code: 'CAPTURE_CLOSED', message: 'that capture file is no longer open here: open it again' } };
    const json = held.fieldsJson[index];
    if (json === undefined) return { ok: false, error: { code: 'NOT_FOUND', message: `the capture has no frame ${index} (it has ${held.fieldsJson.length})` } };
    return { ok: true, value: JSON.parse(json) as FrameField[] };
  }

  /** Releases `owner`'s capture `id` (nothing when another one is open by now). */
  close(owner: object, id: string): void {
    if (this.held.get(owner)?.id === id) this.held.delete(owner);
  }
}
