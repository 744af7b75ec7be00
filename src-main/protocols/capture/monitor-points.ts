/**
 * The point values an observed application unit carries, as the master that received it
 * would read them: a DNP3 response or unsolicited response fragment, or an IEC 104 APDU
 * with a monitor-direction ASDU (type ids 1 to 40). Anything else carries no values.
 * Pure: wall-clock time (to place IEC 104 CP24 time tags) comes in as an argument.
 */
import type { PointUpdate } from '../../../src-shared/session';
import { decodeResponseContent, FunctionCode } from '../dnp3';
import { appendPointUpdates, decodeApci, decodeAsdu, IEC104_PARAMS } from '../iec104';

/** Highest IEC 104 type id of the monitor direction (M_EP_TF_1 is 40). */
const LAST_MONITOR_TYPE = 40;

function dnp3Points(fragment: Uint8Array): PointUpdate[] {
  // Application header: octet 0 control, octet 1 function code, then IIN (responses).
  const fc = fragment[1];
  if (fc !== FunctionCode.RESPONSE && fc !== FunctionCode.UNSOLICITED_RESPONSE) return [];
  return decodeResponseContent(fragment).points;
}

function iec104Points(apdu: Uint8Array, wallMs: number): PointUpdate[] {
  const apci = decodeApci(apdu);
  if (!apci.ok || apci.value.format !== 'I') return [];
  const asdu = decodeAsdu(apci.value.asdu, IEC104_PARAMS);
  if (!asdu.ok || asdu.value.typeId > LAST_MONITOR_TYPE) return [];
  const out: PointUpdate[] = [];
  appendPointUpdates(asdu.value, wallMs, out);
  return out;
}

/**
 * The values in one unit of `protocol` (a DNP3 application fragment or an IEC 104 APDU).
 * `wallMs` is the time it was seen (ms since the epoch). Never throws; a unit that does
 * not decode carries no values.
 */
export function monitorPoints(protocol: 'dnp3' | 'iec104', unit: Uint8Array, wallMs: number): PointUpdate[] {
  return protocol === 'dnp3' ? dnp3Points(unit) : iec104Points(unit, wallMs);
}
