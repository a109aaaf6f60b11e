import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { candidates } from './candidates.tables.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Per-field provenance: which source gave which value of a candidate, when, through which import run. One row
 * per (candidate, field, value arrival); rows are never updated except to follow a merge (moved to the survivor
 * by id, and moved back exactly on undo).
 */
export const fieldProvenance = pgTable(
  'candidate_field_provenance',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    /** Field path as in the API: `headline`, `emails`, `location.country`, `customFields.postcode`... */
    field: text('field').notNull(),
    value: jsonb('value').$type<unknown>(),
    /** Source code from the catalogue (`linkedin`, `gem`, `manual`...). */
    source: text('source').notNull(),
    sourceId: uuid('source_id'),
    importRunId: uuid('import_run_id'),
    externalId: text('external_id'),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [
    index('candidate_field_provenance_candidate').on(t.candidateId, t.field, t.recordedAt),
    index('candidate_field_provenance_run').on(t.importRunId),
  ],
);
