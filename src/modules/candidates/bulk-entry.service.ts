import type { Ctx } from '../../platform/context.ts';
import { insertMany } from '../../platform/db/bulk.ts';
import type { FieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditMany } from '../audit/index.ts';
import { userSummaries } from '../identity/index.ts';
import { notifyWrittenMany } from './candidate.links.ts';
import { applyInput, type CandidateFields, EMPTY_FIELDS, identities } from './candidate.rules.ts';
import { actorName, auditView, type EntryContext, stored } from './candidate.service.ts';
import { CreateCandidate } from './candidates.contract.ts';
import type { CandidateRow } from './candidates.repository.ts';
import { activities, candidateIdentities, candidates } from './candidates.tables.ts';

/** A record checked by the entry rules: normalised fields, or every problem with its field path. */
export type PreparedEntry =
  | { ok: true; fields: CandidateFields; input: CreateCandidate; userIds: { field: string; id: string }[] }
  | { ok: false; errors: FieldError[] };

/**
 * The entry rules of createCandidate without storing anything: the API contract (zod) then normalisation
 * (applyInput). For bulk paths (imports, captures) that validate many records before one multi-row write.
 */
export function prepareEntry(env: EntryContext, raw: unknown, now: Date): PreparedEntry {
  const parsed = CreateCandidate.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'record', message: i.message })),
    };
  const { fields, errors, userIds } = applyInput(
    EMPTY_FIELDS,
    parsed.data,
    { customFields: env.defs, defaultPhoneRegion: env.defaultPhoneRegion, now },
    'create',
  );
  if (errors.length) return { ok: false, errors };
  return { ok: true, fields, input: parsed.data, userIds };
}

/** Check user references (owner, user custom fields) of many prepared entries with one look-up. */
export async function checkEntryUsers(ctx: Ctx, entries: PreparedEntry[]): Promise<PreparedEntry[]> {
  const ids = [...new Set(entries.flatMap((e) => (e.ok ? e.userIds.map((u) => u.id) : [])))];
  if (ids.length === 0) return entries;
  const found = await userSummaries(ctx, ids);
  return entries.map((e) => {
    if (!e.ok) return e;
    const bad = e.userIds.filter((u) => !found.has(u.id));
    return bad.length
      ? {
          ok: false,
          errors: bad.map((u) => ({ field: u.field, message: 'is not a user of this workspace' })),
        }
      : e;
  });
}

export interface BulkNewCandidate {
  fields: CandidateFields;
  /** How the record arrived (import, capture...), for the timeline's first row. */
  source: string | null;
  summary?: string;
  /** Extra exact identities (external ids: `external:<source>`). */
  identities?: { kind: string; value: string }[];
  /**
   * The caller already matched this record against the stored candidates (imports: duplicate control's
   * matchIncoming): write listeners may skip that work (passed on as `CandidateWritten.matched`).
   */
  matched?: boolean;
}

/**
 * Store many already-prepared candidates in the caller's transaction with multi-row inserts: the same rows,
 * identities, first timeline row, audit entry and write listeners as createCandidate. Returns the new ids in
 * input order.
 */
export async function createCandidatesBulk(
  tx: Ctx,
  env: EntryContext,
  items: readonly BulkNewCandidate[],
): Promise<string[]> {
  if (items.length === 0) return [];
  const now = tx.clock.now();
  const ws = tx.actor.workspaceId;
  const rows: CandidateRow[] = items.map((it) => ({
    id: newId(),
    workspaceId: ws,
    ...stored(it.fields, env.defs, now),
    lastActivityAt: now,
    archivedAt: it.fields.status === 'archived' ? now : null,
    version: 1,
    createdBy: tx.actor.userId,
    createdAt: now,
    updatedAt: now,
  }));
  const ids = rows.map((r) => r.id);
  await insertMany(tx.db, candidates, rows);
  const idents = items.flatMap((it, i) =>
    [...identities(it.fields), ...(it.identities ?? [])].map((x) => ({
      workspaceId: ws,
      candidateId: ids[i]!,
      ...x,
    })),
  );
  await insertMany(tx.db, candidateIdentities, idents, { onConflictDoNothing: true });
  const acts = items.map((it, i) => ({
    id: newId(),
    workspaceId: ws,
    candidateId: ids[i]!,
    occurredAt: now,
    actorId: tx.actor.userId,
    actorName: actorName(tx),
    kind: 'candidate.created',
    channel: null,
    source: it.source ?? 'manual',
    summary: it.summary ?? 'Candidate created',
    data: {},
  }));
  await insertMany(tx.db, activities, acts);
  await recordAuditMany(
    tx,
    items.map((it, i) => ({
      action: 'candidate.created',
      entityType: 'candidate',
      entityId: ids[i]!,
      after: auditView(it.fields, env.defs),
    })),
  );
  await notifyWrittenMany(
    tx,
    items.map((it, i) => ({
      kind: 'created' as const,
      candidateId: ids[i]!,
      fields: it.fields,
      ...(it.matched ? { matched: true } : {}),
    })),
  );
  return ids;
}
