import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** The source catalogue: where candidates come from (job boards, sourcing tools, referrals...), with cost. */
export const importSources = pgTable(
  'import_sources',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    /** Stable lower-case code (`linkedin`, `gem`...): stored on candidates, provenance and touchpoints. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** job_board, sourcing_tool, referral, career_site, agency, event, internal_mobility, other */
    kind: text('kind').notNull(),
    vendorId: uuid('vendor_id'),
    /** paid, organic, referral, owned, partner */
    channel: text('channel').notNull(),
    costPerMonth: numeric('cost_per_month', { precision: 12, scale: 2, mode: 'number' }),
    costPerHire: numeric('cost_per_hire', { precision: 12, scale: 2, mode: 'number' }),
    currency: text('currency'),
    archivedAt: ts('archived_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('import_sources_code').on(t.workspaceId, t.code)],
);

/** Vendors that hand us personal data, with their data-processing agreement and the regions it covers. */
export const importVendors = pgTable(
  'import_vendors',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    name: text('name').notNull(),
    /** none, pending, signed, terminated */
    dpaStatus: text('dpa_status').notNull(),
    dpaSignedAt: date('dpa_signed_at', { mode: 'string' }),
    dpaExpiresAt: date('dpa_expires_at', { mode: 'string' }),
    /** ISO country codes, region groups (EU, EEA) or `*` (everywhere). */
    regions: text('regions').array().notNull(),
    notes: text('notes').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('import_vendors_name').on(t.workspaceId, t.name)],
);

/** Saved column mappings (header -> target), reusable across runs. */
export const importMappings = pgTable(
  'import_mappings',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    name: text('name').notNull(),
    format: text('format').notNull(),
    columns: jsonb('columns').$type<Record<string, string>>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('import_mappings_name').on(t.workspaceId, t.name)],
);

export interface RunOptions {
  campaign?: string | null;
  sourcer?: string | null;
  fileName?: string | null;
  /** When a run still awaiting its mapping is given up (the sweeper cancels it and deletes the file). */
  expiresAt?: string | null;
}

/**
 * One import: the uploaded file (in import_file_chunks), what to do with it, and how far it got. The committed
 * position (`position_row`, `position_byte`) advances in the same transaction as each chunk's rows, so a run
 * killed anywhere resumes exactly after the last committed chunk.
 */
export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    format: text('format').notNull(),
    sourceId: uuid('source_id').notNull(),
    sourceCode: text('source_code').notNull(),
    mappingId: uuid('mapping_id'),
    /** The mapping in force (header -> target), resolved when the run starts. */
    mapping: jsonb('mapping').$type<Record<string, string> | null>(),
    options: jsonb('options').$type<RunOptions>().notNull(),
    /** uploading, awaiting_mapping, queued, running, completed, failed, cancelled */
    status: text('status').notNull(),
    fileBytes: bigint('file_bytes', { mode: 'number' }).notNull(),
    fileSha256: text('file_sha256'),
    fileChunks: integer('file_chunks').notNull(),
    /** CSV header row (kept so that a resumed parse can start mid-file). */
    headers: jsonb('headers').$type<string[] | null>(),
    positionRow: integer('position_row').notNull(),
    positionByte: bigint('position_byte', { mode: 'number' }).notNull(),
    rowsRead: integer('rows_read').notNull(),
    created: integer('created').notNull(),
    merged: integer('merged').notNull(),
    heldForReview: integer('held_for_review').notNull(),
    heldForDpa: integer('held_for_dpa').notNull(),
    rejected: integer('rejected').notNull(),
    unchanged: integer('unchanged').notNull(),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    cancelRequestedAt: ts('cancel_requested_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('import_runs_workspace').on(t.workspaceId, t.createdAt, t.id),
    index('import_runs_sha').on(t.workspaceId, t.fileSha256),
  ],
);

/** The uploaded file, in ~1 MB pieces: any worker process reads it from the database. */
export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => importRuns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** Byte offset of this piece in the file. */
    offset: bigint('offset', { mode: 'number' }).notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** Rejected rows of a run: one line per (row, field, reason); the downloadable error report. */
export const importRowErrors = pgTable(
  'import_row_errors',
  {
    workspaceId: uuid('workspace_id').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => importRuns.id, { onDelete: 'cascade' }),
    rowNo: integer('row_no').notNull(),
    field: text('field').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('import_row_errors_run').on(t.runId, t.rowNo)],
);

/**
 * Records held back (vendor without a valid DPA for the candidate's region): kept, not stored as candidates,
 * until someone releases or discards them. A discarded row keeps no personal data.
 */
export const importHeldRows = pgTable(
  'import_held_rows',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    runId: uuid('run_id'),
    rowNo: integer('row_no'),
    sourceId: uuid('source_id').notNull(),
    vendorId: uuid('vendor_id'),
    /** dpa_missing, dpa_expired, region_not_covered, region_unknown */
    reason: text('reason').notNull(),
    country: text('country'),
    /** The candidate input as it arrived (validated), and its touchpoint metadata; null once discarded. */
    input: jsonb('input').$type<Record<string, unknown> | null>(),
    meta: jsonb('meta').$type<Record<string, unknown> | null>(),
    /** held, released, discarded */
    status: text('status').notNull(),
    candidateId: uuid('candidate_id'),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    index('import_held_rows_queue').on(t.workspaceId, t.status, t.createdAt),
    uniqueIndex('import_held_rows_run_row').on(t.runId, t.rowNo).where(sql`run_id is not null`),
  ],
);
