/** Regenerates test/vectors/dnp3/*.json: `npx tsx test/unit/protocols/dnp3/write-vectors.ts`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLinkVectors, buildObjectVectors, VECTOR_DIR } from './vectors';

mkdirSync(VECTOR_DIR, { recursive: true });
writeFileSync(join(VECTOR_DIR, 'link.json'), JSON.stringify(buildLinkVectors(), null, 1) + '\n');
writeFileSync(join(VECTOR_DIR, 'objects.json'), JSON.stringify(buildObjectVectors(), null, 1) + '\n');
