/**
 * Value types of the IEC 60870-5-101/104 application layer (ASDU): the decoding
 * parameters, decoded time tags, information objects and whole ASDUs.
 */

/** Field sizes of an ASDU profile; IEC 104 uses 2/2/3, IEC 101-derived profiles differ. */
export interface AsduParams {
  /** Cause of transmission: 1 octet, or 2 with the originator address. */
  cotSize: 1 | 2;
  /** Common address of ASDU. */
  caSize: 1 | 2;
  /** Information object address. */
  ioaSize: 1 | 2 | 3;
}

/** The IEC 104 default profile: COT 2, CA 2, IOA 3 octets. */
export const IEC104_PARAMS: Readonly<AsduParams> = Object.freeze({ cotSize: 2, caSize: 2, ioaSize: 3 });

/** CP56Time2a: seven-octet binary time; `epochMs` reads the calendar fields as UTC. */
export interface Cp56Time {
  kind: 'cp56';
  /** Milliseconds since the Unix epoch of the calendar fields (year 2000 + 0..99). */
  epochMs: number;
  /** IV bit: the time is invalid. */
  iv: boolean;
  /** SU bit: summer time. */
  su: boolean;
  /** Day of week 1-7 (0 = not used). */
  dayOfWeek: number;
}

/** CP24Time2a: three-octet time within the hour (minutes and milliseconds). */
export interface Cp24Time {
  kind: 'cp24';
  /** Milliseconds within the hour: minute * 60000 + milliseconds. */
  msOfHour: number;
  /** IV bit: the time is invalid. */
  iv: boolean;
}

/** A time tag of an information object. */
export type TimeTag = Cp56Time | Cp24Time;

/**
 * One information object. `value` carries the primary information element; the optional
 * members carry the type's other elements. See the type table for each type's mapping.
 */
export interface InfoObject {
  /** Information object address. */
  ioa: number;
  /**
   * Single point / single command state: boolean. Double point, double and regulating
   * step command state, step position, measured value (normalized as the engineering
   * fraction), counter reading, bitstring (uint32 of the four octets, little-endian),
   * protection event states, qualifier octets (QOI, QCC, QRP, COI, QPA), test sequence
   * counter: number.
   */
  value: number | boolean;
  /** Quality words (IV NT SB BL OV EI, counters CY CA IV). Shared frozen arrays. */
  quality: readonly string[];
  /** Time tag (CP24Time2a or CP56Time2a) when the type carries one. */
  time?: TimeTag;
  /** Normalized value as its raw signed 16-bit integer. */
  raw?: number;
  /** Step position transient flag (VTI bit 8). */
  transient?: boolean;
  /** Counter sequence number (BCR bits 1-5). */
  sequence?: number;
  /** Protection elapsed time / relay duration / relay operating time (CP16Time2a), ms. */
  elapsedMs?: number;
  /** Status-and-change detection: the change detection bits (SCD octets 3-4). */
  changes?: number;
  /** Command S/E bit: true = select, false = execute. */
  select?: boolean;
  /**
   * Command qualifier: QU (0-31) for single/double/step, QL (0-127) for set-points, QPM for
   * parameters; file transfer: the FRQ, SRQ, SCQ, LSQ, AFQ or SOF octet (see file-qualifiers.ts).
   */
  qualifier?: number;
  /** File transfer: name of section NOS (F_SR, F_SC, F_LS, F_AF, F_SG). The name of file NOF is `value`. */
  section?: number;
  /** File transfer: length of file or section LOF (F_FR, F_SR, F_DR), or of segment LOS (F_SG). */
  length?: number;
  /** File transfer: checksum CHS of a section or file, the sum of its octets modulo 256 (F_LS). */
  checksum?: number;
  /** File transfer: the octets of a segment (F_SG). */
  segment?: Uint8Array;
}

/** A decoded ASDU. */
export interface Asdu {
  typeId: number;
  /** Type name, e.g. `M_ME_NC_1`. */
  typeName: string;
  /** SQ bit: a sequence of elements from one IOA onwards. */
  sq: boolean;
  /** Cause of transmission, 6 bits. */
  cause: number;
  /** P/N bit: negative confirm. */
  negative: boolean;
  /** T bit: test. */
  test: boolean;
  /** Originator address (0 when COT is one octet). */
  originator: number;
  commonAddress: number;
  objects: InfoObject[];
}

/** What `encodeAsdu` needs; the optional flags default to false / 0. */
export interface AsduInput {
  typeId: number;
  sq?: boolean;
  cause: number;
  negative?: boolean;
  test?: boolean;
  originator?: number;
  commonAddress: number;
  objects: readonly InfoObject[];
}

/** Which way a type travels. */
export type TypeDirection = 'monitor' | 'control' | 'system' | 'parameter' | 'file';

/**
 * One row of the type table: name, element size (without the IOA) and codec. `decode`
 * reads one element at offset `o` (the caller checked the bounds); `encode` writes one.
 */
export interface TypeSpec {
  id: number;
  name: string;
  /** Element size in octets; for a variable-length element (see `lengthAt`), its fixed part. */
  size: number;
  direction: TypeDirection;
  /**
   * Variable-length element (F_SG_NA_1): the octet at this offset within the element counts
   * the octets that follow the `size` fixed ones (`segment` when encoding).
   */
  lengthAt?: number;
  decode(b: Uint8Array, dv: DataView, o: number, ioa: number): InfoObject;
  encode(obj: InfoObject, b: Uint8Array, dv: DataView, o: number): void;
}
