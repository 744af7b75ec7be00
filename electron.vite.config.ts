import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer';

/**
 * Builds main (ESM) with the capture-decoding worker as a second entry
 * (`out/main/capture-worker.js`, started by commissioning/capture-worker/decode-in-worker.ts),
 * the sandboxed preload (CommonJS, self-contained) and the renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/host/electron/main.ts'),
          'capture-worker': resolve(import.meta.dirname, 'src-main/commissioning/capture-worker/worker-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
