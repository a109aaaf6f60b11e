import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '../../src/platform/db/client.ts';
import { newSecret } from '../../src/platform/ids.ts';
import { TEMPLATE_DB, testDatabaseUrl, testEngine, withDatabase } from './engine.ts';

/** A fresh, migrated database for one test file; `close()` drops it. */
export async function freshDatabase(): Promise<Database> {
  if (testEngine() === 'pglite') {
    const file = inject('pgliteTemplate');
    return openPglite(undefined, { loadDataDir: new Blob([readFileSync(file)]) });
  }
  const name = `t_${newSecret(9)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const db = await openPostgres(withDatabase(testDatabaseUrl(), name), { max: 5 });
  const close = db.close;
  return {
    ...db,
    close: async () => {
      await close();
      const a = new pg.Client({ connectionString: testDatabaseUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
