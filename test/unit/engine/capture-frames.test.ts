/**
 * decodeCaptureFrames: the same decode as the CLI's `decode`, plus every framed unit as
 * the analyzer shows it; only the first `limit` units are described, all are counted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCaptureBytes, decodeCaptureFrames } from '../../../src-main/engine/commissioning/capture-decode';
import { readCapture } from '../../../src-main/protocols/pcap';

const vector = (name: string): Uint8Array => new Uint8Array(readFileSync(`/work/shared/vectors/captures/${name}`));

describe('decodeCaptureFrames', () => {
  it('gives the same records as decodeCaptureBytes and one unit per IEC 104 APDU', () => {
    const bytes = vector('iec104_example.pcapng');
    const plain = decodeCaptureBytes(bytes);
    const framed = decodeCaptureFrames(bytes);
    if (!plain.ok || !framed.ok) throw new Error('vector does not decode');
    expect(framed.value.records).toEqual(plain.value.records);
    expect(framed.value.unitCount).toBe(plain.value.records.length);
    expect(framed.value.units.map((u) => [u.frame, u.described.summary])).toEqual(plain.value.records.map((r) => [r.frame, r.summary]));
    expect(framed.value.units.every((u) => u.described.fields !== undefined)).toBe(true);
    const capture = readCapture(bytes);
    if (!capture.ok) throw new Error(capture.error.message);
    expect(framed.value.units.map((u) => u.timeMs)).toEqual(framed.value.units.map((u) => capture.value.packets[u.frame - 1]!.timestampMs));
  });

  it('describes only the first `limit` units and counts the rest', () => {
    const framed = decodeCaptureFrames(vector('dnp3_example.pcapng'), undefined, 3);
    if (!framed.ok) throw new Error('vector does not decode');
    expect(framed.value.units).toHaveLength(3);
    expect(framed.value.unitCount).toBeGreaterThan(3);
    expect(framed.value.units.map((u) => u.described.direction)).toEqual(['tx', 'rx', 'rx']);
  });

  it('fails as decodeCaptureBytes does on a file that is not a capture', () => {
    const bytes = new TextEncoder().encode('hello, not a capture at all');
    expect(decodeCaptureFrames(bytes)).toEqual(decodeCaptureBytes(bytes));
    expect(decodeCaptureFrames(bytes)).toMatchObject({ ok: false, error: { code: 'BAD_MAGIC' } });
  });
});
