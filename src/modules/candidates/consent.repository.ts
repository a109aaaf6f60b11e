import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { candidates, consents } from './candidates.tables.ts';

export type ConsentRow = typeof consents.$inferSelect;

export async function listConsents(db: Executor, workspaceId: string, candidateId: string) {
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.workspaceId, workspaceId), eq(consents.candidateId, candidateId)))
    .orderBy(asc(consents.givenAt), asc(consents.id));
}

/**
 * The ledgers of many candidates in one statement, grouped per candidate in the order `listConsents` gives
 * (given at, id): the contact decision reads "latest" and "last expired" from that order.
 */
export async function listConsentsMany(db: Executor, workspaceId: string, candidateIds: readonly string[]) {
  const out = new Map<string, ConsentRow[]>();
  if (candidateIds.length === 0) return out;
  const rows = await db
    .select()
    .from(consents)
    .where(and(eq(consents.workspaceId, workspaceId), inArray(consents.candidateId, [...candidateIds])))
    .orderBy(asc(consents.candidateId), asc(consents.givenAt), asc(consents.id));
  for (const r of rows) {
    const list = out.get(r.candidateId);
    if (list) list.push(r);
    else out.set(r.candidateId, [r]);
  }
  return out;
}

/** What the contact decision reads of candidates: status, place, whether an address exists per channel. */
export async function contactFacts(db: Executor, workspaceId: string, candidateIds: readonly string[]) {
  if (candidateIds.length === 0) return [];
  return db
    .select({
      id: candidates.id,
      status: candidates.status,
      country: candidates.country,
      region: candidates.region,
      hasEmail: sql<boolean>`jsonb_array_length(${candidates.emails}) > 0`,
      hasPhone: sql<boolean>`jsonb_array_length(${candidates.phones}) > 0`,
    })
    .from(candidates)
    .where(and(eq(candidates.workspaceId, workspaceId), inArray(candidates.id, [...candidateIds])));
}

export async function insertConsent(db: Executor, row: ConsentRow) {
  await db.insert(consents).values(row);
}

/** Stamp the open entries of a purpose on the given channels as withdrawn; returns their ids. */
export async function withdraw(
  db: Executor,
  workspaceId: string,
  candidateId: string,
  purpose: string,
  channels: string[],
  at: Date,
  reason: string,
) {
  const rows = await db
    .update(consents)
    .set({ withdrawnAt: at, withdrawalReason: reason })
    .where(
      and(
        eq(consents.workspaceId, workspaceId),
        eq(consents.candidateId, candidateId),
        eq(consents.purpose, purpose),
        inArray(consents.channel, channels),
        isNull(consents.withdrawnAt),
      ),
    )
    .returning({ id: consents.id });
  return rows.map((r) => r.id);
}
