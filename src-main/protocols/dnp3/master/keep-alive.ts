/**
 * Link keep-alive on TCP: after `keepAliveMs` without hearing the outstation, send
 * REQUEST_LINK_STATUS; when nothing is heard within the response timeout after it, the
 * link is considered lost.
 */
import type { SessionOutput } from '../../../../src-shared/session';

/** Timer ids the keep-alive uses. */
export const T_KEEPALIVE = 'dnp3.keepalive';
/** Timer of the wait for an answer to REQUEST_LINK_STATUS. */
export const T_LINK_STATUS = 'dnp3.linkStatus';

/** Keep-alive state of one association. */
export class KeepAlive {
  private lastHeardMs = 0;
  private sentMs: number | null = null;

  constructor(
    private readonly keepAliveMs: number,
    private readonly answerMs: number,
  ) {}

  /** Link up: starts the idle timer (when enabled). */
  start(nowMs: number, out: SessionOutput[]): void {
    this.lastHeardMs = nowMs;
    this.sentMs = null;
    if (this.keepAliveMs > 0) out.push({ kind: 'arm', id: T_KEEPALIVE, ms: this.keepAliveMs });
  }

  /** A valid frame arrived. */
  heard(nowMs: number): void {
    this.lastHeardMs = nowMs;
  }

  /** Handles its timers; returns true when the link is lost. `request` sends REQUEST_LINK_STATUS. */
  onTimer(id: string, nowMs: number, out: SessionOutput[], request: () => void): boolean {
    if (id === T_KEEPALIVE) {
      const idle = nowMs - this.lastHeardMs;
      if (idle >= this.keepAliveMs) {
        request();
        this.sentMs = nowMs;
        out.push({ kind: 'arm', id: T_LINK_STATUS, ms: this.answerMs }, { kind: 'arm', id: T_KEEPALIVE, ms: this.keepAliveMs });
      } else {
        out.push({ kind: 'arm', id: T_KEEPALIVE, ms: this.keepAliveMs - idle });
      }
      return false;
    }
    if (id === T_LINK_STATUS) {
      const lost = this.sentMs !== null && this.lastHeardMs < this.sentMs;
      this.sentMs = null;
      return lost;
    }
    return false;
  }
}
