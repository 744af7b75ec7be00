import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

/**
 * Two projects: node code (shared, main, protocols, engine, hosts) and the renderer
 * (Vue components and stores under happy-dom). Browser tests run from vitest.e2e.config.ts.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: ['test/unit/renderer/**'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/unit/renderer/**/*.test.ts'],
        },
      },
    ],
  },
});
