/**
 * decodeCaptureFrames: the same decode as the CLI's `decode`, plus every framed unit as
 * the analyzer shows it; only the first `limit` units are described, all are counted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCaptureBytes, decodeCaptureFrames } from '../../../src-main/protocols/capture/capture-decode';
import { trafficToPcap } from '../../../src-main/engine/analyzer/traffic-pcap';
import { encodeLinkFrame } from '../../../src-main/protocols/dnp3/link/frame';
import { readCapture } from '../../../src-main/protocols/pcap';
import type { ConnectionInfo } from '../../../src-main/transport/connection';

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

  it('shows a damaged DNP3 frame with its octets, its header and the reason, then the next good frame', () => {
    const connection: ConnectionInfo = {
      transport: 'tcp',
      initiator: 'local',
      local: { address: '127.0.0.1', port: 50000, family: 'IPv4' },
      remote: { address: '127.0.0.1', port: 20000, family: 'IPv4' },
    };
    // outstation 10 -> master 1, unconfirmed user data: a transport octet and a NULL response
    const response = encodeLinkFrame({ dir: false, prm: true, func: 4, destination: 1, source: 10, payload: Uint8Array.of(0xc0, 0xc0, 0x81, 0x00, 0x00) });
    const damaged = response.slice();
    damaged[11] = damaged[11]! ^ 0xff; // a user data octet: block CRC mismatch
    const pcap = trafficToPcap([{ direction: 'rx', link: 0, timeMs: 1, bytes: Uint8Array.of(...damaged, ...response), connection }]);
    const framed = decodeCaptureFrames(pcap.bytes);
    if (!framed.ok) throw new Error(framed.error.message);
    // the framer resynchronises past the damaged frame: the rest of its octets are counted as skipped
    const [bad, skipped, good] = framed.value.units;
    expect(framed.value.units).toHaveLength(3);
    expect(skipped!.described).toMatchObject({ error: 'DISCARDED_OCTETS', bytes: new Uint8Array(0) });
    expect(bad!.described).toMatchObject({ direction: 'rx', protocol: 'dnp3', error: 'BAD_BLOCK_CRC', summary: expect.stringMatching(/^10->1 .* \| dropped BAD_BLOCK_CRC: /) });
    expect([...bad!.described.bytes]).toEqual([...damaged]);
    expect(bad!.described.fields).toContainEqual(expect.objectContaining({ name: 'error', value: expect.stringMatching(/^BAD_BLOCK_CRC: /) }));
    expect(good!.described).toMatchObject({ direction: 'rx', summary: expect.stringMatching(/^10->1 /) });
    expect(good!.described.error).toBeUndefined();
  });

  it('shows a DNP3 frame with a damaged header with the header octets it dropped', () => {
    const connection: ConnectionInfo = {
      transport: 'tcp',
      initiator: 'local',
      local: { address: '127.0.0.1', port: 50000, family: 'IPv4' },
      remote: { address: '127.0.0.1', port: 20000, family: 'IPv4' },
    };
    const request = encodeLinkFrame({ dir: true, prm: true, func: 9, destination: 10, source: 1 }); // request link status
    const damaged = request.slice();
    damaged[8] = damaged[8]! ^ 0x01; // header CRC
    const framed = decodeCaptureFrames(trafficToPcap([{ direction: 'tx', link: 0, timeMs: 1, bytes: damaged, connection }]).bytes);
    if (!framed.ok) throw new Error(framed.error.message);
    expect(framed.value.units[0]!.described).toMatchObject({ direction: 'tx', error: 'BAD_HEADER_CRC', summary: expect.stringMatching(/^1->10 .* \| dropped BAD_HEADER_CRC: header CRC mismatch$/) });
    expect([...framed.value.units[0]!.described.bytes]).toEqual([...damaged]);
  });
});
