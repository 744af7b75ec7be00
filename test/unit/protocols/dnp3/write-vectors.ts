/** Regenerates test/vectors/dnp3/*.json: `npx tsx test/unit/protocols/dnp3/write-vectors.ts`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFileVectors } from './files/file-vectors';
import { buildLinkVectors, buildObjectVectors, VECTOR_DIR } from './vectors';

mkdirSync(VECTOR_DIR, { recursive: true });
writeFileSync(join(VECTOR_DIR, 'link.json'), JSON.stringify(buildLinkVectors(), null, 1) + '\n');
writeFileSync(join(VECTOR_DIR, 'objects.json'), JSON.stringify(buildObjectVectors(), null, 1) + '\n');
writeFileSync(join(VECTOR_DIR, 'file-transfer.json'), JSON.stringify(buildFileVectors(), null, 1) + '\n');
