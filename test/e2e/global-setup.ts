import { ensureRendererBuilt } from '../../src-main/host/headless/renderer-build';

/** Builds the production renderer once before the browser tests (when it is stale). */
export default async function setup(): Promise<void> {
  await ensureRendererBuilt((line) => console.log(line));
}
