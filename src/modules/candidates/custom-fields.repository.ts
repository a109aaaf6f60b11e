import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { customFieldOptions, customFields } from './candidates.tables.ts';

export type CustomFieldRow = typeof customFields.$inferSelect;
export type CustomFieldOptionRow = typeof customFieldOptions.$inferSelect;

export async function listFields(db: Executor, workspaceId: string) {
  const [fields, options] = await Promise.all([
    db
      .select()
      .from(customFields)
      .where(eq(customFields.workspaceId, workspaceId))
      .orderBy(asc(customFields.position), asc(customFields.key)),
    db
      .select()
      .from(customFieldOptions)
      .where(eq(customFieldOptions.workspaceId, workspaceId))
      .orderBy(asc(customFieldOptions.position), asc(customFieldOptions.code)),
  ]);
  return fields.map((f) => ({ ...f, options: options.filter((o) => o.fieldId === f.id) }));
}

export async function getField(db: Executor, workspaceId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(customFields)
    .where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.id, id)));
  const field = (await (forUpdate ? q.for('update') : q))[0];
  if (!field) return undefined;
  const options = await db
    .select()
    .from(customFieldOptions)
    .where(eq(customFieldOptions.fieldId, id))
    .orderBy(asc(customFieldOptions.position), asc(customFieldOptions.code));
  return { ...field, options };
}

export async function insertField(db: Executor, row: CustomFieldRow, options: CustomFieldOptionRow[]) {
  await db.insert(customFields).values(row);
  if (options.length) await db.insert(customFieldOptions).values(options);
}

export async function updateField(
  db: Executor,
  workspaceId: string,
  id: string,
  set: Partial<CustomFieldRow>,
) {
  await db
    .update(customFields)
    .set(set)
    .where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.id, id)));
}

export async function insertOptions(db: Executor, rows: CustomFieldOptionRow[]) {
  if (rows.length) await db.insert(customFieldOptions).values(rows);
}

export async function updateOption(db: Executor, id: string, set: Partial<CustomFieldOptionRow>) {
  await db.update(customFieldOptions).set(set).where(eq(customFieldOptions.id, id));
}

export async function maxPosition(db: Executor, workspaceId: string): Promise<number> {
  const rows = await db
    .select({ position: customFields.position })
    .from(customFields)
    .where(eq(customFields.workspaceId, workspaceId));
  return rows.reduce((m, r) => Math.max(m, r.position), -1);
}
