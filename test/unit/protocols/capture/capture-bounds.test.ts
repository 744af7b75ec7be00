/**
 * Capture decoding holds bounded state whatever the file: DNP3 reassembly keeps only pairs
 * with a fragment in progress (storage growing with the fragment), at most
 * MAX_PENDING_PAIRS of them per flow, and at most MAX_OPEN_FLOWS flows are followed at
 * once. Each bound that is reached is named in the decode's warnings.
 */
import { describe, expect, it } from 'vitest';
import { decodeCaptureBytes, MAX_OPEN_FLOWS, MAX_PENDING_PAIRS, PROGRESS_EVERY } from '../../../../src-main/protocols/capture';
import { Reassembler } from '../../../../src-main/protocols/dnp3';
import { manyFlowsCapture, pendingPairsCapture } from './capture-builders';

const MiB = 1024 * 1024;
/** Memory the decode may add while it runs; the unbounded decoder took 64 KiB per pair (1.25 GiB for 20,000). */
const MEMORY_BOUND = 64 * MiB;

const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('bounded capture decoding', () => {
  it('decodes 13-octet frames to 20,000 DNP3 link address pairs within a fixed memory bound', () => {
    // 8 frames to a segment: about 2,500 packets, so progress is reported while the pairs are held.
    const capture = pendingPairsCapture(20_000, 8);
    const before = used();
    let peak = 0;
    const reports: number[] = [];
    const decoded = decodeCaptureBytes(capture, undefined, (done) => {
      reports.push(done);
      peak = Math.max(peak, used() - before);
    });
    if (!decoded.ok) throw new Error(decoded.error.message);
    console.log(`20,000 pending pairs, ${(capture.length / 1024).toFixed(0)} KiB capture: peak growth ${(peak / MiB).toFixed(1)} MiB over ${reports.length} samples`);
    expect(reports.filter((done) => done % PROGRESS_EVERY === 0).length).toBeGreaterThanOrEqual(2);
    expect(peak).toBeLessThan(MEMORY_BOUND);
    expect(decoded.value.warnings).toEqual([
      expect.stringMatching(new RegExp(`^REASSEMBLY_LIMIT: more than ${MAX_PENDING_PAIRS} DNP3 link address pairs .* ${20_000 - MAX_PENDING_PAIRS} partial fragment`)),
    ]);
  });

  it('keeps decoding whole frames when more flows are open than it follows at once', () => {
    const flows = MAX_OPEN_FLOWS + 100;
    const decoded = decodeCaptureBytes(manyFlowsCapture(flows));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const { records, warnings } = decoded.value;
    expect(records).toHaveLength(2 * flows);
    expect(records.filter((r) => r.error !== undefined)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^FLOW_LIMIT: more than ${MAX_OPEN_FLOWS} flows were open at once; \\d+ flow\\(s\\)`))]);
  });

  it('says nothing about bounds when a capture stays within them', () => {
    const decoded = decodeCaptureBytes(pendingPairsCapture(MAX_PENDING_PAIRS, 8));
    expect(decoded.ok && decoded.value.warnings).toEqual([]);
  });
});

describe('DNP3 transport reassembly storage', () => {
  it('takes no buffer until a fragment starts and grows it with the fragment', () => {
    const reassembler = new Reassembler(65_536);
    expect(reassembler.bufferSize).toBe(0);
    expect(reassembler.push(Uint8Array.of(0x40, 1, 2, 3)).kind).toBe('pending');
    expect(reassembler.bufferSize).toBe(256);
    const segment = new Uint8Array(250).fill(7);
    for (let seq = 1; seq <= 4; seq++) {
      segment[0] = seq;
      expect(reassembler.push(segment).kind).toBe('pending');
    }
    expect(reassembler.bufferSize).toBe(1024); // 3 + 4 x 249 octets
    segment[0] = 0x80 | 5;
    const done = reassembler.push(segment);
    expect(done.kind === 'fragment' && done.fragment.length).toBe(3 + 5 * 249);
    reassembler.reset();
    expect(reassembler.bufferSize).toBe(0);
  });

  it('still refuses a fragment over its maximum', () => {
    const reassembler = new Reassembler(300);
    const segment = new Uint8Array(250).fill(1);
    segment[0] = 0x40;
    expect(reassembler.push(segment).kind).toBe('pending');
    segment[0] = 0x01;
    const over = reassembler.push(segment);
    expect(over.kind === 'error' && over.code).toBe('TRANSPORT_OVERFLOW');
    expect(reassembler.bufferSize).toBeLessThanOrEqual(300);
  });
});
