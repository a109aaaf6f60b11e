import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type Database, queryRows, sql } from './client.ts';

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../migrations',
);

export type SchemaState =
  | { status: 'current'; applied: number; known: number }
  | { status: 'behind'; applied: number; known: number }
  | { status: 'ahead'; applied: number; known: number };

export class SchemaMismatchError extends Error {}

/** Compare the migrations recorded in the database with the ones this code ships. */
export async function schemaState(database: Database): Promise<SchemaState> {
  const known = readMigrationFiles({ migrationsFolder });
  const exists = await queryRows<{ t: string | null }>(
    database.db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  const applied = exists[0]?.t
    ? await queryRows<{ created_at: number }>(
        database.db,
        sql`select created_at::float8 as created_at from drizzle.__drizzle_migrations order by created_at`,
      )
    : [];
  const knownMillis = new Set(known.map((m) => m.folderMillis));
  const latestKnown = Math.max(0, ...known.map((m) => m.folderMillis));
  const counts = { applied: applied.length, known: known.length };
  if (applied.some((a) => !knownMillis.has(Number(a.created_at)) && Number(a.created_at) > latestKnown)) {
    return { status: 'ahead', ...counts };
  }
  if (applied.length < known.length) return { status: 'behind', ...counts };
  return { status: 'current', ...counts };
}

/** Apply every pending migration. Refuses a database whose schema is newer than this code. */
export async function migrateDatabase(database: Database): Promise<SchemaState> {
  const before = await schemaState(database);
  if (before.status === 'ahead') throw aheadError(before);
  if (before.status === 'current') return before;
  if (database.engine === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    // Several processes may run `prospector migrate` at once in server mode: one at a time.
    const client = await database.pool!.connect();
    try {
      await client.query('select pg_advisory_lock(7042001)');
      const { drizzle } = await import('drizzle-orm/node-postgres');
      await migrateNodePg(drizzle(client) as unknown as NodePgDatabase, { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock(7042001)').catch(() => undefined);
      client.release();
    }
  }
  return schemaState(database);
}

/** For processes that must not migrate (serve, worker): the schema must match this code exactly. */
export async function assertSchemaCurrent(database: Database): Promise<void> {
  const state = await schemaState(database);
  if (state.status === 'ahead') throw aheadError(state);
  if (state.status === 'behind') {
    throw new SchemaMismatchError(
      `The database schema is behind this code (${state.applied} of ${state.known} migrations applied). Run \`prospector migrate\` first.`,
    );
  }
}

function aheadError(state: SchemaState): SchemaMismatchError {
  return new SchemaMismatchError(
    `The database schema is newer than this code (${state.applied} migrations applied, this version knows ${state.known}). ` +
      'Upgrade Prospector before starting it on this database.',
  );
}
