import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractStreams, readCapture } from '../../../src-main/protocols/pcap';

const VECTOR = new Uint8Array(readFileSync('/work/shared/vectors/captures/iec104_example.pcapng'));

/** Reading must end in a value (ok or error), never a throw. */
function readsWithoutThrowing(bytes: Uint8Array): boolean {
  const capture = readCapture(bytes);
  if (capture.ok) extractStreams(capture.value);
  return true;
}

describe('pcap reader robustness', () => {
  it('random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), readsWithoutThrowing), { numRuns: 500 });
  });

  it('a real capture with random bytes changed, or cut anywhere, never throws', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(VECTOR.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 16 }),
        fc.nat(VECTOR.length),
        (edits, cut) => {
          const mutated = VECTOR.slice(0, cut === 0 ? VECTOR.length : cut);
          for (const [at, value] of edits) if (at < mutated.length) mutated[at] = value;
          return readsWithoutThrowing(mutated);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a capture cut in the middle keeps the whole frames before the cut and warns', () => {
    const whole = readCapture(VECTOR);
    const cut = readCapture(VECTOR.subarray(0, Math.floor(VECTOR.length / 2) + 3));
    if (!whole.ok || !cut.ok) throw new Error('unreadable');
    expect(cut.value.warnings.map((w) => w.code)).toEqual(['TRUNCATED']);
    expect(cut.value.packets.length).toBeGreaterThan(5);
    expect(cut.value.packets).toEqual(whole.value.packets.slice(0, cut.value.packets.length));
  });
});
