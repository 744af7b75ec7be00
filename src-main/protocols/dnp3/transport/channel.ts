/**
 * One association's link and transport stack, shared by the master and the outstation:
 * received bytes -> framer -> address check -> secondary link replies -> reassembly ->
 * application fragments; fragments to send -> segments -> link frames. Reports counted
 * errors and analyzer frames as session outputs.
 */
import type { DecodeLevel, SessionOutput } from '../../../../src-shared/session';
import { describeDroppedFrame, describeLinkFrame } from '../analyzer/describe';
import { LinkFramer } from '../link/framer';
import { ConfirmedSender, LINK_TIMER } from '../link/confirmed-sender';
import { encodeLinkFrame, LinkFunction, type LinkFrame } from '../link/frame';
import { Reassembler } from './reassembler';
import { segmentFragment } from './segments';

/** Settings of a channel. */
export interface ChannelConfig {
  localAddress: number;
  remoteAddress: number;
  /** Outstation without source address validation: accept any source and reply to the last one heard. */
  acceptAnySource?: boolean;
  /** True on the master side (sets DIR on frames sent). */
  isMaster: boolean;
  maxRxFragment: number;
  decodeLevel: DecodeLevel;
  /** Send user data as CONFIRMED_USER_DATA (link confirms), with this timeout and retries; null for unconfirmed. */
  confirmed: { timeoutMs: number; retries: number } | null;
}

/** Counters of a channel. */
export interface ChannelStats {
  framesRx: number;
  framesTx: number;
  crcErrors: number;
  wrongDestination: number;
  wrongSource: number;
  transportErrors: number;
}

/** Link and transport stack for one association. */
export class Dnp3Channel {
  private readonly framer = new LinkFramer();
  private readonly reassembler: Reassembler;
  private txSeq = 0;
  /** Counters. */
  readonly stats: ChannelStats = { framesRx: 0, framesTx: 0, crcErrors: 0, wrongDestination: 0, wrongSource: 0, transportErrors: 0 };
  /** Set whenever a valid frame for us arrives; the owner clears it. */
  heard = false;
  /** A frame of the fragment being reassembled went to a broadcast address. */
  private broadcastSeen = false;
  /** Fragments among the last `receive` results that came to a broadcast address. */
  readonly broadcast = new WeakSet<Uint8Array>();
  private readonly confirmed: ConfirmedSender | null;
  /** Last segment -> its fragment, so confirmed-mode frames carry the application decode too. */
  private readonly fragmentOfLastSegment = new WeakMap<Uint8Array, Uint8Array>();
  /** FCB expected in the next CONFIRMED_USER_DATA (null until RESET_LINK_STATES). */
  private expectedFcb: boolean | null = null;

  /** How much is described for the analyzer; changed at run time by `setDecodeLevel`. */
  private decodeLevel: DecodeLevel;
  /** Where frames go: the configured remote, or with `acceptAnySource` the last source heard. */
  private remote: number;

  constructor(private readonly cfg: ChannelConfig) {
    this.decodeLevel = cfg.decodeLevel;
    this.remote = cfg.remoteAddress;
    this.reassembler = new Reassembler(cfg.maxRxFragment);
    this.confirmed = cfg.confirmed
      ? new ConfirmedSender({ ...cfg.confirmed, frame: (func, fcb, fcv, payload) => this.frame(true, func, payload, fcb, fcv) }, (f, out) => this.sendFrame(f, out, this.fragmentOfLastSegment.get(f.payload) ?? null))
      : null;
  }

  /** Changes how much the channel describes for the analyzer from now on. */
  setDecodeLevel(level: DecodeLevel): void {
    this.decodeLevel = level;
  }

  /** Handles the link timer (`dnp3.link`); false when confirmed delivery failed after its retries. */
  onTimer(id: string, out: SessionOutput[]): boolean {
    if (id !== LINK_TIMER || !this.confirmed) return true;
    if (this.confirmed.onTimer(out) === 'ok') return true;
    out.push({ kind: 'event', event: { type: 'error', code: 'LINK_CONFIRM_TIMEOUT', message: 'no link-layer confirm after the retries' } });
    return false;
  }

  private frame(prm: boolean, func: number, payload: Uint8Array, fcb = false, fcvDfc = false): LinkFrame {
    return { dir: this.cfg.isMaster, prm, fcb, fcvDfc, func, destination: this.remote, source: this.cfg.localAddress, payload };
  }

  /** Feeds received bytes; returns the whole fragments they completed. */
  receive(bytes: Uint8Array, out: SessionOutput[]): Uint8Array[] {
    const fragments: Uint8Array[] = [];
    for (const item of this.framer.push(bytes)) {
      if (!item.ok) {
        if (item.error.code !== 'DISCARDED_OCTETS') this.stats.crcErrors++;
        out.push({ kind: 'event', event: { type: 'error', code: item.error.code, message: item.error.message } });
        if (item.raw) this.emitDropped(item.raw, null, item.error.code, item.error.message, out);
        continue;
      }
      const f = item.frame;
      const refused = this.refusal(f);
      if (refused) {
        out.push({ kind: 'event', event: { type: 'error', ...refused } });
        this.emitDropped(item.raw, f, refused.code, refused.message, out);
        continue;
      }
      this.stats.framesRx++;
      this.heard = true;
      const fragment = this.handleFrame(f, out);
      if (this.decodeLevel !== 'off') this.emitFrame('rx', f, item.raw, fragment, out);
      if (f.destination >= 0xfffd) this.broadcastSeen = true;
      if (fragment) {
        if (this.broadcastSeen) this.broadcast.add(fragment);
        this.broadcastSeen = false;
        fragments.push(fragment);
      }
    }
    return fragments;
  }

  /** Segments a fragment and queues its link frames (unconfirmed user data) as one `tx`. */
  sendFragment(fragment: Uint8Array, out: SessionOutput[]): void {
    const { segments, nextSeq } = segmentFragment(fragment, this.txSeq);
    this.txSeq = nextSeq;
    if (this.confirmed) {
      if (this.decodeLevel !== 'off') this.fragmentOfLastSegment.set(segments[segments.length - 1]!, fragment);
      this.confirmed.enqueue(segments, out);
      return;
    }
    const frames = segments.map((payload, i) => {
      const f = this.frame(true, LinkFunction.UNCONFIRMED_USER_DATA, payload);
      const raw = encodeLinkFrame(f);
      if (this.decodeLevel !== 'off') this.emitFrame('tx', f, raw, i === segments.length - 1 ? fragment : null, out);
      return raw;
    });
    this.stats.framesTx += frames.length;
    if (frames.length === 1) {
      out.push({ kind: 'tx', bytes: frames[0]! });
      return;
    }
    const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      all.set(f, at);
      at += f.length;
    }
    out.push({ kind: 'tx', bytes: all });
  }

  /** Sends REQUEST_LINK_STATUS (keep-alive). */
  requestLinkStatus(out: SessionOutput[]): void {
    this.sendFrame(this.frame(true, LinkFunction.REQUEST_LINK_STATUS, new Uint8Array(0)), out, null);
  }

  /** Forgets partial frames and fragments (link down). */
  reset(): void {
    this.framer.reset();
    this.reassembler.reset();
    this.confirmed?.reset();
    this.expectedFcb = null;
    this.broadcastSeen = false;
  }

  /** Why a well-formed frame is not for this association (counted), or null when it is. */
  private refusal(f: LinkFrame): { code: 'WRONG_DESTINATION' | 'WRONG_SOURCE'; message: string } | null {
    // outstations also accept the broadcast addresses 0xFFFD-0xFFFF
    const broadcast = !this.cfg.isMaster && f.destination >= 0xfffd;
    if (f.destination !== this.cfg.localAddress && !broadcast) {
      this.stats.wrongDestination++;
      return { code: 'WRONG_DESTINATION', message: `frame for ${f.destination} dropped (we are ${this.cfg.localAddress})` };
    }
    if (this.cfg.acceptAnySource && f.source < 0xfff0) this.remote = f.source;
    if (f.source !== this.remote) {
      this.stats.wrongSource++;
      return { code: 'WRONG_SOURCE', message: `frame from ${f.source} dropped (expected ${this.remote})` };
    }
    return null;
  }

  /** Shows a received frame the link layer dropped in the analyzer, with its octets. */
  private emitDropped(raw: Uint8Array, f: LinkFrame | null, code: string, message: string, out: SessionOutput[]): void {
    if (this.decodeLevel === 'off') return;
    out.push({ kind: 'event', event: { type: 'frame', frame: describeDroppedFrame(raw, f, code, message, this.decodeLevel) } });
  }

  private handleFrame(f: LinkFrame, out: SessionOutput[]): Uint8Array | null {
    if (!f.prm) {
      // secondary frames: ACK/NACK drive confirmed sending; all of them prove the link is alive
      this.confirmed?.onSecondary(f.func, out);
      return null;
    }
    const reply = (func: number): void => this.sendFrame(this.frame(false, func, new Uint8Array(0)), out, null);
    switch (f.func) {
      case LinkFunction.REQUEST_LINK_STATUS:
        if (f.destination < 0xfffd) reply(LinkFunction.LINK_STATUS);
        return null;
      case LinkFunction.RESET_LINK_STATES:
        this.expectedFcb = true;
        reply(LinkFunction.ACK);
        return null;
      case LinkFunction.TEST_LINK_STATES:
        reply(LinkFunction.ACK);
        return null;
      case LinkFunction.CONFIRMED_USER_DATA: {
        if (f.destination < 0xfffd) reply(LinkFunction.ACK);
        // a repeat (same FCB as the last accepted frame) is acknowledged again but not delivered twice
        if (this.expectedFcb !== null && f.fcb !== this.expectedFcb) return null;
        this.expectedFcb = !f.fcb;
        return this.reassemble(f.payload, out);
      }
      case LinkFunction.UNCONFIRMED_USER_DATA:
        return this.reassemble(f.payload, out);
      default:
        reply(LinkFunction.NOT_SUPPORTED);
        return null;
    }
  }

  private reassemble(payload: Uint8Array, out: SessionOutput[]): Uint8Array | null {
    const r = this.reassembler.push(payload);
    if (r.kind === 'pending') return null;
    if (r.kind === 'fragment') return r.fragment;
    this.stats.transportErrors++;
    out.push({ kind: 'event', event: { type: 'error', code: r.code, message: r.message } });
    return r.fragment ?? null;
  }

  private sendFrame(f: LinkFrame, out: SessionOutput[], fragment: Uint8Array | null): void {
    const raw = encodeLinkFrame(f);
    this.stats.framesTx++;
    out.push({ kind: 'tx', bytes: raw });
    if (this.decodeLevel !== 'off') this.emitFrame('tx', f, raw, fragment, out);
  }

  private emitFrame(direction: 'tx' | 'rx', f: LinkFrame, raw: Uint8Array, fragment: Uint8Array | null, out: SessionOutput[]): void {
    if (this.decodeLevel === 'off') return;
    const frame = describeLinkFrame(direction, f, raw, fragment, this.decodeLevel);
    out.push({ kind: 'event', event: { type: 'frame', frame } });
  }
}
