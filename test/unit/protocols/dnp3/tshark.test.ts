import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinkFramer } from '../../../../src-main/protocols/dnp3/link/framer';
import { Reassembler } from '../../../../src-main/protocols/dnp3/transport/reassembler';
import { parseFragment } from '../../../../src-main/protocols/dnp3/app/fragment';
import { createDnp3Master } from '../../../../src-main/protocols/dnp3';
import { CROB_CASES } from './crob-cases';
import { FakeClock } from './harness';
import { readPcapngTcp, writePcap } from './pcap';
import { ScriptedOutstation } from './scripted';
import { unhex } from './harness';
import { readVectors, type LinkValue } from './vectors';
import type { FragmentValue } from './vector-specs';

const TSHARK = '/usr/bin/tshark';
const CAPTURE = '/work/shared/vectors/captures/dnp3_example.pcapng';

/** Per frame: function code and object list as tshark reports them. */
function tshark(file: string, extra: string[] = []): Array<{ frame: number; func: string; obj: string[]; malformed: string }> {
  const text = execFileSync(TSHARK, ['-r', file, '-d', 'tcp.port==20000,dnp3', ...extra, '-T', 'fields', '-E', 'separator=|', '-e', 'frame.number', '-e', 'dnp3.al.func', '-e', 'dnp3.al.obj', '-e', '_ws.malformed', '-e', '_ws.expert.severity'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return text
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [frame, func, obj, malformed, severity] = l.split('|');
      return { frame: Number(frame), func: func ?? '', obj: obj ? obj.split(',') : [], malformed: `${malformed ?? ''}${severity?.includes('8388608') ? 'error' : ''}` };
    });
}

/** tshark's object id; it reports octet strings (g110/g111, variation = length) as variation 0. */
const objId = (g: number, v: number): string => `0x${((g << 8) | (g === 110 || g === 111 ? 0 : v)).toString(16).padStart(4, '0')}`;

/**
 * Objects tshark 4.0 does not know (g50v4, g51v2) or misparses: for g43 (analog output
 * command event: status octet + value [+ time], IEEE 1815-2012 clause A.24) it reads the
 * fields but advances past the status octet only, so what follows is garbage to it; a g0v255
 * attribute list (data type 254, length, pairs) it reads as the data type octet alone.
 */
const UNKNOWN_TO_TSHARK = [
  objId(50, 4),
  objId(51, 2),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((v) => objId(43, v)),
  objId(0, 255),
  // Secure Authentication: tshark 4.0 knows none of g120 (it reads g120v3 in a control as an
  // unknown object and stops), g121 or g122 (the statistics, which it then calls malformed)
  objId(120, 3),
  objId(121, 1),
  objId(122, 1),
  objId(122, 2),
];

/**
 * Function codes whose objects tshark 4.0 does not dissect at all: FREEZE_AT_TIME (11),
 * ASSIGN_CLASS (22), and the Secure Authentication AUTHENTICATE_REQ (32) and
 * AUTHENTICATE_RESP (131) that carry the g120 objects. Their link frames, CRCs, transport
 * octet, application header and function code are still checked, and must not be malformed.
 */
const OBJECTS_NOT_DISSECTED = [11, 22, 32, 131];

/** Our object list cut where tshark 4.0 stops. */
function asTsharkSees(ours: string[]): string[] {
  const cut = ours.findIndex((o) => UNKNOWN_TO_TSHARK.includes(o));
  return cut >= 0 ? ours.slice(0, cut + 1) : ours;
}

describe.skipIf(!existsSync(TSHARK))('tshark agrees with our DNP3 codec', () => {
  it('decodes every golden fragment vector with the same function and objects, none malformed', () => {
    const vectors = readVectors<FragmentValue>('objects.json');
    const dir = mkdtempSync(join(tmpdir(), 'dnp3-tshark-'));
    const file = join(dir, 'vectors.pcap');
    writePcap(file, vectors.map((v) => ({ fromMaster: v.value.iin === null, payload: unhex(v.hex) })));
    const rows = tshark(file);
    expect(rows).toHaveLength(vectors.length);
    vectors.forEach((v, i) => {
      const row = rows[i]!;
      if (!v.value.headers.some((h) => UNKNOWN_TO_TSHARK.includes(objId(h.group, h.variation)))) expect(row.malformed, v.name).toBe('');
      expect(Number(row.func), v.name).toBe(v.value.function);
      if (OBJECTS_NOT_DISSECTED.includes(v.value.function)) {
        expect(row.obj, v.name).toEqual([]);
        return;
      }
      const ours = v.value.headers.map((h) => objId(h.group, h.variation));
      const expected = asTsharkSees(ours);
      expect(row.obj.slice(0, expected.length), v.name).toEqual(expected);
      if (!ours.some((o) => UNKNOWN_TO_TSHARK.includes(o))) expect(row.obj, v.name).toEqual(expected);
    });
  });

  it('decodes every golden link frame vector with the same control, length and addresses, and good CRCs', () => {
    const vectors = readVectors<LinkValue>('link.json');
    const dir = mkdtempSync(join(tmpdir(), 'dnp3-tshark-link-'));
    const file = join(dir, 'link.pcap');
    // and two damaged copies, to show tshark's CRC checks are live: header CRC, then a block CRC
    const badHeader = unhex(vectors[0]!.hex);
    badHeader[8]! ^= 0xff;
    const badBlock = unhex(vectors.find((v) => v.name === 'CONFIRMED_USER_DATA')!.hex);
    badBlock[10 + 16]! ^= 0xff;
    const packets = [...vectors.map((v) => ({ fromMaster: v.value.dir, payload: unhex(v.hex) })), { fromMaster: true, payload: badHeader }, { fromMaster: true, payload: badBlock }];
    writePcap(file, packets);
    const fields = ['frame.number', 'dnp3.ctl', 'dnp3.len', 'dnp3.dst', 'dnp3.src', 'dnp3.hdr.CRC.incorrect', 'dnp3.data_chunk.CRC.incorrect', '_ws.malformed'];
    const rows = execFileSync(TSHARK, ['-r', file, '-d', 'tcp.port==20000,dnp3', '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')
      .map((l) => l.split('|'));
    expect(rows).toHaveLength(packets.length);
    vectors.forEach((v, i) => {
      const [, ctl, len, dst, src, hdrBad, blockBad, malformed] = rows[i]!;
      const x = v.value;
      const control = (x.dir ? 0x80 : 0) | (x.prm ? 0x40 : 0) | (x.fcb ? 0x20 : 0) | (x.fcvDfc ? 0x10 : 0) | x.func;
      expect(Number(ctl), v.name).toBe(control);
      expect(Number(len), v.name).toBe(5 + x.payload.length / 2);
      expect([Number(dst), Number(src)], v.name).toEqual([x.destination, x.source]);
      expect(`${hdrBad ?? ''}${blockBad ?? ''}`, v.name).toBe('');
      // tshark 4.0 reads a transport octet after every link header except RESET_LINK_STATES,
      // REQUEST_LINK_STATUS, ACK and LINK_STATUS, so the other frames without user data
      // (TEST_LINK_STATES, NACK, NOT_SUPPORTED: LENGTH 5 per IEEE 1815-2012 clause 9.2.4) run
      // past the end and are flagged malformed by its dissector, not by their octets.
      const tsharkReadsPastEnd = x.payload.length === 0 && (x.prm ? x.func === 2 : x.func === 1 || x.func === 15);
      expect(malformed !== '', v.name).toBe(tsharkReadsPastEnd);
    });
    expect(rows.at(-2)![1], 'tshark 4.0 does not take a frame with a damaged header CRC for DNP3').toBe('');
    expect(rows.at(-1)![6], 'damaged block CRC').not.toBe('');
  });

  it('decodes the CROB the master sends for every action with the same op type, trip-close code, count, on and off time', () => {
    const packets = CROB_CASES.map((c) => {
      const clock = new FakeClock();
      const m = clock.add('master', createDnp3Master({ disableUnsolicitedAtStartup: false, unsolicitedClasses: [], timeSync: { onNeedTime: false } }));
      const o = new ScriptedOutstation(m);
      m.step({ kind: 'up' });
      o.ack();
      const before = m.sent.length;
      m.step({ kind: 'call', call: { op: 'command', command: { id: c.name, target: `bo:${c.index}`, action: c.action, mode: 'direct' } } });
      const frames = m.sent.slice(before);
      expect(frames, c.name).toHaveLength(1);
      return { fromMaster: true, payload: frames[0]! };
    });
    const file = join(mkdtempSync(join(tmpdir(), 'dnp3-tshark-crob-')), 'crob.pcap');
    writePcap(file, packets);
    const fields = ['dnp3.al.func', 'dnp3.al.obj', 'dnp3.ctl.op', 'dnp3.ctl.trip', 'dnp3.ctl.clr', 'dnp3.al.count', 'dnp3.al.on_time', 'dnp3.al.off_time', '_ws.malformed'];
    const rows = execFileSync(TSHARK, ['-r', file, '-d', 'tcp.port==20000,dnp3', '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')
      .map((l) => l.split('|'));
    expect(rows).toHaveLength(CROB_CASES.length);
    CROB_CASES.forEach((c, i) => {
      const [func, obj, op, trip, clr, count, on, off, malformed] = rows[i]!;
      expect({ func: Number(func), obj, op: Number(op), trip: Number(trip), clr: Number(clr), count: Number(count), on: Number(on), off: Number(off), malformed }, c.name).toEqual({
        func: 5, // DIRECT_OPERATE
        obj: objId(12, 1),
        op: c.op,
        trip: c.tcc,
        clr: 0,
        count: c.count,
        on: c.onTime,
        off: c.offTime,
        malformed: '',
      });
    });
  });

  it('decodes the real capture as tshark does, frame by frame', () => {
    const segments = readPcapngTcp(CAPTURE);
    const ours = new Map<number, { func: number; obj: string[] }>();
    const dirs = new Map<string, { framer: LinkFramer; re: Reassembler; next: number }>();
    for (const s of segments) {
      if (s.srcPort !== 20000 && s.dstPort !== 20000) continue;
      const key = `${s.srcPort}>${s.dstPort}`;
      let d = dirs.get(key);
      if (!d) dirs.set(key, (d = { framer: new LinkFramer(), re: new Reassembler(65536), next: s.seq }));
      if (s.payload.length === 0 || s.seq < d.next) continue; // retransmission or pure ACK
      d.next = s.seq + s.payload.length;
      for (const item of d.framer.push(s.payload)) {
        expect(item.ok).toBe(true);
        if (!item.ok) continue;
        const r = d.re.push(item.frame.payload);
        if (r.kind !== 'fragment') continue;
        const p = parseFragment(r.fragment);
        expect(p.ok).toBe(true);
        if (!p.ok) continue;
        expect(p.fragment.error).toBeNull();
        ours.set(s.frame, { func: p.fragment.function, obj: p.fragment.headers.map((h) => objId(h.group, h.variation)) });
      }
    }
    const theirs = tshark(CAPTURE).filter((r) => r.func !== '');
    expect(theirs.length).toBeGreaterThan(10);
    expect([...ours.keys()]).toEqual(theirs.map((r) => r.frame));
    for (const r of theirs) {
      const o = ours.get(r.frame)!;
      expect(o.func, `frame ${r.frame}`).toBe(Number(r.func));
      expect(asTsharkSees(o.obj), `frame ${r.frame}`).toEqual(r.obj);
    }
  });
});
