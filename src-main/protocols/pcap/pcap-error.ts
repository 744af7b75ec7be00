/**
 * Errors of the pcap codec, as values with codes.
 */

/** What went wrong reading a capture or a packet in it. */
export type PcapErrorCode =
  /** The file ends inside a header or record. */
  | 'TRUNCATED'
  /** Neither a pcap nor a pcapng file. */
  | 'BAD_MAGIC'
  /** A pcapng block whose length fields are inconsistent. */
  | 'BAD_BLOCK'
  /** A pcapng packet refers to an interface not described. */
  | 'UNKNOWN_INTERFACE'
  | 'UNSUPPORTED_LINKTYPE'
  /** Not IPv4 or IPv6 (ARP, LLDP...): skipped, not an error of the file. */
  | 'NOT_IP'
  | 'BAD_IP_HEADER'
  /** IP fragments are not reassembled. */
  | 'IP_FRAGMENT'
  | 'BAD_TCP_HEADER'
  | 'BAD_UDP_HEADER'
  /** An IP address string that does not parse. */
  | 'BAD_ADDRESS';

/** A codec error; `offset` (file byte offset) or `frame` (1-based) locates it. */
export interface PcapError {
  code: PcapErrorCode;
  message: string;
  offset?: number;
  frame?: number;
}

/** Success or a PcapError. */
export type PcapResult<T> = { ok: true; value: T } | { ok: false; error: PcapError };

/** Builds a failed result. */
export function pcapFail<T = never>(code: PcapErrorCode, message: string, at: { offset?: number; frame?: number } = {}): PcapResult<T> {
  return { ok: false, error: { code, message, ...at } };
}
