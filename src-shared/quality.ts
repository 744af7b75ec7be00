/**
 * The one quality vocabulary of engine, renderer and checkout: which quality words mean a
 * value is good, invalid (not to be trusted: a trend gap, "Invalid or offline"), or
 * questionable (substituted, blocked, forced, out of range), and the words the master adds
 * itself when a station's session is not ready (COMM_LOST; IEC 104 also NT) or when a
 * connected station has not updated a point for its stale time (STALE; IEC 104 also NT).
 */

/** The protocol a quality list comes from (DNP3 flags or IEC 104 quality descriptors). */
export type QualityProtocol = 'dnp3' | 'iec104';

/** DNP3: the point is online (the only word a good DNP3 value carries). */
export const ONLINE = 'ONLINE';
/** Communication with the point was lost: its value is the last one received. */
export const COMM_LOST = 'COMM_LOST';
/** The point was not updated within its station's stale time while connected. */
export const STALE = 'STALE';
/** IEC 104 NT, not topical: the value was not updated successfully in time. */
const NOT_TOPICAL = 'NT';

/** Words that make a value invalid (IEC 104 IV and NT, DNP3 RESTART, and the master's own). */
const INVALID_WORDS: ReadonlySet<string> = new Set(['IV', NOT_TOPICAL, 'RESTART', COMM_LOST, STALE]);

/** Words that make a value questionable without making it invalid (substituted, blocked, forced, out of range). */
const QUESTIONABLE_WORDS: ReadonlySet<string> = new Set(['SB', 'BL', 'OV', 'LOCAL_FORCED', 'REMOTE_FORCED', 'OVER_RANGE', 'REFERENCE_ERR']);

/** The protocol of a point address: IEC 104 `ioa:<IOA>@<CA>`, DNP3 otherwise (`ai:7`). */
export function protocolOfAddress(address: string): QualityProtocol {
  return address.startsWith('ioa:') ? 'iec104' : 'dnp3';
}

/** Whether the value must not be trusted: an invalid word, or a DNP3 point not ONLINE. */
export function isInvalidQuality(protocol: QualityProtocol, quality: readonly string[]): boolean {
  if (protocol === 'dnp3' && !quality.includes(ONLINE)) return true;
  return quality.some((word) => INVALID_WORDS.has(word));
}

/** Whether quality words say communication with the point was lost. */
export function isCommLost(quality: readonly string[]): boolean {
  return quality.includes(COMM_LOST);
}

/** Whether any word is other than ONLINE (anything an operator should notice). */
export function isAbnormalQuality(quality: readonly string[]): boolean {
  return quality.some((word) => word !== ONLINE);
}

/**
 * The reasons a value is not good enough to sign off (checkout): its invalid and
 * questionable words, led by `not ONLINE` for a DNP3 point without ONLINE.
 */
export function qualityProblems(protocol: QualityProtocol, quality: readonly string[]): string[] {
  const bad = quality.filter((word) => INVALID_WORDS.has(word) || QUESTIONABLE_WORDS.has(word));
  return protocol === 'dnp3' && !quality.includes(ONLINE) ? ['not ONLINE', ...bad] : bad;
}

/** The words of a point whose station's session is not ready; null when already marked. */
export function commLostQuality(protocol: QualityProtocol, quality: readonly string[]): string[] | null {
  if (quality.includes(COMM_LOST)) return null;
  return withWords(quality, protocol === 'iec104' ? [NOT_TOPICAL, COMM_LOST] : [COMM_LOST]);
}

/** The words of a point gone stale; null when already stale or communication is lost. */
export function staleQuality(protocol: QualityProtocol, quality: readonly string[]): string[] | null {
  if (quality.includes(STALE) || quality.includes(COMM_LOST)) return null;
  return withWords(quality, protocol === 'iec104' ? [NOT_TOPICAL, STALE] : [STALE]);
}

function withWords(quality: readonly string[], added: readonly string[]): string[] {
  return [...quality, ...added.filter((word) => !quality.includes(word))];
}
