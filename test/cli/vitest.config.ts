import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * CLI tests: the real `prospector` commands as child processes (node bin/prospector.js), each test on a fresh
 * data directory under the OS temp dir. `npm run test:cli`. Each cold start migrates an embedded database, so
 * tests are slow-ish by nature; two files at a time on 2 cores.
 */
export default defineConfig({
  test: {
    root: here,
    include: ['**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
