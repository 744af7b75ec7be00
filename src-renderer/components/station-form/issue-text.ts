/**
 * Where the station form shows a schema issue and in what words: an entry of a list field
 * (a common address, an event class, an action) is shown at the list's field, and the
 * schema's generic messages become short sentences a person can act on.
 */
import * as v from 'valibot';

/** List fields edited as one input or one group: their entries' issues belong to the field. */
const LIST_ENTRY = /^(iec104\.commonAddresses|dnp3\.unsolicitedClasses|dnp3\.classPolls\.\d+\.classes|commands\.\d+\.actions)\.(\d+)$/;

/** The field path that shows an issue (`''` for checks across the whole station). */
export function issueField(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue) ?? '';
  return LIST_ENTRY.exec(path)?.[1] ?? path;
}

/** The issue in words, naming the list entry it is about when there is one. */
export function issueText(issue: v.BaseIssue<unknown>): string {
  const entry = LIST_ENTRY.exec(v.getDotPath(issue) ?? '')?.[2];
  const text = plainText(issue);
  return entry === undefined ? text : `entry ${Number(entry) + 1}: ${text}`;
}

function plainText(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.received === 'undefined') return 'Required';
  const requirement = String(issue.requirement);
  switch (issue.type) {
    case 'number':
      return 'Enter a number';
    case 'string':
      return 'Enter text';
    case 'integer':
      return 'Enter a whole number';
    case 'min_value':
      return `Must be ${requirement} or more`;
    case 'max_value':
      return `Must be ${requirement} or less`;
    case 'min_length':
      return typeof issue.input === 'string' ? 'Required' : `At least ${requirement} needed`;
    case 'max_length':
      return `At most ${requirement} characters`;
    default:
      return issue.message;
  }
}
