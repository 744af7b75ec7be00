import { defineConfig } from 'vitest/config';

/**
 * Browser tests: Playwright drives Debian's Chromium against the headless host serving
 * the production renderer build. One file at a time: each starts its own host.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/e2e/global-setup.ts'],
  },
});
