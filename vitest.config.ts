import { defineConfig } from 'vitest/config';

// `npm test`: unit tests (rules) and HTTP-level integration tests on a real database, a fresh one per file.
// TEST_ENGINE=postgres TEST_DATABASE_URL=... runs the integration project on PostgreSQL instead of PGlite.
export default defineConfig({
  test: {
    // 2 cores: two files at a time keeps PGlite's event-loop blocking from starving each other.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'test/integration/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
