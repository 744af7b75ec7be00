/**
 * Naming a device that speaks another protocol than the target's, instead of calling it a
 * connection limit or a silent device: from the first octets it sends (a DNP3 link frame
 * starts 05 64, an IEC 104 APDU 68 LEN, a TLS record 15/16 03), or, when it closed our
 * connection at our first request without a word, from an idle connection it keeps open
 * (a device at its limit of masters, or with an allow-list, closes every connection).
 */
import type { Protocol } from '../../../src-shared/session';
import { identifyProtocol, SIGNATURE_OCTETS, signatureName } from '../../protocols/capture';
import { probeTcp } from '../../transport/probe';
import type { TargetError } from './target';

const OURS: Record<Protocol, { name: string; start: string }> = {
  dnp3: { name: 'DNP3', start: '05 64' },
  iec104: { name: 'IEC 104', start: '68' },
};

const PORTS = 'DNP3 listens on 20000, IEC 104 on 2404 and IEC 104 over TLS on 19998';

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** Keeps the first octets a device sends and names the protocol they belong to. */
export class ForeignProtocolWatch {
  private head = new Uint8Array(0);

  constructor(private readonly protocol: Protocol) {}

  /** Feeds received bytes (only the first few are kept). */
  push(bytes: Uint8Array): void {
    if (this.head.length >= SIGNATURE_OCTETS) return;
    const head = new Uint8Array(Math.min(SIGNATURE_OCTETS, this.head.length + bytes.length));
    head.set(this.head);
    head.set(bytes.subarray(0, head.length - this.head.length), this.head.length);
    this.head = head;
  }

  /** WRONG_PROTOCOL when the first octets are another protocol's framing, else null. */
  foreign(): TargetError | null {
    const seen = identifyProtocol(this.head);
    if (seen === null || seen === this.protocol) return null;
    const ours = OURS[this.protocol];
    const advice = seen === 'tls' ? `the port expects TLS: use ${this.protocol}+tls://` : `check the port (${PORTS}) and the URL scheme`;
    return {
      code: 'WRONG_PROTOCOL',
      message: `the device speaks another protocol: ${signatureName(seen)} (its first octets ${hex(this.head)}), not ${ours.name} (${ours.start}): ${advice}`,
    };
  }
}

/**
 * After a TCP device closed our connection without sending anything: WRONG_PROTOCOL when
 * it keeps an idle connection open for `settleMs` (so it refused what we sent), else null
 * (it closes every connection at once: its limit of masters or an allow-list).
 */
export async function closedOnOurRequest(protocol: Protocol, host: string, port: number, timeoutMs: number, settleMs = 500): Promise<TargetError | null> {
  const idle = await probeTcp(host, port, { connectTimeoutMs: timeoutMs, settleMs });
  if (!idle.ok || idle.closedAfterAccept) return null;
  return {
    code: 'WRONG_PROTOCOL',
    message: `the device speaks another protocol: it closed the connection, without answering, when our ${OURS[protocol].name} request arrived, yet keeps an idle connection open: check the port (${PORTS}) and whether it expects TLS`,
  };
}
