/**
 * Point addresses: one string form for both protocols. DNP3 `<type>:<index>` (`bi:3`,
 * `ai:7`); IEC 104 `ioa:<IOA>@<CA>` (`ioa:3001@1`). The address keys a point within its
 * station; `<station>/<address>` keys it in the engine.
 */
import type { PointUpdate } from '../../../src-shared/session';

/** The address of a reported value. */
export function updateAddress(update: PointUpdate): string {
  return update.commonAddress === undefined ? update.ref : `${update.ref}@${update.commonAddress}`;
}

/** Splits an address into the session's target reference and common address. */
export function splitAddress(address: string): { ref: string; commonAddress?: number } {
  const at = address.indexOf('@');
  if (at < 0) return { ref: address };
  return { ref: address.slice(0, at), commonAddress: Number(address.slice(at + 1)) };
}

/** The engine-wide point id. */
export function pointId(station: string, address: string): string {
  return `${station}/${address}`;
}

/** Splits a point id into station and address. */
export function splitPointId(id: string): { station: string; address: string } | null {
  const slash = id.indexOf('/');
  if (slash <= 0) return null;
  return { station: id.slice(0, slash), address: id.slice(slash + 1) };
}
