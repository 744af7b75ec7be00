import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFragment } from '../../../../../src-main/protocols/dnp3/app/fragment';
import { decodeDirectory, decodeFileFields, decodeFileObject, encodeDirectory, encodeFileObject } from '../../../../../src-main/protocols/dnp3/app/objects/file-objects';
import { describeFragment } from '../../../../../src-main/protocols/dnp3';
import { LinkFramer } from '../../../../../src-main/protocols/dnp3/link/framer';
import { Reassembler } from '../../../../../src-main/protocols/dnp3/transport/reassembler';
import { hex, unhex } from '../harness';
import { writePcap } from '../pcap';
import { buildFileVectors, fileFragment, readFileVectors, type FileVectorValue } from './file-vectors';

const vectors = readFileVectors();

/** The fragments the link frames of `bytes` carry, fed in chunks cut at `cuts`. */
function fragmentsOf(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const framer = new LinkFramer();
  const re = new Reassembler(65536);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const item of framer.push(bytes.subarray(at, cut))) {
      if (!item.ok) throw new Error(item.error.code);
      const r = re.push(item.frame.payload);
      if (r.kind === 'fragment') out.push(r.fragment);
    }
    at = cut;
  }
  return out;
}

/** The vector value of a decoded fragment with one g70 object. */
function valueOf(fragment: Uint8Array): FileVectorValue {
  const p = parseFragment(fragment);
  if (!p.ok) throw new Error(p.error.code);
  expect(p.fragment.error).toBeNull();
  expect(p.fragment.headers).toHaveLength(1);
  const h = p.fragment.headers[0]!;
  expect([h.group, h.qualifier, h.count]).toEqual([70, 0x5b, 1]);
  const o = h.objects[0]!;
  if (!('data' in o)) throw new Error('not a data object');
  return { function: p.fragment.function, iin: p.fragment.iin, variation: h.variation as FileVectorValue['variation'], fields: o.data as FileVectorValue['fields'] };
}

describe('DNP3 g70 file-control objects', () => {
  it('the vector file matches the generator', () => {
    expect(vectors).toEqual(JSON.parse(JSON.stringify(buildFileVectors())));
    expect(vectors.length).toBeGreaterThanOrEqual(16);
  });

  it('decodes every vector to its fields, and encodes the fields back to the same octets', () => {
    for (const v of vectors) {
      const [fragment] = fragmentsOf(unhex(v.hex), []);
      expect(valueOf(fragment!), v.name).toEqual(v.value);
      expect(hex(fileFragment(valueOf(fragment!))), v.name).toBe(hex(fragment!));
    }
  });

  it('decodes every vector split at every offset', () => {
    for (const v of vectors) {
      const bytes = unhex(v.hex);
      for (let cut = 1; cut < bytes.length; cut++) {
        const fragments = fragmentsOf(bytes, [cut]);
        expect(fragments, `${v.name} cut at ${cut}`).toHaveLength(1);
        expect(valueOf(fragments[0]!), `${v.name} cut at ${cut}`).toEqual(v.value);
      }
    }
  });

  it('names a truncated object and a string offset that does not follow the fixed fields', () => {
    const open = encodeFileObject(3, { name: '/a.cfg', mode: 1 });
    expect(decodeFileObject(3, open.subarray(0, open.length - 1))).toMatchObject({ ok: false, error: { code: 'FILE_OBJECT_TRUNCATED' } });
    expect(decodeFileObject(4, new Uint8Array(12))).toMatchObject({ ok: false, error: { code: 'FILE_OBJECT_TRUNCATED' } });
    const bad = open.slice();
    bad[0] = 30; // the name offset must be 26, right after the fixed fields
    expect(decodeFileObject(3, bad)).toMatchObject({ ok: false, error: { code: 'FILE_OBJECT_BAD_OFFSET' } });
  });

  it('a free-format g70v5 in a READ request carries its object (handle and block), unlike other READ headers', () => {
    const read = vectors.find((v) => v.name === 'READ g70v5 block 0')!;
    const [fragment] = fragmentsOf(unhex(read.hex), []);
    const p = parseFragment(fragment!);
    expect(p.ok && p.fragment.headers[0]!.objects[0]).toMatchObject({ data: { handle: 1, block: 0 } });
  });

  it('encodes a directory as g70v7 descriptors one after the other and decodes it back', () => {
    const entries = [
      { name: 'fault-0001.cfg', directory: false, size: 3000, created: 1764763200000, permissions: 0o644 },
      { name: 'comtrade', directory: true, size: 0, created: 0, permissions: 0o755 },
    ];
    const octets = encodeDirectory(entries);
    expect(octets.length).toBe(20 + 14 + 20 + 8);
    expect(decodeDirectory(octets)).toEqual({ ok: true, entries });
    expect(decodeDirectory(octets.subarray(0, octets.length - 2))).toMatchObject({ ok: false, error: { code: 'FILE_OBJECT_TRUNCATED' } });
  });

  it('the analyzer shows every field of a g70 object with its span, and hides the password', () => {
    const auth = vectors.find((v) => v.name.startsWith('AUTHENTICATE_FILE'))!;
    const [fragment] = fragmentsOf(unhex(auth.hex), []);
    const frame = describeFragment('tx', fragment!);
    const object = frame.fields![0]!.children!.find((f) => f.name === 'g70v2')!.children![0]!;
    const fields = Object.fromEntries(object.children!.map((f) => [f.name, f]));
    expect(fields['user name']).toMatchObject({ value: 'engineer', length: 8 });
    expect(fields['password']).toMatchObject({ value: '******', length: 6 });
    expect(fragment!.subarray(fields['user name']!.offset, fields['user name']!.offset + 8)).toEqual(new TextEncoder().encode('engineer'));
    const block = vectors.find((v) => v.name === 'RESPONSE g70v5 last block 2')!;
    const blockFields = describeFragment('rx', fragmentsOf(unhex(block.hex), [])[0]!).fields![0]!.children!.find((f) => f.name === 'g70v5')!.children![0]!.children!;
    expect(blockFields.map((f) => `${f.name}=${f.value}`)).toEqual(['file handle=1', 'block number=2 last', 'file data=7 octets']);
    const fields3 = decodeFileFields(3, encodeFileObject(3, { name: '/x', mode: 1, permissions: 0o640 }));
    expect(fields3.ok && fields3.fields.find((f) => f.key === 'permissions')!.text).toBe('0640 rw-r-----');
  });
});

const TSHARK = '/usr/bin/tshark';
/** Functions whose objects tshark 4.0 does not dissect: GET_FILE_INFO, AUTHENTICATE_FILE, ABORT_FILE, ACTIVATE_CONFIG. */
const NOT_DISSECTED = [28, 29, 30, 31];
/** Variations tshark 4.0 does not know: g70v2 (authentication) and g70v7 (file descriptor). */
const UNKNOWN = [2, 7];

describe.skipIf(!existsSync(TSHARK))('tshark agrees with our g70 codec', () => {
  it('decodes handle, block number, last-block flag, status, size, mode, block size, request ID, name, key and data as we do, none malformed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dnp3-g70-')), 'g70.pcap');
    writePcap(file, vectors.map((v) => ({ fromMaster: v.value.iin === null, payload: unhex(v.hex) })));
    const names = ['dnp3.al.func', 'dnp3.al.obj', 'dnp3.al.file.handle', 'dnp3.al.file.blocknum', 'dnp3.al.file.lastblock', 'dnp3.al.file.status', 'dnp3.al.file.size', 'dnp3.al.file.mode', 'dnp3.al.file.maxblock', 'dnp3.al.file.reqID', 'dnp3.al.file_name', 'dnp3.al.file.auth', 'dnp3.al.file.data', '_ws.malformed', '_ws.expert.message'];
    const rows = execFileSync(TSHARK, ['-r', file, '-d', 'tcp.port==20000,dnp3', '-T', 'fields', '-E', 'separator=|', ...names.flatMap((n) => ['-e', n])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')
      .map((l) => Object.fromEntries(l.split('|').map((x, i) => [names[i]!, x])));
    expect(rows).toHaveLength(vectors.length);
    let compared = 0;
    vectors.forEach((v, i) => {
      const row = rows[i]!;
      const f = v.value.fields;
      expect(row['_ws.malformed'], v.name).toBe('');
      expect(Number(row['dnp3.al.func']), v.name).toBe(v.value.function);
      if (NOT_DISSECTED.includes(v.value.function)) return expect(row['dnp3.al.obj'], v.name).toBe('');
      expect(row['dnp3.al.obj'], v.name).toBe(`0x46${String(v.value.variation).padStart(2, '0')}`);
      if (UNKNOWN.includes(v.value.variation)) return expect(row['_ws.expert.message'], v.name).toContain('Unknown Object');
      const num = (k: string): number | undefined => (row[k] === '' ? undefined : Number(row[k]));
      if ('handle' in f) expect(num('dnp3.al.file.handle'), v.name).toBe(f.handle);
      if ('block' in f) expect([num('dnp3.al.file.blocknum'), num('dnp3.al.file.lastblock')], v.name).toEqual([Number(f.block) & 0x7fffffff, Number(f.block) >>> 31]);
      if ('status' in f) expect(num('dnp3.al.file.status'), v.name).toBe(f.status);
      if (v.value.variation === 4) expect([num('dnp3.al.file.size'), num('dnp3.al.file.maxblock'), num('dnp3.al.file.reqID')], v.name).toEqual([f.fileSize, f.maxBlockSize, f.requestId]);
      if (v.value.variation === 3) {
        expect([row['dnp3.al.file_name'], num('dnp3.al.file.auth'), num('dnp3.al.file.mode'), num('dnp3.al.file.maxblock'), num('dnp3.al.file.reqID')], v.name).toEqual([f.name, f.authKey, f.mode, f.maxBlockSize, f.requestId]);
      }
      // tshark shows a g70v5's file data and a g70v4's optional text both as file data
      const tail = v.value.variation === 5 ? String(f.data) : Buffer.from(String(f.text ?? '')).toString('hex');
      if (v.value.variation !== 3 && v.value.variation !== 6) expect(row['dnp3.al.file.data'], v.name).toBe(tail);
      compared++;
    });
    expect(compared).toBeGreaterThanOrEqual(9);
  });
});
