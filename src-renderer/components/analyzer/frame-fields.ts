/**
 * Navigation of an analyzer frame's field tree (FrameField from src-shared/session.ts):
 * flattened for display with a path per field, the field that owns a byte, and the bytes
 * a field spans — the two directions of the hex dump / field tree highlighting.
 */
import type { FrameField } from '../../../src-shared/session';

/** A field in display order with its path (`0.2.1` = child 1 of child 2 of field 0) and depth. */
export interface FlatField {
  path: string;
  depth: number;
  field: FrameField;
  hasChildren: boolean;
}

/** The fields depth-first; children of collapsed paths are left out. */
export function flattenFields(fields: readonly FrameField[], collapsed: ReadonlySet<string> = new Set(), prefix = '', depth = 0): FlatField[] {
  const out: FlatField[] = [];
  fields.forEach((field, index) => {
    const path = prefix ? `${prefix}.${index}` : String(index);
    const children = field.children ?? [];
    out.push({ path, depth, field, hasChildren: children.length > 0 });
    if (children.length > 0 && !collapsed.has(path)) out.push(...flattenFields(children, collapsed, path, depth + 1));
  });
  return out;
}

/** The field at `path`, or undefined. */
export function fieldAt(fields: readonly FrameField[], path: string): FrameField | undefined {
  let level: readonly FrameField[] | undefined = fields;
  let found: FrameField | undefined;
  for (const part of path.split('.')) {
    found = level?.[Number(part)];
    if (!found) return undefined;
    level = found.children;
  }
  return found;
}

/** Path of the deepest field whose bytes include `offset` (fields of length 0 never match). */
export function pathAtByte(fields: readonly FrameField[], offset: number, prefix = ''): string | null {
  for (const [index, field] of fields.entries()) {
    const path = prefix ? `${prefix}.${index}` : String(index);
    const inside = field.length > 0 && offset >= field.offset && offset < field.offset + field.length;
    const deeper = field.children ? pathAtByte(field.children, offset, path) : null;
    if (deeper) return deeper;
    if (inside) return path;
  }
  return null;
}

/** The byte span of a field, widened to its children's spans for logical groupings. */
export function fieldSpan(field: FrameField): { offset: number; length: number } | null {
  let start = field.length > 0 ? field.offset : Infinity;
  let end = field.length > 0 ? field.offset + field.length : -Infinity;
  for (const child of field.children ?? []) {
    const span = fieldSpan(child);
    if (!span) continue;
    start = Math.min(start, span.offset);
    end = Math.max(end, span.offset + span.length);
  }
  return end > start ? { offset: start, length: end - start } : null;
}

/** Ancestor paths of `path` (for expanding the tree to show it). */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}
