/**
 * The link frames our SA master and SA outstation sessions actually exchange (key status
 * request, key status, key change, challenge, reply, aggressive mode control, error),
 * written as a pcap and decoded by tshark: every frame is DNP3 with good CRCs, the
 * application function codes are ours, and nothing is malformed. (tshark 4.0 does not
 * dissect the g120 objects themselves; see tshark.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation } from '../../../../../src-main/protocols/dnp3';
import { connect, FakeClock, unhex } from '../harness';
import { writePcap } from '../pcap';

const TSHARK = '/usr/bin/tshark';
const KEY = unhex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const WRONG = unhex('aa0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
function counterRandom(start: number): (n: number) => Uint8Array {
  let x = start;
  return (n) => Uint8Array.from({ length: n }, () => x++ & 0xff);
}

/** Every link frame of a session pair's start-up and one direct-operate CROB, in order, with its direction. */
function exchange(masterKey: Uint8Array, aggressive: boolean): Array<{ fromMaster: boolean; payload: Uint8Array }> {
  const clock = new FakeClock();
  const frames: Array<{ fromMaster: boolean; payload: Uint8Array }> = [];
  const m = clock.add('master', createDnp3Master({ feedbackWindowMs: 0, secureAuth: { user: 1, updateKey: masterKey, aggressiveMode: aggressive, random: counterRandom(1) } }));
  const o = clock.add('outstation', createDnp3Outstation({ secureAuth: { users: [{ user: 1, updateKey: KEY }], aggressiveMode: aggressive, random: counterRandom(7) } }));
  for (const [d, fromMaster] of [[m, true], [o, false]] as const) {
    const step = d.step.bind(d);
    d.step = (input) => {
      const outs = step(input);
      for (const x of outs) if (x.kind === 'tx') frames.push({ fromMaster, payload: x.bytes });
      return outs;
    };
  }
  connect(clock, m, o);
  clock.run(2000);
  for (const id of ['c1', 'c2']) m.step({ kind: 'call', call: { op: 'command', command: { id, target: 'bo:1', action: { action: 'on' }, mode: 'direct' } } });
  clock.run(clock.now + 5000);
  return frames;
}

describe.skipIf(!existsSync(TSHARK))('tshark decodes the SA exchange of our sessions', () => {
  it('every frame of key change, challenge/reply, aggressive mode and an error is DNP3, with our function codes, none malformed', () => {
    const frames = [...exchange(KEY, false), ...exchange(KEY, true), ...exchange(WRONG, false)];
    const file = join(mkdtempSync(join(tmpdir(), 'sa-tshark-')), 'sa.pcap');
    writePcap(file, frames);
    const fields = ['frame.number', 'dnp3.al.func', 'dnp3.hdr.CRC.incorrect', 'dnp3.data_chunk.CRC.incorrect', '_ws.malformed'];
    const rows = execFileSync(TSHARK, ['-r', file, '-d', 'tcp.port==20000,dnp3', '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')
      .map((l) => l.split('|'));
    expect(rows).toHaveLength(frames.length);
    for (const [n, , hdrBad, blockBad, malformed] of rows) expect({ n, bad: `${hdrBad ?? ''}${blockBad ?? ''}${malformed ?? ''}` }).toEqual({ n, bad: '' });
    const funcs = rows.map((r) => Number(r[1]));
    // AUTHENTICATE_REQ (32) and AUTHENTICATE_RESP (131) both ways, and the controls
    expect(funcs.filter((f) => f === 32).length).toBeGreaterThanOrEqual(6);
    expect(funcs.filter((f) => f === 131).length).toBeGreaterThanOrEqual(6);
    expect(funcs).toContain(5);
  });
});
