import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { anonymous } from '../../src/platform/auth/actor.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { openPglite, openPostgres } from '../../src/platform/db/client.ts';
import { migrateDatabase } from '../../src/platform/db/migrate.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTaskRuntime } from '../../src/platform/queue/runtime.ts';
import { TEMPLATE_DB, testDatabaseUrl, testEngine, tmpRoot, withDatabase } from './engine.ts';

/**
 * Build one migrated database (our schema and pg-boss's) per run; each test file then gets a fresh copy:
 * a PGlite loaded from a dump of it, or a PostgreSQL database created WITH TEMPLATE.
 */
export default async function setup(project: TestProject) {
  mkdirSync(tmpRoot, { recursive: true });
  const log = createLogger('silent');
  if (testEngine() === 'pglite') {
    const db = await openPglite(undefined);
    await migrateDatabase(db);
    const rt = await createTaskRuntime({
      database: db,
      log,
      clock: systemClock,
      tasks: [],
      systemActor: () => anonymous,
      concurrency: 1,
    });
    await rt.start();
    await rt.stop({ graceful: false });
    const dump = await db.pglite!.dumpDataDir('none');
    const file = `${tmpRoot}/pglite-template-${process.pid}.tar`;
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await db.close();
    project.provide('pgliteTemplate', file);
    return () => rmSync(file, { force: true });
  }
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const db = await openPostgres(withDatabase(testDatabaseUrl(), TEMPLATE_DB));
  await migrateDatabase(db);
  const rt = await createTaskRuntime({
    database: db,
    log,
    clock: systemClock,
    tasks: [],
    systemActor: () => anonymous,
    concurrency: 1,
  });
  await rt.start();
  await rt.stop({ graceful: false });
  await db.close();
  await admin.end();
  project.provide('pgliteTemplate', '');
  return undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
