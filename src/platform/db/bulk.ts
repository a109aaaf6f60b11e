import { getTableColumns, getTableName, type InferInsertModel, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.ts';

/** Rows per statement: one JSON parameter each, kept well under the drivers' message sizes. */
const ROWS_PER_STATEMENT = 2000;

/**
 * Insert many rows of one table in few statements: the rows travel as ONE JSON parameter and the database
 * turns them into records (`json_populate_recordset`), instead of a statement with a parameter per value,
 * whose building costs more than the insert itself at import sizes. The columns are those of the first row
 * (every row must have the same keys; a column left out takes its default). Values go as JSON: objects for jsonb
 * columns, arrays for array columns, Dates for timestamps (binary columns are not supported).
 */
export async function insertMany<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly InferInsertModel<T>[],
  opts: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter(
    (k) => k in columns && (rows[0] as Record<string, unknown>)[k] !== undefined,
  );
  const names = keys.map((k) => columns[k]!.name);
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const type = sql.raw(`"${getTableName(table)}"`);
  const conflict = opts.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const slice = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => {
      const out: Record<string, unknown> = {};
      for (let k = 0; k < keys.length; k++) out[names[k]!] = (r as Record<string, unknown>)[keys[k]!];
      return out;
    });
    await db.execute(
      sql`insert into ${type} (${list}) select ${list} from json_populate_recordset(null::${type}, ${JSON.stringify(slice)}::json)${conflict}`,
    );
  }
}
