import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { insertMany } from '../../platform/db/bulk.ts';
import type { Executor } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { CandidateFields } from './candidate.rules.ts';
import { groupOfField } from './candidate.view.ts';
import * as repo from './candidates.repository.ts';
import { activities, candidateIdentities } from './candidates.tables.ts';
import { fieldProvenance } from './provenance.tables.ts';
import { workspaceConfig } from './settings.service.ts';

export type ProvenanceRow = typeof fieldProvenance.$inferSelect;

/** Where a value came from: recorded per field when a record is imported, captured or merged. */
export interface ProvenanceEntry {
  candidateId: string;
  field: string;
  value: unknown;
  source: string;
  sourceId?: string | null;
  importRunId?: string | null;
  externalId?: string | null;
  recordedAt?: Date;
}

/** Append provenance rows in the caller's transaction (bulk insert). */
export async function recordProvenance(ctx: Ctx, entries: readonly ProvenanceEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const now = ctx.clock.now();
  const ws = ctx.actor.workspaceId;
  await insertMany(
    ctx.db,
    fieldProvenance,
    entries.map((e) => ({
      id: newId(),
      workspaceId: ws,
      candidateId: e.candidateId,
      field: e.field,
      value: e.value ?? null,
      source: e.source,
      sourceId: e.sourceId ?? null,
      importRunId: e.importRunId ?? null,
      externalId: e.externalId ?? null,
      recordedAt: e.recordedAt ?? now,
    })),
  );
}

/** A candidate's provenance rows, oldest first (optionally one field). */
export async function listProvenance(
  db: Executor,
  workspaceId: string,
  candidateId: string,
  field?: string,
): Promise<ProvenanceRow[]> {
  const conds = [eq(fieldProvenance.workspaceId, workspaceId), eq(fieldProvenance.candidateId, candidateId)];
  if (field) conds.push(eq(fieldProvenance.field, field));
  return db
    .select()
    .from(fieldProvenance)
    .where(and(...conds))
    .orderBy(fieldProvenance.recordedAt, fieldProvenance.id);
}

/** Merge: move every provenance row of `fromId` to `toId`; returns the ids moved (keep them for undo). */
export async function moveProvenance(
  db: Executor,
  workspaceId: string,
  fromId: string,
  toId: string,
): Promise<string[]> {
  const rows = await db
    .update(fieldProvenance)
    .set({ candidateId: toId })
    .where(and(eq(fieldProvenance.workspaceId, workspaceId), eq(fieldProvenance.candidateId, fromId)))
    .returning({ id: fieldProvenance.id });
  return rows.map((r) => r.id);
}

/** Undo of a merge: move exactly these provenance rows back to the restored record. */
export async function restoreProvenance(
  db: Executor,
  workspaceId: string,
  toId: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 2000)
    await db
      .update(fieldProvenance)
      .set({ candidateId: toId })
      .where(
        and(
          eq(fieldProvenance.workspaceId, workspaceId),
          inArray(fieldProvenance.id, ids.slice(i, i + 2000)),
        ),
      );
}

// ---- external ids: exact identities `external:<source>` kept beside the derived ones

/** The identity kind of an external id from a source. */
export const externalKind = (sourceCode: string) => `external:${sourceCode}`;

/** Candidates holding these identities of one kind: value -> candidate id (one query). */
export async function candidatesByIdentities(
  db: Executor,
  workspaceId: string,
  kind: string,
  values: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (values.length === 0) return out;
  const rows = await db
    .select({ value: candidateIdentities.value, candidateId: candidateIdentities.candidateId })
    .from(candidateIdentities)
    .where(
      and(
        eq(candidateIdentities.workspaceId, workspaceId),
        eq(candidateIdentities.kind, kind),
        inArray(candidateIdentities.value, [...new Set(values)]),
      ),
    );
  for (const r of rows) if (!out.has(r.value)) out.set(r.value, r.candidateId);
  return out;
}

/** Add identities (e.g. external ids) to candidates; existing ones are left as they are. */
export async function addIdentities(
  db: Executor,
  workspaceId: string,
  list: readonly { candidateId: string; kind: string; value: string }[],
): Promise<void> {
  if (list.length === 0) return;
  await db
    .insert(candidateIdentities)
    .values(list.map((x) => ({ workspaceId, ...x })))
    .onConflictDoNothing();
}

/** External-id identities of a candidate (a merge moves them to the survivor; undo moves them back). */
export async function externalIdentities(
  db: Executor,
  workspaceId: string,
  candidateId: string,
): Promise<{ kind: string; value: string }[]> {
  return db
    .select({ kind: candidateIdentities.kind, value: candidateIdentities.value })
    .from(candidateIdentities)
    .where(
      and(
        eq(candidateIdentities.workspaceId, workspaceId),
        eq(candidateIdentities.candidateId, candidateId),
        sql`${candidateIdentities.kind} like 'external:%'`,
      ),
    );
}

/** Of the given touchpoint keys, those already on the timelines of these candidates (idempotent re-imports). */
export async function existingTouchpointKeys(
  db: Executor,
  workspaceId: string,
  candidateIds: readonly string[],
  keys: readonly string[],
): Promise<Set<string>> {
  if (candidateIds.length === 0 || keys.length === 0) return new Set();
  const rows = await db
    .select({ key: sql<string>`${activities.data}->>'touchpointKey'` })
    .from(activities)
    .where(
      and(
        eq(activities.workspaceId, workspaceId),
        inArray(activities.candidateId, [...new Set(candidateIds)]),
        eq(activities.kind, 'source.touchpoint'),
        inArray(sql<string>`${activities.data}->>'touchpointKey'`, [...new Set(keys)]),
      ),
    );
  return new Set(rows.map((r) => r.key));
}

/** Field paths with a value in a freshly entered record, and the value (what provenance records). */
export function providedFields(f: CandidateFields): { field: string; value: unknown }[] {
  const out: { field: string; value: unknown }[] = [];
  const put = (field: string, value: unknown) => {
    if (value === null || value === undefined || value === '') return;
    if (Array.isArray(value) && value.length === 0) return;
    out.push({ field, value });
  };
  put('firstName', f.firstName);
  put('lastName', f.lastName);
  put('headline', f.headline);
  put('summary', f.summary);
  put('emails', f.emails);
  put('phones', f.phones);
  put('links', f.links);
  put('location.city', f.city);
  put('location.region', f.region);
  put('location.country', f.country);
  put('work', f.work);
  put('education', f.education);
  put('skills', f.skills);
  put('tags', f.tags);
  put('source', f.source);
  for (const [k, v] of Object.entries(f.customFields)) put(`customFields.${k}`, v);
  return out;
}

/** A provenance row as the API shows it: values of sensitive groups the reader may not read are left out. */
export interface ProvenanceView {
  id: string;
  field: string;
  value: unknown;
  hidden: boolean;
  source: string;
  sourceId: string | null;
  importRunId: string | null;
  externalId: string | null;
  recordedAt: string;
}

/** Where each value of a candidate came from, oldest first, redacted per reader. */
export async function candidateProvenance(ctx: Ctx, candidateId: string): Promise<ProvenanceView[]> {
  const ws = ctx.actor.workspaceId;
  if (!(await repo.existingIds(ctx.db, ws, [candidateId])).has(candidateId)) throw notFound('candidate');
  const [rows, { defs }] = await Promise.all([
    listProvenance(ctx.db, ws, candidateId),
    workspaceConfig(ctx.db, ws),
  ]);
  return rows.map((r) => {
    const group = groupOfField(r.field, defs);
    const hidden = group !== null && !ctx.actor.permissions.has(`fields.${group}:read`);
    return {
      id: r.id,
      field: r.field,
      value: hidden ? null : r.value,
      hidden,
      source: r.source,
      sourceId: r.sourceId,
      importRunId: r.importRunId,
      externalId: r.externalId,
      recordedAt: r.recordedAt.toISOString(),
    };
  });
}
