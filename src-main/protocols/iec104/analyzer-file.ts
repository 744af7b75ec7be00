/**
 * The analyzer's words for the file transfer types 120-126: each information element by
 * its standard name (NOF, NOS, LOF, LOS, FRQ/SRQ/SCQ/LSQ/AFQ/SOF, CHS, the segment and the
 * CP56Time2a of a directory entry), as one line and as fields with byte spans.
 */
import type { FrameField } from '../../../src-shared/session';
import { DESCRIBE_FILE_QUALIFIER } from './asdu/file-qualifiers';
import { FILE_FIELD_SIZE, FILE_FIELDS, type FileField } from './asdu/types-file';
import { CP56_SIZE } from './asdu/time-tags';
import type { InfoObject } from './asdu/types';

/** The qualifier's standard abbreviation per file type. */
const QUALIFIER_NAME: Readonly<Record<number, string>> = { 120: 'FRQ', 121: 'SRQ', 122: 'SCQ', 123: 'LSQ', 124: 'AFQ', 126: 'SOF' };

/** True for the file transfer types. */
export function isFileType(typeId: number): boolean {
  return FILE_FIELDS[typeId] !== undefined;
}

const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

/** One element of a decoded file object: its standard name and its value as text. */
function element(field: FileField, typeId: number, obj: InfoObject): [string, string] {
  switch (field) {
    case 'nof':
      return ['NOF', String(obj.value)];
    case 'nos':
      return ['NOS', String(obj.section ?? 0)];
    case 'lof':
      return ['LOF', `${obj.length ?? 0} octets`];
    case 'los':
      return ['LOS', `${obj.length ?? 0} octets`];
    case 'chs':
      return ['CHS', hex2(obj.checksum ?? 0)];
    case 'qualifier': {
      const q = obj.qualifier ?? 0;
      return [QUALIFIER_NAME[typeId] ?? 'qualifier', `${DESCRIBE_FILE_QUALIFIER[typeId]?.(q) ?? q} (${hex2(q)})`];
    }
  }
}

function timeText(obj: InfoObject): string {
  return obj.time?.kind === 'cp56' ? `${new Date(obj.time.epochMs).toISOString()}${obj.time.iv ? ' IV' : ''}` : '';
}

/** One file object as a line: `NOF=1 NOS=2 LOF=2048 octets SRQ=section ready (0x00)` (a segment's octets only by its LOS). */
export function formatFileObject(typeId: number, obj: InfoObject): string {
  const parts = (FILE_FIELDS[typeId] ?? []).map((field) => element(field, typeId, obj).join('='));
  if (obj.time !== undefined) parts.push(timeText(obj));
  return parts.join(' ');
}

/** The element's fields with their byte spans, starting at `at` in the APDU. */
export function fileElementFields(typeId: number, obj: InfoObject, at: number): FrameField[] {
  const fields: FrameField[] = [];
  let o = at;
  for (const field of FILE_FIELDS[typeId] ?? []) {
    const [name, value] = element(field, typeId, obj);
    fields.push({ name, value, offset: o, length: FILE_FIELD_SIZE[field] });
    o += FILE_FIELD_SIZE[field];
  }
  if (obj.time !== undefined) fields.push({ name: 'CP56Time2a', value: timeText(obj), offset: o, length: CP56_SIZE });
  if (obj.segment !== undefined) fields.push({ name: 'segment', value: `${obj.segment.length} octets`, offset: o, length: obj.segment.length });
  return fields;
}
