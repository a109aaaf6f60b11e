import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Evidence } from './duplicates.types.ts';
import type { MatchRules } from './rules.contract.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Each workspace's match rules (absent: the defaults). `version` grows with every change. */
export const duplicateRules = pgTable('duplicate_rules', {
  workspaceId: uuid('workspace_id').primaryKey(),
  rules: jsonb('rules').$type<MatchRules>().notNull(),
  version: integer('version').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Blocking keys per candidate: two candidates are compared only when they share a key. Kept in step with
 * every candidate write (listener) and rebuilt by a re-scan. Merged-away records have none.
 */
export const matchKeys = pgTable(
  'duplicate_match_keys',
  {
    workspaceId: uuid('workspace_id').notNull(),
    key: text('key').notNull(),
    candidateId: uuid('candidate_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.key, t.candidateId] }),
    index('duplicate_match_keys_candidate').on(t.candidateId),
  ],
);

/**
 * Compact match records: per candidate, the few normalised values the comparators read (names, place, current
 * company and title, short custom fields) and its exact identities, so that matching never loads whole
 * candidate rows. Written with the blocking keys (same listener, same re-scan); merged-away records have none.
 * `rec` is `{ v: { field: value }, i: [[kind, value]] }`.
 */
export const matchRecords = pgTable(
  'duplicate_match_records',
  {
    workspaceId: uuid('workspace_id').notNull(),
    candidateId: uuid('candidate_id').notNull(),
    rec: jsonb('rec').$type<{ v: Record<string, string>; i: [string, string][] }>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.candidateId] })],
);

/**
 * Candidate pairs found (a_id < b_id) with their evidence and the decision taken. `not_duplicate` is
 * remembered: the pair is never proposed again.
 */
export const duplicatePairs = pgTable(
  'duplicate_pairs',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    aId: uuid('a_id').notNull(),
    bId: uuid('b_id').notNull(),
    score: real('score').notNull(),
    evidence: jsonb('evidence').$type<Evidence>().notNull(),
    /** pending, merged, not_duplicate, skipped */
    status: text('status').notNull(),
    /** How it was found: import, capture, create, rescan, manual. */
    foundBy: text('found_by').notNull(),
    detectedAt: ts('detected_at').notNull(),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    uniqueIndex('duplicate_pairs_pair').on(t.workspaceId, t.aId, t.bId),
    index('duplicate_pairs_queue').on(t.workspaceId, t.status, t.score),
    index('duplicate_pairs_b').on(t.bId),
  ],
);

/** What a merge changed on the survivor, field by field, so that undo reverts only what is still as merged. */
export interface FieldChange {
  field: string;
  /** Scalar fields: value before and after the merge. */
  before?: unknown;
  after?: unknown;
  /** List fields (emails, phones, links, work, education, skills, tags): entries the merge added. */
  added?: unknown[];
}

/**
 * One merge: the loser's full row before the merge, the survivor's fields before, the exact rows moved and
 * the field changes made. Undo uses these; `undone_at` marks an undone merge.
 */
export const candidateMerges = pgTable(
  'candidate_merges',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    survivorId: uuid('survivor_id').notNull(),
    loserId: uuid('loser_id').notNull(),
    pairId: uuid('pair_id'),
    loserSnapshot: jsonb('loser_snapshot').$type<Record<string, unknown>>().notNull(),
    survivorBefore: jsonb('survivor_before').$type<Record<string, unknown>>().notNull(),
    fieldChanges: jsonb('field_changes').$type<FieldChange[]>().notNull(),
    moved: jsonb('moved').$type<Record<string, string[]>>().notNull(),
    /** Rows moved by other modules' link movers (provenance...), by mover name. */
    movedExternal: jsonb('moved_external').$type<Record<string, unknown>>().notNull(),
    evidence: jsonb('evidence').$type<Evidence | null>(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    undoneAt: ts('undone_at'),
    undoneBy: uuid('undone_by'),
  },
  (t) => [
    index('candidate_merges_survivor').on(t.workspaceId, t.survivorId, t.createdAt),
    index('candidate_merges_loser').on(t.workspaceId, t.loserId),
    uniqueIndex('candidate_merges_live_loser').on(t.loserId).where(sql`undone_at is null`),
  ],
);

/** Full re-scans: one row per run, with progress. */
export const duplicateScans = pgTable(
  'duplicate_scans',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    /** queued, running, done, failed */
    status: text('status').notNull(),
    total: integer('total').notNull(),
    processed: integer('processed').notNull(),
    pairsFound: integer('pairs_found').notNull(),
    /** Last candidate id processed (the scan resumes after it). */
    cursor: uuid('cursor'),
    /** keys (rebuilding blocking keys) then pairs (comparing). */
    phase: text('phase').notNull(),
    requestedBy: uuid('requested_by'),
    createdAt: ts('created_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('duplicate_scans_workspace').on(t.workspaceId, t.createdAt)],
);
