/**
 * The station form's model: a draft of a station configuration validated by the same
 * valibot schema the engine uses (src-shared/workspace), with each issue keyed by the
 * dotted path of the field it belongs to.
 */
import * as v from 'valibot';
import { StationConfig, type StationConfigInput } from '../../src-shared/workspace/station';

/** A draft with every section the form edits present. */
export type StationDraft = StationConfigInput & {
  transport: NonNullable<StationConfigInput['transport']>;
  dnp3: NonNullable<StationConfigInput['dnp3']>;
  iec104: NonNullable<StationConfigInput['iec104']>;
};

/** Errors by field path (`transport.port`); issues without a path go under `''`. */
export type FieldErrors = Record<string, string>;

/** A new station's draft with the protocol's usual port. */
export function newStationDraft(): StationDraft {
  return {
    id: '',
    name: '',
    description: '',
    protocol: 'dnp3',
    enabled: true,
    transport: { kind: 'tcp', host: '127.0.0.1', port: 20000 },
    dnp3: { masterAddress: 1, outstationAddress: 10, integrityPeriodMs: 0, timeSync: 'lan' },
    iec104: { commonAddresses: [1], giPeriodMs: 0, clockSync: true },
    commands: [],
  };
}

/** A draft of an existing station (a deep copy: editing it leaves the original alone). */
export function draftFrom(config: StationConfigInput): StationDraft {
  const copy = structuredClone(config) as StationConfigInput;
  return { ...copy, transport: copy.transport, dnp3: copy.dnp3 ?? {}, iec104: copy.iec104 ?? {} };
}

/** Validates a draft; the parsed configuration or the errors by field. */
export function validateStation(draft: StationDraft): { ok: true; value: StationConfigInput } | { ok: false; errors: FieldErrors } {
  const result = v.safeParse(StationConfig, draft);
  if (result.success) return { ok: true, value: draft };
  const errors: FieldErrors = {};
  for (const issue of result.issues) {
    const path = v.getDotPath(issue) ?? '';
    errors[path] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Parses `1, 2, 5` into numbers (NaN for a bad entry, so validation names the field). */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}
