/**
 * `npm run bench -- <name> [args]`: runs test/bench/<name>.ts, whose `run(args)` prints
 * figures. Benchmarks measure; they never assert wall-clock times.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.replace(/\.ts$/, ''));
const file = name ? join(import.meta.dirname, `${name}.ts`) : '';
if (!name || !existsSync(file) || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [args]; benchmarks: ${available.join(', ') || 'none yet'}`);
  process.exit(2);
}
const bench = (await import(file)) as { run(args: string[]): Promise<void> };
await bench.run(args);
