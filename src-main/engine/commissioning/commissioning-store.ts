/**
 * Where commissioning results live: beside the workspace file, in `commissioning/` of the
 * data directory: one JSON file per checkout and the history of checks (newest first,
 * capped). Files are replaced atomically (write, then rename).
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { CheckRecord, Checkout } from '../../../src-shared/ipc/schemas/commissioning';

/** Checks kept in the history. */
export const CHECK_HISTORY_LIMIT = 200;

async function writeAtomic(path: string, data: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(data, null, 2));
  await rename(tmp, path);
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Persistent checkouts and check history of one data directory. */
export class CommissioningStore {
  private readonly dir: string;
  private readonly checkoutDir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'commissioning');
    this.checkoutDir = join(this.dir, 'checkouts');
  }

  /** The check history, newest first; unreadable or invalid entries are left out. */
  async checks(): Promise<CheckRecord[]> {
    const parsed = v.safeParse(v.array(CheckRecord), (await readJson(join(this.dir, 'checks.json'))) ?? []);
    return parsed.success ? parsed.output : [];
  }

  /** Adds a check at the head of the history. */
  async addCheck(record: CheckRecord): Promise<void> {
    const history = [record, ...(await this.checks())].slice(0, CHECK_HISTORY_LIMIT);
    await mkdir(this.dir, { recursive: true });
    await writeAtomic(join(this.dir, 'checks.json'), history);
  }

  /** Every stored checkout. */
  async checkouts(): Promise<Checkout[]> {
    let names: string[];
    try {
      names = (await readdir(this.checkoutDir)).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const all = await Promise.all(names.map((n) => this.checkout(n.slice(0, -5))));
    return all.filter((c): c is Checkout => c !== undefined);
  }

  /** One checkout, or undefined. */
  async checkout(id: string): Promise<Checkout | undefined> {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
    const parsed = v.safeParse(Checkout, await readJson(join(this.checkoutDir, `${id}.json`)));
    return parsed.success ? parsed.output : undefined;
  }

  /** Saves a checkout. */
  async saveCheckout(checkout: Checkout): Promise<void> {
    await mkdir(this.checkoutDir, { recursive: true });
    await writeAtomic(join(this.checkoutDir, `${checkout.id}.json`), checkout);
  }
}
