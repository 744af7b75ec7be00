/**
 * Watches the DNP3 link frames a device sends, to tell "no answer" from "answers from or
 * to other link addresses than configured" (a wrong outstation or master address).
 */
import { LinkFramer } from '../../protocols/dnp3';

/** Link addresses seen on received frames. */
export class Dnp3AddressWatch {
  private readonly framer = new LinkFramer();
  /** `source->destination` of every received frame, with a count. */
  readonly seen = new Map<string, number>();

  /** Feeds received bytes. */
  push(bytes: Uint8Array): void {
    for (const item of this.framer.push(bytes)) {
      if (!item.ok) continue;
      const key = `${item.frame.source}->${item.frame.destination}`;
      this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
    }
  }

  /** Frames seen that were not from `outstation` to `master`, as `source->destination` pairs. */
  foreign(master: number, outstation: number): string[] {
    return [...this.seen.keys()].filter((k) => k !== `${outstation}->${master}`);
  }

  /** Received frames in total. */
  get frames(): number {
    let n = 0;
    for (const c of this.seen.values()) n += c;
    return n;
  }
}
