/**
 * Format-version handling of workspace files: older versions are migrated step by step to
 * {@link WORKSPACE_FORMAT_VERSION}; newer ones are refused with a clear message.
 */
import * as v from 'valibot';
import { Workspace, WORKSPACE_FORMAT_VERSION, type Workspace as WorkspaceType } from './workspace';

/** Outcome of reading a workspace document. */
export type WorkspaceParse =
  | { ok: true; workspace: WorkspaceType; migratedFrom: number | null }
  | { ok: false; code: 'NEWER_FORMAT' | 'INVALID_WORKSPACE'; message: string };

type Doc = Record<string, unknown>;

/**
 * Version 1 kept each station's point list inside the station (`station.points`) and
 * called the users list `accounts`; version 2 moved point lists to `points[stationId]`.
 */
function from1(doc: Doc): Doc {
  const stations = Array.isArray(doc.stations) ? (doc.stations as Doc[]) : [];
  const points: Record<string, unknown> = {};
  const moved = stations.map((station) => {
    const { points: list, ...rest } = station;
    if (Array.isArray(list) && typeof station.id === 'string') points[station.id] = list;
    return rest;
  });
  const { accounts, ...rest } = doc;
  return { ...rest, formatVersion: 2, stations: moved, points, users: accounts ?? doc.users ?? [] };
}

/**
 * Version 3 keeps the commissioning checkouts in the workspace (`checkouts`); version 2
 * had none there (they were files in the data directory, imported once by the engine).
 */
function from2(doc: Doc): Doc {
  return { ...doc, formatVersion: 3, checkouts: [] };
}

const MIGRATIONS: Record<number, (doc: Doc) => Doc> = { 1: from1, 2: from2 };

/** Formats valibot issues as `path: message; ...`. */
export function describeSchemaIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Migrates (when older) and validates a parsed workspace JSON document. */
export function migrateWorkspace(input: unknown): WorkspaceParse {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, code: 'INVALID_WORKSPACE', message: 'the workspace must be a JSON object' };
  }
  let doc = input as Doc;
  const version = doc.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, code: 'INVALID_WORKSPACE', message: 'formatVersion: expected a positive integer' };
  }
  if (version > WORKSPACE_FORMAT_VERSION) {
    return {
      ok: false,
      code: 'NEWER_FORMAT',
      message: `this workspace has format version ${version}, newer than this Switchyard understands (${WORKSPACE_FORMAT_VERSION}); update Switchyard to open it`,
    };
  }
  for (let at = version; at < WORKSPACE_FORMAT_VERSION; at++) doc = MIGRATIONS[at]!(doc);
  const parsed = v.safeParse(Workspace, doc);
  if (!parsed.success) return { ok: false, code: 'INVALID_WORKSPACE', message: describeSchemaIssues(parsed.issues) };
  return { ok: true, workspace: parsed.output, migratedFrom: version === WORKSPACE_FORMAT_VERSION ? null : version };
}
