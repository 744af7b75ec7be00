import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The version in the repository's package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
