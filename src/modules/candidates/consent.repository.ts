import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { consents } from './candidates.tables.ts';

export type ConsentRow = typeof consents.$inferSelect;

export async function listConsents(db: Executor, workspaceId: string, candidateId: string) {
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.workspaceId, workspaceId), eq(consents.candidateId, candidateId)))
    .orderBy(asc(consents.givenAt), asc(consents.id));
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
