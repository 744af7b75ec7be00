/**
 * The address, name and description of many points in one string, each read out on
 * demand. JSON.parse internalizes short strings (a point's address, often its name), and
 * V8 walks every internalized string in each full garbage collection's pause: 100,000
 * points' own strings, kept one by one, made those pauses tens of ms longer. Kept here in
 * one string, the parsed copies are dropped and collected, and a read makes a short-lived
 * slice.
 */
import { markRaw } from 'vue';

/** The fields kept per point. */
export interface PointNameFields {
  address: string;
  name: string;
  description: string;
}

const FIELDS = 3;

/** The names of a list of points, by their index in the list. */
export class PointNames {
  private readonly text: string;
  /** End of each field in `text` (FIELDS per point). */
  private readonly ends: Uint32Array;

  constructor(points: readonly PointNameFields[]) {
    this.ends = new Uint32Array(points.length * FIELDS);
    const parts: string[] = [];
    let end = 0;
    points.forEach((point, k) => {
      for (const [f, part] of [point.address, point.name, point.description].entries()) {
        parts.push(part);
        end += part.length;
        this.ends[k * FIELDS + f] = end;
      }
    });
    this.text = parts.join('');
    markRaw(this);
  }

  /** Point `k`'s address. */
  address(k: number): string {
    return this.field(k * FIELDS);
  }

  /** Point `k`'s name. */
  name(k: number): string {
    return this.field(k * FIELDS + 1);
  }

  /** Point `k`'s description. */
  description(k: number): string {
    return this.field(k * FIELDS + 2);
  }

  private field(at: number): string {
    return this.text.slice(at === 0 ? 0 : this.ends[at - 1], this.ends[at]);
  }
}
