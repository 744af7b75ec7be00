/**
 * A virtual serial pair for tests: `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`
 * started by the test, ready once both links exist. `pull()` kills socat (the cable is
 * pulled: both ptys vanish), `plugIn()` starts it again with the same links.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from './until';

/** True when socat is installed (CI installs it; `.ci/run`). */
export const HAVE_SOCAT = spawnSync('socat', ['-V']).status === 0;

/** One virtual null-modem cable between the ports `a` and `b`. */
export class VirtualSerialPair {
  readonly dir = mkdtempSync(join(tmpdir(), 'switchyard-serial-'));
  readonly a = join(this.dir, 'A');
  readonly b = join(this.dir, 'B');
  private child: ChildProcess | null = null;

  /** Starts socat and waits until both links exist. */
  async plugIn(): Promise<this> {
    rmSync(this.a, { force: true });
    rmSync(this.b, { force: true });
    const child = spawn('socat', [`pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`], { stdio: 'ignore' });
    this.child = child;
    await until('socat links', () => existsSync(this.a) && existsSync(this.b), 10_000);
    return this;
  }

  /**
   * Kills socat with SIGKILL (no clean-up of the links: they dangle, as a vanished
   * adapter's name does). The signal is sent before this returns, so a caller inside a
   * byte tap pulls the cable before the session sees those bytes; await it for the exit.
   */
  pull(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    this.child = null;
    return exited;
  }

  /** Kills socat and removes the folder. */
  async dispose(): Promise<void> {
    await this.pull();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
