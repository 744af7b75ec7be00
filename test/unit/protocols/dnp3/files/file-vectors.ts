/**
 * Golden vectors of the file-control objects (g70): one application fragment each, with
 * its function code and the field values of its one g70 object. Regenerate
 * test/vectors/dnp3/file-transfer.json with `npx tsx test/unit/protocols/dnp3/write-vectors.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeAppControl, FunctionCode } from '../../../../../src-main/protocols/dnp3/app/control';
import { fileObjectOctets, LAST_BLOCK, type FileVariation } from '../../../../../src-main/protocols/dnp3/app/objects/file-objects';
import { hex } from '../harness';
import { framesOf, VECTOR_DIR, type Vector } from '../vectors';

/** What a g70 vector holds: the fragment's function, IIN (responses) and its object's fields (file data as hex). */
export interface FileVectorValue {
  function: number;
  iin: number | null;
  variation: FileVariation;
  fields: Record<string, number | string>;
}

const data = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => ((from + i) & 0xff).toString(16).padStart(2, '0')).join('');

/** The vectors, request then response in a transfer's order. */
function fileVectorValues(): Array<{ name: string; value: FileVectorValue }> {
  const req = (fc: number, variation: FileVariation, fields: FileVectorValue['fields']): FileVectorValue => ({ function: fc, iin: null, variation, fields });
  const rsp = (variation: FileVariation, fields: FileVectorValue['fields']): FileVectorValue => ({ function: FunctionCode.RESPONSE, iin: 0, variation, fields });
  const name = '/records/fault-0001.cfg';
  return [
    { name: 'AUTHENTICATE_FILE g70v2 user and password', value: req(FunctionCode.AUTHENTICATE_FILE, 2, { userOffset: 12, userSize: 8, passwordOffset: 20, passwordSize: 6, authKey: 0, user: 'engineer', password: 's3cret' }) },
    { name: 'RESPONSE g70v2 authentication key', value: rsp(2, { userOffset: 12, userSize: 8, passwordOffset: 20, passwordSize: 0, authKey: 0x5a17, user: 'engineer', password: '' }) },
    {
      name: 'OPEN_FILE g70v3 read with key',
      value: req(FunctionCode.OPEN_FILE, 3, { nameOffset: 26, nameSize: name.length, created: 0, permissions: 0, authKey: 0x5a17, fileSize: 0, mode: 1, maxBlockSize: 1024, requestId: 1, name }),
    },
    { name: 'RESPONSE g70v4 opened', value: rsp(4, { handle: 1, fileSize: 3000, maxBlockSize: 1024, requestId: 1, status: 0, text: '' }) },
    { name: 'RESPONSE g70v4 FILE_NOT_FOUND with text', value: rsp(4, { handle: 0, fileSize: 0, maxBlockSize: 0, requestId: 2, status: 3, text: '/nope.cfg' }) },
    { name: 'READ g70v5 block 0', value: req(FunctionCode.READ, 5, { handle: 1, block: 0, data: '' }) },
    { name: 'RESPONSE g70v5 block 0', value: rsp(5, { handle: 1, block: 0, data: data(32) }) },
    { name: 'RESPONSE g70v5 last block 2', value: rsp(5, { handle: 1, block: (2 | LAST_BLOCK) >>> 0, data: data(7, 64) }) },
    { name: 'RESPONSE g70v6 INVALID_HANDLE', value: rsp(6, { handle: 7, block: 3, status: 6, text: '' }) },
    { name: 'CLOSE_FILE g70v4', value: req(FunctionCode.CLOSE_FILE, 4, { handle: 1, fileSize: 0, maxBlockSize: 0, requestId: 1, status: 0, text: '' }) },
    { name: 'ABORT_FILE g70v4', value: req(FunctionCode.ABORT_FILE, 4, { handle: 1, fileSize: 0, maxBlockSize: 0, requestId: 1, status: 0, text: '' }) },
    {
      name: 'DELETE_FILE g70v3',
      value: req(FunctionCode.DELETE_FILE, 3, { nameOffset: 26, nameSize: name.length, created: 0, permissions: 0, authKey: 0, fileSize: 0, mode: 0, maxBlockSize: 0, requestId: 3, name }),
    },
    { name: 'RESPONSE g70v4 PERMISSION_DENIED', value: rsp(4, { handle: 0, fileSize: 0, maxBlockSize: 0, requestId: 3, status: 1, text: 'read-only' }) },
    {
      name: 'GET_FILE_INFO g70v7',
      value: req(FunctionCode.GET_FILE_INFO, 7, { nameOffset: 20, nameSize: name.length, fileType: 0, fileSize: 0, created: 0, permissions: 0, requestId: 4, name }),
    },
    {
      name: 'RESPONSE g70v7 file descriptor',
      value: rsp(7, { nameOffset: 20, nameSize: name.length, fileType: 1, fileSize: 3000, created: 1764763200000, permissions: 0o644, requestId: 4, name }),
    },
    { name: 'ACTIVATE_CONFIG g70v8 file specification', value: req(FunctionCode.ACTIVATE_CONFIG, 8, { spec: '/config/active.xml' }) },
  ];
}

/** The application fragment of a vector value. */
export function fileFragment(v: FileVectorValue): Uint8Array {
  const values = { ...v.fields, ...(typeof v.fields.data === 'string' ? { data: Uint8Array.from(Buffer.from(v.fields.data, 'hex')) } : {}) };
  const body = fileObjectOctets(v.variation, values);
  const head = [encodeAppControl({ fir: true, fin: true, con: false, uns: false, seq: 2 }), v.function, ...(v.iin === null ? [] : [v.iin & 0xff, v.iin >> 8])];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** Contents of file-transfer.json: the link frames of each fragment as hex. */
export function buildFileVectors(): Vector<FileVectorValue>[] {
  return fileVectorValues().map(({ name, value }) => ({ name, hex: framesOf(fileFragment(value), value.iin !== null).map(hex).join(''), value }));
}

/** Reads file-transfer.json. */
export function readFileVectors(): Vector<FileVectorValue>[] {
  return JSON.parse(readFileSync(join(VECTOR_DIR, 'file-transfer.json'), 'utf8')) as Vector<FileVectorValue>[];
}
