import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { queryRows, runStatement } from '../../platform/db/client.ts';
import { newSecret } from '../../platform/ids.ts';
import {
  outreachDevMailbox,
  outreachOutbox,
  outreachSendLog,
  outreachSettings,
  outreachSuppressions,
  outreachWorkItems,
} from './delivery.tables.ts';
import { type EnrollmentRow, pgArray } from './outreach.repository.ts';
import { outreachEnrollmentSteps, outreachEnrollments } from './outreach.tables.ts';

export type OutboxRow = typeof outreachOutbox.$inferSelect;
export type SendLogRow = typeof outreachSendLog.$inferSelect;
export type DevMailRow = typeof outreachDevMailbox.$inferSelect;
export type WorkItemRow = typeof outreachWorkItems.$inferSelect;
export type SettingsRow = typeof outreachSettings.$inferSelect;

/** Defaults for a workspace without a settings row. 0 means "no limit". */
export const DELIVERY_DEFAULTS = {
  capTouches: 3,
  capDays: 7,
  senderDailyLimit: 300,
  domainPerMinute: 60,
  domainPerHour: 1000,
} as const;

// ---- settings

/** The workspace's settings row as it is, or undefined (read-only: for public token verification). */
export async function findOutreachSettings(db: Executor, ws: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(outreachSettings).where(eq(outreachSettings.workspaceId, ws));
  return row;
}

/** The workspace's delivery settings; the row (with its token secret) is created on first read. */
export async function loadOutreachSettings(db: Executor, ws: string): Promise<SettingsRow> {
  const [row] = await db.select().from(outreachSettings).where(eq(outreachSettings.workspaceId, ws));
  if (row) return row;
  await db
    .insert(outreachSettings)
    .values({
      workspaceId: ws,
      ...DELIVERY_DEFAULTS,
      tokenSecret: newSecret(32),
      version: 1,
      updatedBy: null,
      updatedAt: new Date(),
    })
    .onConflictDoNothing();
  const [created] = await db.select().from(outreachSettings).where(eq(outreachSettings.workspaceId, ws));
  return created!;
}

export async function updateOutreachSettings(db: Executor, ws: string, set: Partial<SettingsRow>) {
  await db.update(outreachSettings).set(set).where(eq(outreachSettings.workspaceId, ws));
}

// ---- hand-off

/** Workspaces with due steps (a planned step whose time has come, in an active enrollment). */
export async function workspacesWithDueSteps(db: Executor, now: Date): Promise<string[]> {
  const rows = await queryRows<{ ws: string }>(
    db,
    sql`select distinct s.workspace_id as ws from outreach_enrollment_steps s
        join outreach_enrollments e on e.id = s.enrollment_id
        where s.status = 'planned' and s.planned_at <= ${now.toISOString()} and e.status = 'active'
        limit 1000`,
  );
  return rows.map((r) => r.ws);
}

/**
 * Due steps of a workspace, locked (others skip them): planned, time come, enrollment active, and no earlier
 * step of the enrollment still planned or waiting in delivery (steps leave in order).
 */
export async function lockDueSteps(db: Executor, ws: string, now: Date, limit: number) {
  return queryRows<{ id: string; enrollmentId: string }>(
    db,
    sql`select s.id, s.enrollment_id as "enrollmentId" from outreach_enrollment_steps s
        join outreach_enrollments e on e.id = s.enrollment_id
        where s.workspace_id = ${ws} and s.status = 'planned' and s.planned_at <= ${now.toISOString()}
          and e.status = 'active'
          and not exists (select 1 from outreach_enrollment_steps p
                          where p.enrollment_id = s.enrollment_id and p.position < s.position
                            and p.status in ('planned', 'scheduled'))
        order by s.planned_at, s.id
        limit ${limit}
        for update of s skip locked`,
  );
}

/** Touches (messages handed to delivery and not refused) per candidate since `since`, with the oldest. */
export async function touchesSince(db: Executor, ws: string, candidateIds: readonly string[], since: Date) {
  const out = new Map<string, { n: number; times: Date[] }>();
  if (candidateIds.length === 0) return out;
  const rows = await db
    .select({ candidateId: outreachOutbox.candidateId, createdAt: outreachOutbox.createdAt })
    .from(outreachOutbox)
    .where(
      and(
        eq(outreachOutbox.workspaceId, ws),
        inArray(outreachOutbox.candidateId, [...candidateIds]),
        sql`${outreachOutbox.createdAt} > ${since.toISOString()}`,
        sql`${outreachOutbox.status} not in ('failed', 'dead', 'cancelled')`,
      ),
    )
    .orderBy(asc(outreachOutbox.createdAt));
  for (const r of rows) {
    const e = out.get(r.candidateId) ?? { n: 0, times: [] };
    e.n += 1;
    e.times.push(r.createdAt);
    out.set(r.candidateId, e);
  }
  return out;
}

/** Messages handed to delivery per sender since `since`. */
export async function senderCountsSince(db: Executor, ws: string, senderIds: readonly string[], since: Date) {
  const out = new Map<string, number>();
  if (senderIds.length === 0) return out;
  const rows = await db
    .select({ senderId: outreachOutbox.senderId, n: sql<number>`count(*)::int` })
    .from(outreachOutbox)
    .where(
      and(
        eq(outreachOutbox.workspaceId, ws),
        inArray(outreachOutbox.senderId, [...senderIds]),
        sql`${outreachOutbox.createdAt} >= ${since.toISOString()}`,
      ),
    )
    .groupBy(outreachOutbox.senderId);
  for (const r of rows) out.set(r.senderId, Number(r.n));
  return out;
}

/** The latest email of an enrollment handed to delivery (the thread a reply continues). */
export async function threadOf(db: Executor, ws: string, enrollmentId: string) {
  const [row] = await db
    .select({ messageId: outreachOutbox.messageId, subject: outreachOutbox.subject })
    .from(outreachOutbox)
    .where(
      and(
        eq(outreachOutbox.workspaceId, ws),
        eq(outreachOutbox.enrollmentId, enrollmentId),
        eq(outreachOutbox.channel, 'email'),
      ),
    )
    .orderBy(desc(outreachOutbox.createdAt))
    .limit(1);
  return row;
}

export async function suppressedAmong(db: Executor, ws: string, addresses: readonly string[]) {
  if (addresses.length === 0) return new Set<string>();
  const rows = await db
    .select({ a: outreachSuppressions.address })
    .from(outreachSuppressions)
    .where(
      and(eq(outreachSuppressions.workspaceId, ws), inArray(outreachSuppressions.address, [...addresses])),
    );
  return new Set(rows.map((r) => r.a));
}

export async function insertSuppression(
  db: Executor,
  row: typeof outreachSuppressions.$inferInsert,
): Promise<void> {
  await db.insert(outreachSuppressions).values(row).onConflictDoNothing();
}

export async function insertOutbox(db: Executor, rows: OutboxRow[]) {
  if (rows.length) await db.insert(outreachOutbox).values(rows);
}

export async function insertWorkItems(db: Executor, rows: WorkItemRow[]) {
  if (rows.length) await db.insert(outreachWorkItems).values(rows);
}

// ---- dispatch

/**
 * Claim due outbox rows for a worker: pending ones whose time has come (only while their enrollment is
 * `active` and, for email, the recipient is not suppressed: a stop or a bounce after hand-off wins), and
 * `sending` ones whose lease ran out (their worker died). Several workers never claim one row (SKIP LOCKED).
 */
/**
 * Cancel the pending messages of enrollments (they stopped): outbox rows still `pending` become
 * `cancelled` and their `scheduled` steps `cancelled`, in the caller's transaction. Rows being sent
 * (`sending`) are left to their worker.
 */
export async function cancelPendingOutbox(
  db: Executor,
  ws: string,
  enrollmentIds: readonly string[],
  reason: string,
  now: Date,
): Promise<number> {
  if (enrollmentIds.length === 0) return 0;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with c as (
          update outreach_outbox o set status = 'cancelled', last_error = ${reason}, claimed_by = null,
                 claimed_at = null, updated_at = ${now.toISOString()}
          where o.workspace_id = ${ws} and o.status = 'pending'
            and o.enrollment_id = any(${pgArray(enrollmentIds)}::uuid[])
          returning o.id, o.enrollment_step_id)
        update outreach_enrollment_steps s set status = 'cancelled', status_reason = ${reason},
               updated_at = ${now.toISOString()}
        from c where s.id = c.enrollment_step_id and s.workspace_id = ${ws} and s.status = 'scheduled'
        returning c.id`,
  );
  return rows.length;
}

/**
 * Pending due messages that may no longer go: of an enrollment that is not active or paused (stopped,
 * completed) or, for email, to a suppressed address. The claim skips them; the dispatcher cancels them.
 */
export async function staleOutbox(db: Executor, now: Date, limit: number) {
  return queryRows<{
    id: string;
    workspaceId: string;
    enrollmentId: string;
    candidateId: string;
    enrollmentStatus: string | null;
    suppressed: boolean;
  }>(
    db,
    sql`select o.id, o.workspace_id as "workspaceId", o.enrollment_id as "enrollmentId",
               o.candidate_id as "candidateId", e.status as "enrollmentStatus",
               (o.channel = 'email' and exists (select 1 from outreach_suppressions x
                  where x.workspace_id = o.workspace_id and x.address = lower(o.recipient))) as suppressed
        from outreach_outbox o
        left join outreach_enrollments e on e.id = o.enrollment_id
        where o.status = 'pending' and o.next_attempt_at <= ${now.toISOString()}
          and (e.status is null or e.status not in ('active', 'paused')
               or (o.channel = 'email' and exists (select 1 from outreach_suppressions x
                     where x.workspace_id = o.workspace_id and x.address = lower(o.recipient))))
        order by o.next_attempt_at, o.id
        limit ${limit}`,
  );
}

// `held`: rows this run sent and has not recorded yet; their lease may have run out meanwhile, but they
// are not a dead worker's (re-claimed, they would be recorded twice).
// The claim must walk the partial index `outreach_outbox_due` in its order and stop at `limit`, testing only
// the rows it passes. Left to its estimates the planner does so only with fresh statistics: without them
// (PGlite has no autovacuum; a big hand-off outruns PostgreSQL's) it read every due row, ran the checks on
// each and sorted them (45-90 ms per claim of 100 among 2,000 due rows on PGlite, growing with the backlog:
// quadratic over a backlog). So the claim runs in a transaction of its own with sorts and bitmap scans
// discouraged (`set_config(..., true)`: for that transaction only), and its checks are written as
// per-row look-ups (a scalar subquery is never turned into a hash of every active enrollment or every
// suppressed address, which an EXISTS under an OR can be).
export async function claimOutbox(
  db: Executor,
  worker: string,
  now: Date,
  leaseMs: number,
  limit: number,
  held: readonly string[] = [],
): Promise<OutboxRow[]> {
  const expired = new Date(now.getTime() - leaseMs).toISOString();
  const at = now.toISOString();
  const rows = await db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
    );
    // The claimed rows come back whole from the UPDATE (no second read).
    return tx
      .update(outreachOutbox)
      .set({ status: 'sending', claimedBy: worker, claimedAt: now, updatedAt: now })
      .where(
        sql`${outreachOutbox.id} in (
            select q.id from outreach_outbox q
            where q.status in ('pending', 'sending') and q.next_attempt_at <= ${at}
              and ((q.status = 'sending' and q.claimed_at < ${expired}
                    and not (q.id = any(${pgArray(held)}::uuid[])))
                   or (q.status = 'pending'
                       and (select e.status from outreach_enrollments e where e.id = q.enrollment_id) = 'active'
                       and (q.channel <> 'email'
                            or (select true from outreach_suppressions x
                                where x.workspace_id = q.workspace_id and x.address = lower(q.recipient)) is null)))
            order by q.next_attempt_at
            limit ${limit}
            for update of q skip locked)`,
      )
      .returning();
  });
  return rows.sort(
    (x, y) =>
      x.nextAttemptAt.getTime() - y.nextAttemptAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
}

/**
 * Claimed rows given back unsent (a dispatch run that claimed ahead and stopped, or whose batch claimed ahead
 * waited too long): a row without an attempt under way goes back to `pending` (the next claim checks its
 * enrollment and address again); one taken over with a `started` attempt stays `sending` with its lease
 * ended, so the next claim takes it at once and records it as sent, never resending it.
 */
export async function releaseClaims(
  db: Executor,
  worker: string,
  rows: readonly { id: string; started: boolean }[],
  now: Date,
) {
  if (rows.length === 0) return;
  const started = pgArray(rows.filter((r) => r.started).map((r) => r.id));
  await db.execute(sql`update outreach_outbox
    set status = case when id = any(${started}::uuid[]) then 'sending' else 'pending' end,
        claimed_by = case when id = any(${started}::uuid[]) then claimed_by end,
        claimed_at = case when id = any(${started}::uuid[]) then 'epoch'::timestamptz end,
        updated_at = ${now.toISOString()}
    where id = any(${pgArray(rows.map((r) => r.id))}::uuid[]) and status = 'sending' and claimed_by = ${worker}`);
}

/** The latest attempt of each outbox row. */
export async function lastAttempts(db: Executor, outboxIds: readonly string[]) {
  const out = new Map<string, SendLogRow>();
  if (outboxIds.length === 0) return out;
  const rows = await db
    .select()
    .from(outreachSendLog)
    .where(inArray(outreachSendLog.outboxId, [...outboxIds]))
    .orderBy(asc(outreachSendLog.attempt));
  for (const r of rows) out.set(r.outboxId, r);
  return out;
}

/**
 * An attempt begins: its send-log row `started`, one autocommitted statement (the caller hands the message
 * over once it has returned, i.e. once the row is committed and visible to every other worker).
 * `asyncCommit` (PostgreSQL only, see docs/outreach.md "Exactly once"): the statement's own transaction
 * commits without waiting for its WAL flush (`synchronous_commit = off`, set for that transaction only):
 * visible at once, durable within the WAL writer's delay. Never on PGlite: its database dies with the worker.
 */
export async function startAttempt(
  db: Db,
  a: { id: string; workspaceId: string; outboxId: string; attempt: number; worker: string; at: Date },
  asyncCommit: boolean,
) {
  const values = [a.id, a.workspaceId, a.outboxId, a.attempt, a.worker, a.at.toISOString()];
  if (asyncCommit) await runStatement(db, 'outreach_started_async', STARTED_ASYNC, values);
  else await runStatement(db, 'outreach_started', STARTED, values);
}

const STARTED = `insert into outreach_send_log (id, workspace_id, outbox_id, attempt, worker, outcome, started_at)
  values ($1::uuid, $2::uuid, $3::uuid, $4::int, $5::text, 'started', $6::timestamptz)`;
const STARTED_ASYNC = `with c as (select set_config('synchronous_commit', 'off', true))
  insert into outreach_send_log (id, workspace_id, outbox_id, attempt, worker, outcome, started_at)
  select $1::uuid, $2::uuid, $3::uuid, $4::int, $5::text, 'started', $6::timestamptz from c`;

/**
 * An attempt's outcome: its `started` row finished, or the row written whole when the attempt began in the
 * attempt journal (embedded mode).
 */
export async function finishAttempt(
  db: Executor,
  a: { id: string; workspaceId: string; outboxId: string; attempt: number; worker: string; startedAt: Date },
  set: { outcome: string; response: string; finishedAt: Date },
) {
  await db
    .insert(outreachSendLog)
    .values({ ...a, ...set, providerId: null })
    .onConflictDoUpdate({
      target: outreachSendLog.id,
      set,
      where: eq(outreachSendLog.workspaceId, a.workspaceId),
    });
}

/** Of these attempts, the ones whose outcome is recorded (a `started` row does not count). */
export async function recordedAttempts(db: Executor, logIds: readonly string[]): Promise<Set<string>> {
  if (logIds.length === 0) return new Set();
  const rows = await db
    .select({ id: outreachSendLog.id })
    .from(outreachSendLog)
    .where(and(inArray(outreachSendLog.id, [...logIds]), ne(outreachSendLog.outcome, 'started')));
  return new Set(rows.map((r) => r.id));
}

export async function outboxByIds(db: Executor, ws: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(outreachOutbox)
    .where(and(eq(outreachOutbox.workspaceId, ws), inArray(outreachOutbox.id, [...ids])));
}

export async function updateOutbox(db: Executor, ws: string, id: string, set: Partial<OutboxRow>) {
  await db
    .update(outreachOutbox)
    .set(set)
    .where(and(eq(outreachOutbox.workspaceId, ws), eq(outreachOutbox.id, id)));
}

/** Per recipient domain (of those given): sends in the minute and in the hour before `now` (throttle). */
export async function domainSendCounts(
  db: Executor,
  ws: string,
  domains: readonly string[],
  now: Date,
): Promise<Map<string, { minute: number; hour: number }>> {
  const out = new Map<string, { minute: number; hour: number }>();
  if (domains.length === 0) return out;
  const rows = await queryRows<{ d: string; minute: number; hour: number }>(
    db,
    sql`select recipient_domain as d,
               count(*) filter (where sent_at > ${new Date(now.getTime() - 60_000).toISOString()})::int as minute,
               count(*)::int as hour
        from outreach_outbox
        where workspace_id = ${ws} and recipient_domain = any(${pgArray(domains)}::text[])
          and sent_at > ${new Date(now.getTime() - 3_600_000).toISOString()}
        group by recipient_domain`,
  );
  for (const r of rows) out.set(r.d, { minute: r.minute, hour: r.hour });
  return out;
}

/** Sends per recipient domain since `since` (throttle), for the domains given. */
export async function domainSendsSince(
  db: Executor,
  ws: string,
  domains: readonly string[],
  since: Date,
): Promise<Map<string, Date[]>> {
  const out = new Map<string, Date[]>();
  if (domains.length === 0) return out;
  const rows = await db
    .select({ d: outreachOutbox.recipientDomain, at: outreachOutbox.sentAt })
    .from(outreachOutbox)
    .where(
      and(
        eq(outreachOutbox.workspaceId, ws),
        inArray(outreachOutbox.recipientDomain, [...domains]),
        sql`${outreachOutbox.sentAt} > ${since.toISOString()}`,
      ),
    )
    .orderBy(asc(outreachOutbox.sentAt));
  for (const r of rows) if (r.at) out.set(r.d, [...(out.get(r.d) ?? []), r.at]);
  return out;
}

export async function insertDevMail(db: Executor, row: DevMailRow) {
  await db.insert(outreachDevMailbox).values(row).onConflictDoNothing();
}

// ---- lists

export async function listOutbox(
  db: Executor,
  ws: string,
  q: { status?: string; before?: string; limit: number },
) {
  const conds = [eq(outreachOutbox.workspaceId, ws)];
  if (q.status) conds.push(eq(outreachOutbox.status, q.status));
  if (q.before) conds.push(lt(outreachOutbox.id, q.before));
  return db
    .select()
    .from(outreachOutbox)
    .where(and(...conds))
    .orderBy(desc(outreachOutbox.id))
    .limit(q.limit);
}

export async function listDevMail(
  db: Executor,
  ws: string,
  q: { channel?: string; before?: string; limit: number },
) {
  const conds = [eq(outreachDevMailbox.workspaceId, ws)];
  if (q.channel) conds.push(eq(outreachDevMailbox.channel, q.channel));
  if (q.before) conds.push(lt(outreachDevMailbox.id, q.before));
  return db
    .select()
    .from(outreachDevMailbox)
    .where(and(...conds))
    .orderBy(desc(outreachDevMailbox.id))
    .limit(q.limit);
}

export async function getDevMail(db: Executor, ws: string, id: string) {
  const [row] = await db
    .select()
    .from(outreachDevMailbox)
    .where(and(eq(outreachDevMailbox.workspaceId, ws), eq(outreachDevMailbox.id, id)));
  return row;
}

export async function listWorkItems(
  db: Executor,
  ws: string,
  q: { assigneeId?: string; status?: string; limit: number },
) {
  const conds = [eq(outreachWorkItems.workspaceId, ws)];
  if (q.assigneeId) conds.push(eq(outreachWorkItems.assigneeId, q.assigneeId));
  if (q.status) conds.push(eq(outreachWorkItems.status, q.status));
  return db
    .select()
    .from(outreachWorkItems)
    .where(and(...conds))
    .orderBy(asc(outreachWorkItems.dueAt), asc(outreachWorkItems.id))
    .limit(q.limit);
}

export async function getWorkItem(db: Executor, ws: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(outreachWorkItems)
    .where(and(eq(outreachWorkItems.workspaceId, ws), eq(outreachWorkItems.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function updateWorkItem(db: Executor, ws: string, id: string, set: Partial<WorkItemRow>) {
  await db
    .update(outreachWorkItems)
    .set(set)
    .where(and(eq(outreachWorkItems.workspaceId, ws), eq(outreachWorkItems.id, id)));
}

export async function loadOutreachSettingsForUpdate(db: Executor, ws: string) {
  const [row] = await db
    .select()
    .from(outreachSettings)
    .where(eq(outreachSettings.workspaceId, ws))
    .for('update');
  return row;
}

/**
 * Sends recorded: the outbox rows `sent` (sent-unknown with the note in last_error) and their attempts
 * finished, one statement for the lot.
 */
export async function recordSends(
  db: Executor,
  ws: string,
  rows: readonly {
    id: string;
    at: Date;
    error: string | null;
    logId: string;
    attempt: number;
    worker: string;
    startedAt: Date;
    outcome: string;
    response: string | null;
    providerId: string | null;
  }[],
  now: Date,
) {
  if (rows.length === 0) return;
  // `= any(ids)` next to the join: the rows are found through their primary keys whatever the planner's
  // statistics (joined to the unnest alone, it hashed a scan of the whole send log when it had none).
  const ids = pgArray(rows.map((r) => r.id));
  await db.execute(sql`with v as (
      select * from unnest(${ids}::uuid[],
                           ${pgArray(rows.map((r) => r.at.toISOString()))}::timestamptz[],
                           ${pgArray(rows.map((r) => r.error))}::text[],
                           ${pgArray(rows.map((r) => r.logId))}::uuid[],
                           ${pgArray(rows.map((r) => r.outcome))}::text[],
                           ${pgArray(rows.map((r) => r.response))}::text[],
                           ${pgArray(rows.map((r) => r.providerId))}::text[],
                           ${pgArray(rows.map((r) => String(r.attempt)))}::int[],
                           ${pgArray(rows.map((r) => r.worker))}::text[],
                           ${pgArray(rows.map((r) => r.startedAt.toISOString()))}::timestamptz[])
                    as v(id, at, error, log_id, outcome, response, provider, attempt, worker, started_at)),
    l as (
      -- The attempt's row finished, or written whole when it began in the attempt journal (embedded mode).
      insert into outreach_send_log as l
        (id, workspace_id, outbox_id, attempt, worker, outcome, response, provider_id, started_at, finished_at)
      select v.log_id, ${ws}, v.id, v.attempt, v.worker, v.outcome, v.response, v.provider, v.started_at,
             ${now.toISOString()}::timestamptz
      from v
      on conflict (id) do update
      set outcome = excluded.outcome, response = excluded.response, provider_id = excluded.provider_id,
          finished_at = excluded.finished_at
      where l.workspace_id = ${ws})
    update outreach_outbox o
    set status = 'sent', sent_at = v.at, last_error = v.error, attempts = o.attempts + 1,
        claimed_by = null, claimed_at = null, updated_at = ${now.toISOString()}
    from v where o.id = v.id and o.id = any(${ids}::uuid[]) and o.workspace_id = ${ws}`);
}

/**
 * The enrollments of these steps, locked (FOR UPDATE, in id order: the order every other path locks in).
 */
export async function lockEnrollmentsOfSteps(
  db: Executor,
  ws: string,
  stepIds: readonly string[],
): Promise<EnrollmentRow[]> {
  if (stepIds.length === 0) return [];
  return db
    .select()
    .from(outreachEnrollments)
    .where(
      and(
        eq(outreachEnrollments.workspaceId, ws),
        inArray(
          outreachEnrollments.id,
          db
            .select({ id: outreachEnrollmentSteps.enrollmentId })
            .from(outreachEnrollmentSteps)
            .where(
              and(
                eq(outreachEnrollmentSteps.workspaceId, ws),
                sql`${outreachEnrollmentSteps.id} = any(${pgArray(stepIds)}::uuid[])`,
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(outreachEnrollments.id))
    .for('update', { of: outreachEnrollments });
}

/**
 * Active enrollments with no step left planned or scheduled become `completed` (at the time given per
 * enrollment), one statement.
 */
export async function completeFinished(
  db: Executor,
  ws: string,
  rows: readonly { id: string; at: Date }[],
  now: Date,
) {
  if (rows.length === 0) return;
  // `= any(ids)`: through the primary key (joined to the unnest alone, it hashed every active enrollment
  // when the planner had no statistics: 18 ms per 50).
  const ids = pgArray(rows.map((r) => r.id));
  await db.execute(sql`update outreach_enrollments e
    set status = 'completed', ended_at = v.at, version = e.version + 1, updated_at = ${now.toISOString()}
    from unnest(${ids}::uuid[], ${pgArray(rows.map((r) => r.at.toISOString()))}::timestamptz[])
         as v(id, at)
    where e.id = v.id and e.id = any(${ids}::uuid[]) and e.workspace_id = ${ws} and e.status = 'active'
      and not exists (select 1 from outreach_enrollment_steps s
                      where s.enrollment_id = e.id and s.status in ('planned', 'scheduled'))`);
}
