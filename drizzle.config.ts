import { defineConfig } from 'drizzle-kit';

// Every module's tables (and the platform's) live in `*.tables.ts` files; one migrations folder serves both engines.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/**/*.tables.ts', './src/modules/**/*.tables.ts'],
  out: './migrations',
  casing: 'snake_case',
});
