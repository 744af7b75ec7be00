import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';
import type { UserConfig } from 'vite';

/** Root of the repository (this file's folder). */
const root = import.meta.dirname;

/** Where the production build of the renderer goes; the headless host serves it from here. */
export const rendererOutDir = resolve(root, 'out/renderer');

/**
 * The renderer's Vite config, shared by electron-vite (desktop build) and the headless
 * host's build-on-demand, so both serve the very same bundle.
 */
export const rendererConfig: UserConfig = {
  root: resolve(root, 'src-renderer'),
  base: './',
  plugins: [vue()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
  },
};
