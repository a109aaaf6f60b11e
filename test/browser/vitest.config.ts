import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Browser journeys: the built web UI against a real server in Debian's Chromium. Files end in `.journey.ts`
 * so that the default `vitest run` of the other suites never picks them up.
 */
export default defineConfig({
  test: {
    root: here,
    include: ['**/*.journey.ts'],
    globalSetup: ['./global-setup.ts'],
    // One server, one browser per file: run the files one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
