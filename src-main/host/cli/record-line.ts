/** One decoded record as `decode` and `monitor` print it: `#12 dnp3 1->10 READ class 1230`. */
import type { DecodedRecord } from '../../commissioning/capture-file';

/** The text line of a record. */
export function recordLine(r: DecodedRecord): string {
  if (r.protocol === 'dnp3') {
    const route = r.source === null ? '' : ` ${r.source}->${r.destination}`;
    return `#${r.frame} dnp3${route} ${r.summary}`;
  }
  const ca = r.commonAddress === null ? '' : ` CA ${r.commonAddress}`;
  return `#${r.frame} iec104${ca} ${r.summary}`;
}
