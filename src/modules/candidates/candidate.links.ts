import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { CandidateFields } from './candidate.rules.ts';
import { identities } from './candidate.rules.ts';
import { redactCandidate, toCandidate } from './candidate.view.ts';
import type { Candidate } from './candidates.contract.ts';
import * as repo from './candidates.repository.ts';
import { activities, candidateIdentities, candidates, consents, poolMembers } from './candidates.tables.ts';
import { workspaceConfig } from './settings.service.ts';

// ---- write listeners: other modules (duplicate control) react to candidate writes without candidates
// importing them. Registered once at composition time (src/apps/modules.ts); called inside the write's
// transaction, so what they store commits with the change.

export interface CandidateWritten {
  kind: 'created' | 'updated';
  candidateId: string;
  fields: CandidateFields;
  /** A bulk create whose caller already matched the record against the stored candidates (imports). */
  matched?: boolean;
}
export type CandidateWriteListener = (tx: Ctx, event: CandidateWritten) => Promise<void>;
/** The same listener for many records at once (bulk creates); without it the listener runs per record. */
export type CandidateWriteBatchListener = (tx: Ctx, events: readonly CandidateWritten[]) => Promise<void>;

const listeners: { one: CandidateWriteListener; many?: CandidateWriteBatchListener | undefined }[] = [];

/** Register a listener for candidate creates and updates (composition time only), optionally batch-aware. */
export function onCandidateWritten(fn: CandidateWriteListener, batch?: CandidateWriteBatchListener): void {
  if (!listeners.some((l) => l.one === fn)) listeners.push({ one: fn, many: batch });
}

export async function notifyWritten(tx: Ctx, event: CandidateWritten): Promise<void> {
  for (const l of listeners) await l.one(tx, event);
}

/** Many writes at once (bulk entry): batch listeners get them in one call. */
export async function notifyWrittenMany(tx: Ctx, events: readonly CandidateWritten[]): Promise<void> {
  if (events.length === 0) return;
  for (const l of listeners)
    if (l.many) await l.many(tx, events);
    else for (const e of events) await l.one(tx, e);
}

// ---- primitives for merging two candidates (duplicate control): raw rows, exact restore, link moves.

export type CandidateRow = repo.CandidateRow;

export function fieldsOfRow(r: CandidateRow): CandidateFields {
  return {
    firstName: r.firstName,
    lastName: r.lastName,
    headline: r.headline,
    summary: r.summary,
    emails: r.emails,
    phones: r.phones,
    links: r.links,
    city: r.city,
    region: r.region,
    country: r.country,
    timeZone: r.timeZone,
    timeZoneSource: r.timeZoneSource as CandidateFields['timeZoneSource'],
    work: r.work,
    education: r.education,
    skills: r.skills,
    tags: r.tags,
    ownerId: r.ownerId,
    status: r.status as CandidateFields['status'],
    source: r.source,
    isEmployee: r.isEmployee,
    employeeSince: r.employeeSince,
    performanceRating: r.performanceRating,
    compensation: r.compensation,
    diversity: r.diversity,
    customFields: r.customFields,
  };
}

/** Full, unredacted rows (for matching and merge snapshots); with `forUpdate` they are locked. */
export async function candidateRows(
  db: Executor,
  workspaceId: string,
  ids: string[],
  forUpdate = false,
): Promise<CandidateRow[]> {
  return repo.getCandidates(db, workspaceId, ids, forUpdate);
}

/** Ids of the workspace's candidates after `afterId`, in id order (for chunked scans). */
export async function candidateIdsAfter(
  db: Executor,
  workspaceId: string,
  afterId: string | null,
  limit: number,
  includeArchived = true,
): Promise<string[]> {
  const conds = [eq(candidates.workspaceId, workspaceId)];
  if (afterId) conds.push(sql`${candidates.id} > ${afterId}`);
  if (!includeArchived) conds.push(isNull(candidates.archivedAt));
  const rows = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(...conds))
    .orderBy(candidates.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function countCandidates(db: Executor, workspaceId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(candidates)
    .where(eq(candidates.workspaceId, workspaceId));
  return Number(r?.n ?? 0);
}

/**
 * Write a snapshot back as it was (every column) and its identities (undo of a merge). Only the version moves
 * on, past the current one, so that an edit based on the record as it was before the merge is refused.
 */
export async function restoreCandidateRow(db: Executor, row: CandidateRow): Promise<void> {
  const { id, workspaceId, version: _snapshotVersion, ...set } = row;
  await repo.updateCandidate(db, workspaceId, id, {
    ...set,
    version: sql`${candidates.version} + 1` as unknown as number,
  });
  await repo.replaceIdentities(db, workspaceId, id, identities(fieldsOfRow(row)));
}

/** Identities of a merged-away record are dropped so look-ups by email or phone find the survivor only. */
export async function dropIdentities(db: Executor, workspaceId: string, candidateId: string): Promise<void> {
  await db
    .delete(candidateIdentities)
    .where(
      and(eq(candidateIdentities.workspaceId, workspaceId), eq(candidateIdentities.candidateId, candidateId)),
    );
}

/** Rows moved by a merge, by kind, so that undo moves exactly these back. */
export interface MovedLinks {
  activities: string[];
  poolMembers: string[];
  consents: string[];
}

/**
 * Move the loser's timeline, consents and pool memberships to the survivor. A current pool membership the
 * survivor already has stays with the loser (the survivor is in the pool anyway).
 */
export async function moveCandidateLinks(
  db: Executor,
  workspaceId: string,
  fromId: string,
  toId: string,
): Promise<MovedLinks> {
  // Moved timeline rows are tagged with the record they came from (unless an earlier merge tagged them).
  const act = await db
    .update(activities)
    .set({
      candidateId: toId,
      data: sql`case when ${activities.data} ? 'mergedFrom' then ${activities.data}
        else ${activities.data} || jsonb_build_object('mergedFrom', ${fromId}::text) end`,
    })
    .where(and(eq(activities.workspaceId, workspaceId), eq(activities.candidateId, fromId)))
    .returning({ id: activities.id });
  const con = await db
    .update(consents)
    .set({ candidateId: toId })
    .where(and(eq(consents.workspaceId, workspaceId), eq(consents.candidateId, fromId)))
    .returning({ id: consents.id });
  const pm = await db
    .update(poolMembers)
    .set({ candidateId: toId })
    .where(
      and(
        eq(poolMembers.workspaceId, workspaceId),
        eq(poolMembers.candidateId, fromId),
        sql`not (${poolMembers.removedAt} is null and exists (select 1 from pool_members s
          where s.pool_id = ${poolMembers.poolId} and s.candidate_id = ${toId} and s.removed_at is null))`,
      ),
    )
    .returning({ id: poolMembers.id });
  return {
    activities: act.map((r) => r.id),
    poolMembers: pm.map((r) => r.id),
    consents: con.map((r) => r.id),
  };
}

/** Move exactly the rows a merge moved back to the restored record (and drop the tag the merge added). */
export async function restoreCandidateLinks(
  db: Executor,
  workspaceId: string,
  toId: string,
  moved: MovedLinks,
): Promise<void> {
  if (moved.activities.length)
    await db
      .update(activities)
      .set({
        candidateId: toId,
        data: sql`case when ${activities.data}->>'mergedFrom' = ${toId}::text then ${activities.data} - 'mergedFrom'
          else ${activities.data} end`,
      })
      .where(and(eq(activities.workspaceId, workspaceId), inArray(activities.id, moved.activities)));
  if (moved.consents.length)
    await db
      .update(consents)
      .set({ candidateId: toId })
      .where(and(eq(consents.workspaceId, workspaceId), inArray(consents.id, moved.consents)));
  if (moved.poolMembers.length)
    await db
      .update(poolMembers)
      .set({ candidateId: toId })
      .where(and(eq(poolMembers.workspaceId, workspaceId), inArray(poolMembers.id, moved.poolMembers)));
}

/** Several candidates as the API shows them to this actor (redacted), by id; unknown ids are absent. */
export async function viewCandidates(ctx: Ctx, ids: string[]): Promise<Map<string, Candidate>> {
  const ws = ctx.actor.workspaceId;
  const [rows, { defs }] = await Promise.all([
    repo.getCandidates(ctx.db, ws, [...new Set(ids)]),
    workspaceConfig(ctx.db, ws),
  ]);
  return new Map(rows.map((r) => [r.id, redactCandidate(ctx.actor, toCandidate(r), defs)]));
}

/** Remove these identities from a candidate (undo of a merge takes back the external ids it moved). */
export async function removeIdentities(
  db: Executor,
  workspaceId: string,
  candidateId: string,
  list: readonly { kind: string; value: string }[],
): Promise<void> {
  for (const x of list)
    await db
      .delete(candidateIdentities)
      .where(
        and(
          eq(candidateIdentities.workspaceId, workspaceId),
          eq(candidateIdentities.candidateId, candidateId),
          eq(candidateIdentities.kind, x.kind),
          eq(candidateIdentities.value, x.value),
        ),
      );
}
