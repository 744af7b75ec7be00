/**
 * Flood mode: ASDUs of short floating point values (M_ME_NC_1, cause periodic or spontaneous) built from
 * a template, paced by a credit of ASDUs per second. The values of each ASDU are the
 * flood's running sequence number, so a receiver can count losses and duplicates.
 */
import { APCI_SIZE } from '../apci/apdu';
import { Cot } from '../asdu/cause';
import { asduLength, encodeAsdu, headerSize, MAX_ASDU_LENGTH } from '../asdu/codec';
import type { AsduParams, InfoObject } from '../asdu/types';

const M_ME_NC_1 = 13;
const FLOAT_SIZE = 5;

/** Builds flood I-frames (with APCI headroom) quickly from one template. */
export class FloodBuilder {
  private readonly template: Uint8Array;
  private readonly valueAt: number[] = [];
  private seq = 0;

  constructor(objects: number, firstIoa: number, ca: number, p: AsduParams, cause: 'periodic' | 'spontaneous' = 'periodic') {
    const sq = asduLength(FLOAT_SIZE, objects, false, p) > MAX_ASDU_LENGTH;
    const list: InfoObject[] = [];
    for (let i = 0; i < objects; i++) list.push({ ioa: firstIoa + i, value: 0, quality: [] });
    this.template = encodeAsdu({ typeId: M_ME_NC_1, sq, cause: cause === 'periodic' ? Cot.PERIODIC : Cot.SPONTANEOUS, commonAddress: ca, objects: list }, p, APCI_SIZE);
    const start = APCI_SIZE + headerSize(p) + (sq ? p.ioaSize : 0);
    for (let i = 0; i < objects; i++) this.valueAt.push(sq ? start + i * FLOAT_SIZE : start + i * (p.ioaSize + FLOAT_SIZE) + p.ioaSize);
  }

  /** A new frame whose objects all carry the next sequence number (modulo 2^24, exact in float32). */
  next(): Uint8Array {
    const frame = this.template.slice();
    const dv = new DataView(frame.buffer);
    const v = this.seq;
    this.seq = (this.seq + 1) % 16_777_216;
    for (const at of this.valueAt) dv.setFloat32(at, v, true);
    return frame;
  }
}
