/**
 * Trivial sessions for transport tests.
 */
import type { Session, SessionInput, SessionOutput } from '../../../../src-shared/session';

/** Echoes every received chunk back on the same link; closes on `stop`. */
export class EchoSession implements Session {
  step(input: SessionInput): SessionOutput[] {
    if (input.kind === 'rx') return [{ kind: 'tx', bytes: input.bytes, link: input.link ?? 0 }];
    if (input.kind === 'call' && input.call.op === 'stop') return [{ kind: 'close', reason: 'stop requested', link: 0 }];
    return [];
  }
}

/** A session whose behaviour is a function; records every input with its time. */
export class ScriptedSession implements Session {
  readonly inputs: Array<{ input: SessionInput; nowMs: number }> = [];

  constructor(private readonly script: (input: SessionInput, nowMs: number) => SessionOutput[] = () => []) {}

  step(input: SessionInput, nowMs: number): SessionOutput[] {
    this.inputs.push({ input, nowMs });
    return this.script(input, nowMs);
  }

  /** Kinds of the inputs so far, e.g. `up:0`, `rx:0`, `down:0`. */
  kinds(): string[] {
    return this.inputs.map(({ input }) => ('link' in input ? `${input.kind}:${input.link ?? 0}` : input.kind));
  }
}

/** Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
