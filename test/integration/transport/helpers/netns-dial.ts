/**
 * Run inside a test namespace (see netns.ts): dials each TCP target with dialTcp and prints
 * the outcomes as JSON.
 */
import { dialTcp } from '../../../../src-main/transport';
import { assertInsideTestNetns } from './netns';

assertInsideTestNetns();
const targets = JSON.parse(process.argv[2] ?? '[]') as Array<{ host: string; port: number; connectTimeoutMs: number }>;
const results = [];
for (const target of targets) {
  const result = await dialTcp({ kind: 'tcp', ...target });
  if (result.ok) result.value.destroy();
  results.push(result.ok ? { ok: true } : { ok: false, code: result.error.code, cause: result.error.cause ?? null });
}
process.stdout.write(JSON.stringify(results));
