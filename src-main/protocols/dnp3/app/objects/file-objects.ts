/**
 * The file-control objects of IEEE 1815-2012 clause A.38 (group 70), one field table per
 * variation that drives decoding, encoding and the analyzer's fields. All are little-endian
 * and travel with qualifier 0x5B (count of 1 octet, each object prefixed by its size in 2
 * octets). A string's offset counts from the first octet of the object (after the prefix).
 *
 * | var | object | fields |
 * |-----|--------|--------|
 * | 2 | authentication | user name offset u16, size u16, password offset u16, size u16, authentication key u32, user name, password |
 * | 3 | file command | name offset u16, size u16, time of creation (DNP3 time), permissions u16, authentication key u32, file size u32, operational mode u16, maximum block size u16, request ID u16, file name |
 * | 4 | file command status | file handle u32, file size u32, maximum block size u16, request ID u16, status code u8, optional text |
 * | 5 | file transport | file handle u32, block number u32 (bit 31: last block), file data |
 * | 6 | file transport status | file handle u32, block number u32 (bit 31: last block), status code u8, optional text |
 * | 7 | file descriptor | name offset u16, size u16, file type u16, file size u32, time of creation (DNP3 time), permissions u16, request ID u16, file name |
 * | 8 | file specification string | the string (the whole object) |
 */
import { concatOctets } from '../../../../../src-shared/concat-octets';
import { octetsHex } from '../../secure-auth/objects';
import { FIELD_SIZE, readField, writeField } from './data-codec';
import type { DataCodec, DataValue } from './types';

/** The g70 variations this codec knows. */
export type FileVariation = 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** g70v4 / g70v6 status codes by name (IEEE 1815-2012 table A-10). */
export const FILE_STATUS_NAMES: Record<number, string> = {
  0: 'SUCCESS',
  1: 'PERMISSION_DENIED',
  2: 'INVALID_MODE',
  3: 'FILE_NOT_FOUND',
  4: 'FILE_LOCKED',
  5: 'TOO_MANY_OPEN',
  6: 'INVALID_HANDLE',
  7: 'WRITE_BLOCK_SIZE',
  8: 'COMM_LOST',
  9: 'CANNOT_ABORT',
  16: 'NOT_OPENED',
  17: 'HANDLE_EXPIRED',
  18: 'BUFFER_OVERRUN',
  19: 'FATAL',
  20: 'BLOCK_SEQ',
  255: 'UNDEFINED',
};

/** g70 status codes as constants. */
export const FileStatus = {
  SUCCESS: 0,
  PERMISSION_DENIED: 1,
  INVALID_MODE: 2,
  FILE_NOT_FOUND: 3,
  TOO_MANY_OPEN: 5,
  INVALID_HANDLE: 6,
  BLOCK_SEQ: 20,
} as const;

/** g70v3 operational modes. */
export const FileMode = { NULL: 0, READ: 1, WRITE: 2, APPEND: 3 } as const;
const MODE_NAMES: Record<number, string> = { 0: 'NULL', 1: 'READ', 2: 'WRITE', 3: 'APPEND' };
/** g70v7 file types. */
const TYPE_NAMES: Record<number, string> = { 0: 'directory', 1: 'simple file' };

/** Octets of a response fragment beside a g70v5 block's data: control, function, IIN, object header, size prefix, handle, block number. */
export const BLOCK_OVERHEAD = 4 + 3 + 1 + 2 + 8;

/** Bit 31 of a block number: this is the file's last block. */
export const LAST_BLOCK = 0x80000000;

type Kind = 'u8' | 'u16' | 'u32' | 't48' | 'perms' | 'block' | 'string' | 'octets';

interface FieldSpec {
  key: string;
  name: string;
  kind: Kind;
  names?: Record<number, string>;
  /** A string's offset and size fields (keys), or for `octets`/`string` without them: the rest of the object. */
  at?: { offset: string; size: string };
}

const HANDLE: FieldSpec = { key: 'handle', name: 'file handle', kind: 'u32' };
const SIZE: FieldSpec = { key: 'fileSize', name: 'file size', kind: 'u32' };
const MAX_BLOCK: FieldSpec = { key: 'maxBlockSize', name: 'maximum block size', kind: 'u16' };
const REQUEST_ID: FieldSpec = { key: 'requestId', name: 'request ID', kind: 'u16' };
const STATUS: FieldSpec = { key: 'status', name: 'status code', kind: 'u8', names: FILE_STATUS_NAMES };
const BLOCK: FieldSpec = { key: 'block', name: 'block number', kind: 'block' };
const TEXT: FieldSpec = { key: 'text', name: 'optional text', kind: 'string' };
const CREATED: FieldSpec = { key: 'created', name: 'time of creation', kind: 't48' };
const PERMISSIONS: FieldSpec = { key: 'permissions', name: 'permissions', kind: 'perms' };
const AUTH_KEY: FieldSpec = { key: 'authKey', name: 'authentication key', kind: 'u32' };
const NAME_OFFSET: FieldSpec = { key: 'nameOffset', name: 'file name offset', kind: 'u16' };
const NAME_SIZE: FieldSpec = { key: 'nameSize', name: 'file name size', kind: 'u16' };
const NAME: FieldSpec = { key: 'name', name: 'file name', kind: 'string', at: { offset: 'nameOffset', size: 'nameSize' } };

const LAYOUTS: Record<FileVariation, FieldSpec[]> = {
  2: [
    { key: 'userOffset', name: 'user name offset', kind: 'u16' },
    { key: 'userSize', name: 'user name size', kind: 'u16' },
    { key: 'passwordOffset', name: 'password offset', kind: 'u16' },
    { key: 'passwordSize', name: 'password size', kind: 'u16' },
    AUTH_KEY,
    { key: 'user', name: 'user name', kind: 'string', at: { offset: 'userOffset', size: 'userSize' } },
    { key: 'password', name: 'password', kind: 'string', at: { offset: 'passwordOffset', size: 'passwordSize' } },
  ],
  3: [NAME_OFFSET, NAME_SIZE, CREATED, PERMISSIONS, AUTH_KEY, SIZE, { key: 'mode', name: 'operational mode', kind: 'u16', names: MODE_NAMES }, MAX_BLOCK, REQUEST_ID, NAME],
  4: [HANDLE, SIZE, MAX_BLOCK, REQUEST_ID, STATUS, TEXT],
  5: [HANDLE, BLOCK, { key: 'data', name: 'file data', kind: 'octets' }],
  6: [HANDLE, BLOCK, STATUS, TEXT],
  7: [NAME_OFFSET, NAME_SIZE, { key: 'fileType', name: 'file type', kind: 'u16', names: TYPE_NAMES }, SIZE, CREATED, PERMISSIONS, REQUEST_ID, NAME],
  8: [{ key: 'spec', name: 'file specification', kind: 'string' }],
};

const fixedSize = (k: Kind): number => (k === 'perms' ? 2 : k === 'block' ? 4 : k === 'string' || k === 'octets' ? 0 : FIELD_SIZE[k]);

/** True for a g70 variation this codec knows. */
export function isFileVariation(v: number): v is FileVariation {
  return v in LAYOUTS;
}

/** Octets of the fixed fields of a variation (the least an object of it takes). */
function fileFixedLength(v: FileVariation): number {
  return LAYOUTS[v].reduce((n, f) => n + fixedSize(f.kind), 0);
}

/** The values of one g70 object by field key: numbers, text, and the file data's octets. */
export type FileValues = Record<string, number | string | Uint8Array>;

/** One decoded field with its place in the object (for the analyzer). */
export interface FileField {
  key: string;
  name: string;
  value: number | string | Uint8Array;
  text: string;
  offset: number;
  length: number;
}

/** A g70 object that does not decode. */
export interface FileObjectError {
  code: 'FILE_OBJECT_TRUNCATED' | 'FILE_OBJECT_BAD_OFFSET';
  message: string;
}

/** Permission bits (octal, as Unix writes them): world, group, owner execute/write/read. */
function permissionsText(p: number): string {
  const rwx = (bits: number): string => `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${bits & 1 ? 'x' : '-'}`;
  return `0${p.toString(8)} ${rwx(p >> 6)}${rwx(p >> 3)}${rwx(p)}`;
}

function fieldText(spec: FieldSpec, value: number | string | Uint8Array): string {
  if (value instanceof Uint8Array) return `${value.length} octets`;
  if (typeof value === 'string') return spec.key === 'password' ? '*'.repeat(value.length) : value === '' ? '(none)' : value;
  if (spec.kind === 't48') return value === 0 ? '0 (none)' : new Date(value).toISOString();
  if (spec.kind === 'perms') return permissionsText(value);
  if (spec.kind === 'block') return `${value & 0x7fffffff}${value & LAST_BLOCK ? ' last' : ''}`;
  const name = spec.names?.[value];
  return name ? `${value} ${name}` : String(value);
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** Decodes the fields of one g70 object (its octets without the size prefix). Never throws. */
export function decodeFileFields(v: FileVariation, b: Uint8Array): { ok: true; fields: FileField[] } | { ok: false; error: FileObjectError } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const fields: FileField[] = [];
  const num = (key: string): number => Number(fields.find((f) => f.key === key)?.value ?? 0);
  let p = 0;
  for (const spec of LAYOUTS[v]) {
    const n = spec.at ? num(spec.at.size) : fixedSize(spec.kind) || b.length - p;
    if (spec.at && num(spec.at.offset) !== p && n > 0) {
      return { ok: false, error: { code: 'FILE_OBJECT_BAD_OFFSET', message: `g70v${v} ${spec.name} offset ${num(spec.at.offset)}, expected ${p}` } };
    }
    if (p + n > b.length) return { ok: false, error: { code: 'FILE_OBJECT_TRUNCATED', message: `g70v${v} ${spec.name} truncated at octet ${p}` } };
    const value = readValue(spec.kind, dv, b, p, n);
    fields.push({ key: spec.key, name: spec.name, value, text: fieldText(spec, value), offset: p, length: n });
    p += n;
  }
  return { ok: true, fields };
}

function readValue(kind: Kind, dv: DataView, b: Uint8Array, p: number, n: number): number | string | Uint8Array {
  if (kind === 'string') return utf8.decode(b.subarray(p, p + n));
  if (kind === 'octets') return b.slice(p, p + n);
  return readField(dv, p, kind === 'perms' ? 'u16' : kind === 'block' ? 'u32' : kind);
}

/** Decodes one g70 object to its values by field key. */
export function decodeFileObject(v: FileVariation, b: Uint8Array): { ok: true; values: FileValues } | { ok: false; error: FileObjectError } {
  const r = decodeFileFields(v, b);
  if (!r.ok) return r;
  const values: FileValues = {};
  for (const f of r.fields) values[f.key] = f.value;
  return { ok: true, values };
}

/**
 * Encodes one g70 object (without header or size prefix). Missing numbers are 0, missing
 * text empty; string offsets and sizes are computed from the strings whatever is passed.
 */
export function encodeFileObject(v: FileVariation, values: FileValues): Uint8Array {
  const layout = LAYOUTS[v];
  const tail = (spec: FieldSpec): Uint8Array => {
    const x = values[spec.key];
    return x instanceof Uint8Array ? x : utf8Encoder.encode(typeof x === 'string' ? x : '');
  };
  const computed: Record<string, number> = {};
  let p = fileFixedLength(v);
  for (const spec of layout) {
    if (!spec.at) continue;
    computed[spec.at.offset] = p;
    computed[spec.at.size] = tail(spec).length;
    p += tail(spec).length;
  }
  const variable = layout.filter((f) => f.kind === 'string' || f.kind === 'octets');
  const out = new Uint8Array(fileFixedLength(v) + variable.reduce((n, f) => n + tail(f).length, 0));
  const dv = new DataView(out.buffer);
  let q = 0;
  for (const spec of layout) {
    if (spec.kind === 'string' || spec.kind === 'octets') {
      out.set(tail(spec), q);
      q += tail(spec).length;
      continue;
    }
    const given = values[spec.key];
    const x = computed[spec.key] ?? (typeof given === 'number' ? given : 0);
    writeField(dv, q, spec.kind === 'perms' ? 'u16' : spec.kind === 'block' ? 'u32' : spec.kind, spec.kind === 'u32' || spec.kind === 'block' ? x >>> 0 : x);
    q += fixedSize(spec.kind);
  }
  return out;
}

/** The octets of one g70 object header with its object: qualifier 0x5B, count 1, 2-octet size prefix. */
export function fileObjectOctets(v: FileVariation, values: FileValues): Uint8Array {
  const body = encodeFileObject(v, values);
  const out = new Uint8Array(6 + body.length);
  out.set([70, v, 0x5b, 1, body.length & 0xff, body.length >> 8], 0);
  out.set(body, 6);
  return out;
}

/** Octets from lowercase hex. */
export function hexOctets(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}

function toDataValue(values: FileValues): DataValue {
  const out: DataValue = {};
  for (const [k, x] of Object.entries(values)) out[k] = x instanceof Uint8Array ? octetsHex(x) : x;
  return out;
}

function fromDataValue(v: FileVariation, value: DataValue): FileValues {
  const out: FileValues = {};
  for (const [k, x] of Object.entries(value)) {
    if (typeof x === 'number' || typeof x === 'string') out[k] = k === 'data' && v === 5 && typeof x === 'string' ? hexOctets(x) : x;
  }
  return out;
}

/** The codec of g70 variation `v` for the object table: size-prefixed, values as numbers, text and hex octets. */
function fileCodec(v: FileVariation): DataCodec {
  return {
    kind: 'data',
    group: 70,
    variation: v,
    type: `g70v${v}`,
    size: -1,
    sizeAt: (dv, off) => (off + fileFixedLength(v) > dv.byteLength ? -1 : fileFixedLength(v)),
    read(dv: DataView, off: number, size: number): DataValue {
      const r = decodeFileObject(v, new Uint8Array(dv.buffer, dv.byteOffset + off, size));
      return r.ok ? toDataValue(r.values) : { error: r.error.code };
    },
    write(dv: DataView, off: number, value: DataValue): number {
      const body = encodeFileObject(v, fromDataValue(v, value));
      new Uint8Array(dv.buffer, dv.byteOffset + off, body.length).set(body);
      return body.length;
    },
    lengthOf: (value) => encodeFileObject(v, fromDataValue(v, value)).length,
    sizePrefixed: true,
  };
}

/** The g70 codecs for the object table. */
export const FILE_CODECS: DataCodec[] = ([2, 3, 4, 5, 6, 7, 8] as const).map(fileCodec);

/** One entry of a directory file: a g70v7 descriptor's name, type, size and time. */
export interface FileDescriptor {
  name: string;
  directory: boolean;
  size: number;
  /** Time of creation, ms UTC; 0 when the device gives none. */
  created: number;
  permissions: number;
}

/** The contents of a directory file: g70v7 descriptors one after the other, without size prefixes. */
export function encodeDirectory(entries: readonly FileDescriptor[]): Uint8Array {
  return concatOctets(entries.map((e) => encodeFileObject(7, { fileType: e.directory ? 0 : 1, fileSize: e.size, created: e.created, permissions: e.permissions, name: e.name })));
}

/** Decodes the contents of a directory file (see `encodeDirectory`). Never throws. */
export function decodeDirectory(b: Uint8Array): { ok: true; entries: FileDescriptor[] } | { ok: false; error: FileObjectError } {
  const entries: FileDescriptor[] = [];
  const fixed = fileFixedLength(7);
  let p = 0;
  while (p < b.length) {
    const nameSize = p + fixed <= b.length ? b[p + 2]! | (b[p + 3]! << 8) : 0;
    const r = decodeFileObject(7, b.subarray(p, Math.min(b.length, p + fixed + nameSize)));
    if (!r.ok) return r;
    const x = r.values;
    entries.push({ name: String(x.name), directory: x.fileType === 0, size: Number(x.fileSize), created: Number(x.created), permissions: Number(x.permissions) });
    p += fixed + nameSize;
  }
  return { ok: true, entries };
}
