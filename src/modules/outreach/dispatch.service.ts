import { hostname } from 'node:os';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { type Executor, together } from '../../platform/db/client.ts';
import { newId } from '../../platform/ids.ts';
import { appendActivities } from '../candidates/index.ts';
import { AttemptJournal } from './attempt-journal.ts';
import * as drepo from './delivery.repository.ts';
import { recordEvent } from './engagement.service.ts';
import { advanceEnrollments, stopCandidateEnrollments } from './enrollments.service.ts';
import * as repo from './outreach.repository.ts';
import { calendarOf, planEnv } from './planning.ts';
import { fitToWindow, NoSendingDayError } from './schedule.ts';
import { signToken } from './tokens.ts';
import {
  devMailbox,
  type MailTransport,
  type OutgoingMessage,
  SendFailure,
  type SendOutcome,
  type SmsProvider,
  smtpTransport,
} from './transports.ts';

/**
 * Delivery configuration, set once per process (`configureDelivery`, from the runtime): SMTP when
 * `SMTP_URL` is set, else the dev mailbox; the base URL for unsubscribe links; lease and retry policy.
 */
export interface DeliveryConfig {
  smtpUrl: string | undefined;
  baseUrl: string;
  /** A claim older than this is taken over (its worker died). */
  leaseMs: number;
  /**
   * Messages in flight at once (one SMTP connection each). Each lane adds one message to what a crash can
   * leave ambiguous (recorded as sent without certainty), so the default is 1.
   */
  lanes: number;
  /** Attempts (temporary failures) before a message is given up (`dead`). */
  maxAttempts: number;
  /** First retry delay; doubles each attempt, at most 6 hours. */
  retryBaseMs: number;
  /**
   * Commit each attempt's `started` row without waiting for its WAL flush (PostgreSQL only; the runtime
   * sets it for PostgreSQL). The row is visible to every worker at once, so a worker crash is covered as
   * before; a crash of the database server itself can lose the rows of the last WAL-writer delay, whose
   * messages are then sent again (docs/outreach.md, "Exactly once"). Never on PGlite.
   */
  asyncStartedCommit: boolean;
  /**
   * Embedded mode: the file of the attempt journal (`attempt-journal.ts`), which holds each attempt's
   * `started` record instead of a database row until its outcome is recorded. Unset: `started` rows.
   */
  attemptJournal: string | undefined;
  /** Overrides (tests, other providers). */
  transport?: MailTransport;
  sms?: SmsProvider;
  worker: string;
}

let config: DeliveryConfig = {
  smtpUrl: undefined,
  baseUrl: 'http://localhost:3000',
  leaseMs: 120_000,
  lanes: 1,
  asyncStartedCommit: false,
  attemptJournal: undefined,
  maxAttempts: 8,
  retryBaseMs: 60_000,
  worker: `${hostname()}:${process.pid}`,
};
let transportCache: { key: string; t: MailTransport } | undefined;

export function configureDelivery(c: Partial<DeliveryConfig>): void {
  config = { ...config, ...c };
  void transportCache?.t.close?.();
  transportCache = undefined;
}

/** Open journals by file, each reconciled with the database once, when a dispatch first opens it. */
const journals = new Map<string, Promise<AttemptJournal>>();

function journalOf(db: Executor, file: string): Promise<AttemptJournal> {
  let j = journals.get(file);
  if (!j) {
    j = (async () => {
      const journal = new AttemptJournal(file);
      try {
        // Attempts whose outcome a process recorded just before it stopped (the journal not yet told).
        journal.forget(
          await drepo.recordedAttempts(
            db,
            journal.entries().map((a) => a.logId),
          ),
        );
      } catch (err) {
        journal.close();
        throw err;
      }
      return journal;
    })();
    journals.set(file, j);
    j.catch(() => journals.delete(file));
  }
  return j;
}

/** Close the open journals (tests that start over with another file or directory). */
export async function closeAttemptJournals(): Promise<void> {
  const open = [...journals.values()];
  journals.clear();
  for (const j of open) (await j.catch(() => null))?.close();
}

export function deliveryConfig(): Readonly<DeliveryConfig> {
  return config;
}

function mailTransport(db: Executor): MailTransport {
  if (config.transport) return config.transport;
  if (!config.smtpUrl) return devMailbox(db, 'email');
  if (transportCache?.key !== `${config.smtpUrl}|${config.lanes}`)
    transportCache = {
      key: `${config.smtpUrl}|${config.lanes}`,
      t: smtpTransport(config.smtpUrl, config.lanes),
    };
  return transportCache.t;
}

/** The unsubscribe link of a message (the route is inbound's: `/api/v1/unsubscribe/{token}`). */
export function unsubscribeUrl(secret: string, row: Pick<drepo.OutboxRow, 'workspaceId' | 'id'>): string {
  const token = signToken(secret, { purpose: 'unsubscribe', workspaceId: row.workspaceId, outboxId: row.id });
  return `${config.baseUrl}/api/v1/unsubscribe/${token}`;
}

export function messageOf(row: drepo.OutboxRow, secret: string): OutgoingMessage {
  const headers: Record<string, string> = {};
  if (row.channel === 'email') {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl(secret, row)}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    if (row.threadMessageId) {
      headers['In-Reply-To'] = row.threadMessageId;
      headers.References = row.threadMessageId;
    }
  }
  return {
    workspaceId: row.workspaceId,
    outboxId: row.id,
    channel: row.channel as 'email' | 'sms',
    messageId: row.messageId,
    from: { name: row.fromName, address: row.fromAddress },
    to: row.recipient,
    subject: row.subject,
    html: row.html,
    text: row.body,
    headers,
  };
}

export interface DispatchResult {
  sent: number;
  /** Found claimed by a dead worker after the message was handed over: recorded as sent, not resent. */
  recovered: number;
  retried: number;
  failed: number;
  throttled: number;
}

interface Done {
  row: drepo.OutboxRow;
  logId: string;
  attempt: number;
  worker: string;
  startedAt: Date;
  outcome: 'sent' | 'unknown';
  at: Date;
  response: string;
  providerId: string | null;
}

type Base = Omit<Ctx, 'actor'>;

/**
 * This run's sends by workspace and recipient domain (times in ms), for the throttle: those not recorded yet
 * (the database does not count them), and a log of all of them in order (the sends made after a batch's counts
 * were read with its claim).
 */
class Unrecorded {
  private readonly byDomain = new Map<string, Map<string, number>>();
  /** Every send of the run by key, in order: [sequence number, time in ms]. */
  private readonly log = new Map<string, [number, number][]>();
  /** Sends added so far (the sequence number of the last). */
  seq = 0;

  private key(d: Done): string | null {
    return d.row.recipientDomain ? `${d.row.workspaceId}|${d.row.recipientDomain}` : null;
  }

  add(d: Done): void {
    const k = this.key(d);
    if (!k) return;
    const m = this.byDomain.get(k) ?? new Map<string, number>();
    m.set(d.row.id, d.at.getTime());
    this.byDomain.set(k, m);
    const t = d.at.getTime();
    const l = this.log.get(k) ?? [];
    // Sends older than the longest window (an hour) no longer count: dropped as the log grows.
    if (l.length >= 1000 && l[0]![1] < t - 3_600_000) {
      const keep = l.findIndex(([, x]) => x >= t - 3_600_000);
      l.splice(0, keep < 0 ? l.length : keep);
    }
    l.push([++this.seq, t]);
    this.log.set(k, l);
  }

  remove(d: Done): void {
    const k = this.key(d);
    const m = k ? this.byDomain.get(k) : undefined;
    if (!m) return;
    m.delete(d.row.id);
    if (m.size === 0) this.byDomain.delete(k!);
  }

  times(ws: string, domain: string): number[] {
    return [...(this.byDomain.get(`${ws}|${domain}`)?.values() ?? [])];
  }

  /** Times of the sends added after sequence number `seq`, recorded since or not. */
  addedAfter(ws: string, domain: string, seq: number): number[] {
    return (this.log.get(`${ws}|${domain}`) ?? []).filter(([n]) => n > seq).map(([, t]) => t);
  }
}

/**
 * Send what is due, claim after claim, until nothing is due, `maxMessages` or `deadlineMs`.
 *
 * EXACTLY-ONCE (see docs/outreach.md): for each message a send-log row `started` is COMMITTED before the
 * message is handed to the peer; the outcome is recorded after, with the outbox row `sent`, the timeline
 * entry and the enrollment's advance, in one transaction (batched). A row re-claimed after its worker died
 * whose last attempt is still `started` is never handed over again: it is recorded as sent (`unknown`).
 * So a message reaches the peer at most once; it is lost only if the worker died after committing `started`
 * and before the peer took the DATA (the ambiguous window of one message per worker).
 */
export async function dispatchDue(
  base: Base,
  systemActor: (ws: string) => Actor,
  opts: { maxMessages?: number; deadlineMs?: number; batch?: number; finishEvery?: number } = {},
): Promise<DispatchResult> {
  const res: DispatchResult = { sent: 0, recovered: 0, retried: 0, failed: 0, throttled: 0 };
  const start = Date.now();
  const max = opts.maxMessages ?? Number.POSITIVE_INFINITY;
  const finishEvery = opts.finishEvery ?? 100;
  const lanes = Math.max(1, config.lanes);
  let handled = 0;
  const transport = mailTransport(base.db);
  const journal = config.attemptJournal ? await journalOf(base.db, config.attemptJournal) : null;
  const sms = config.sms ?? devMailbox(base.db, 'sms');
  const settingsCache = new Map<string, drepo.SettingsRow>();
  const settingsOf = async (ws: string) => {
    let s = settingsCache.get(ws);
    if (!s) {
      s = await drepo.loadOutreachSettings(base.db, ws);
      settingsCache.set(ws, s);
    }
    return s;
  };
  const done: Done[] = [];
  // Recording runs in the background (another connection on PostgreSQL), one at a time, started at each
  // batch's turn (after its next claim) or when the previous one ends: while one runs, finished messages
  // gather and the next takes them all (at least `finishEvery`, or whatever is left at the end). A lane waits
  // only when `4 × finishEvery` finished messages wait for their recording. A recording that fails leaves its
  // rows `sending` with a `started` attempt (row or journal line): recovered as sent, not resent.
  let recording: Promise<void> | null = null;
  let recordError: unknown = null;
  // Sent (or recovered) in this run and not recorded yet: the claim leaves them alone even once their
  // lease has run out (a slow recording is not a dead worker).
  const held = new Set<string>();
  // The same messages by recipient domain, for the throttle: the database counts a send once it is
  // recorded, so these are added to its counts meanwhile.
  const unrecorded = new Unrecorded();
  const flush = (all: boolean): Promise<void> => {
    if (recording) return recording;
    if (done.length === 0 || (!all && done.length < finishEvery)) return Promise.resolve();
    const list = done.splice(0);
    recording = recordSent(base, systemActor, list)
      .then(() => {
        // Recorded: the database counts them now. (Not recorded: the throttle goes on counting them here.)
        for (const d of list) unrecorded.remove(d);
        journal?.forget(list.map((d) => d.logId));
      })
      .catch((err: unknown) => {
        recordError ??= err;
        base.log.error({ err, rows: list.length }, 'outreach dispatch: recording sends failed');
      })
      .finally(() => {
        for (const d of list) held.delete(d.row.id);
        recording = null;
        void flush(false);
      });
    return recording;
  };
  const hold = (d: Done) => {
    held.add(d.row.id);
    unrecorded.add(d);
    done.push(d);
  };
  const drain = async () => {
    while (recording || done.length) await flush(true);
  };

  /**
   * One message: its `started` row committed before the peer can have it (a gated transport opens the
   * SMTP envelope meanwhile and holds the message until the commit has returned), then the outcome queued
   * for recording (or a failure recorded).
   */
  const sendOne = async (row: drepo.OutboxRow, last: drepo.SendLogRow | undefined) => {
    const settings = await settingsOf(row.workspaceId);
    const attempt = (last?.attempt ?? 0) + 1;
    const logId = newId();
    const begun = {
      id: logId,
      workspaceId: row.workspaceId,
      outboxId: row.id,
      attempt,
      worker: config.worker,
      at: base.clock.now(),
    };
    const started = journal
      ? new Promise<void>((resolve) => {
          // A synchronous write: done (or thrown, rejecting) before the peer can have the message's end.
          journal.begin({ ...begun, logId });
          resolve();
        })
      : drepo.startAttempt(base.db, begun, config.asyncStartedCommit);
    const attemptOf = { logId, attempt, worker: config.worker, startedAt: begun.at };
    const via = row.channel === 'sms' ? sms : transport;
    const message = messageOf(row, settings.tokenSecret);
    let out: SendOutcome;
    try {
      out = await (via.gated ? via.send(message, started) : started.then(() => via.send(message)));
      await started;
    } catch (err) {
      // Whether the attempt was recorded decides everything: if not, the message was not handed over
      // (the transport held it back) and this run stops here; the row is re-claimed after its lease.
      await started;
      const f = err instanceof SendFailure ? err : new SendFailure('ambiguous', String(err));
      if (f.kind === 'ambiguous') {
        hold({
          row,
          ...attemptOf,
          outcome: 'unknown',
          at: base.clock.now(),
          response: f.response,
          providerId: null,
        });
        res.recovered += 1;
      } else {
        await recordFailure(base, systemActor, row, attemptOf, f);
        journal?.forget([logId]);
        if (f.kind === 'temporary') res.retried += 1;
        else res.failed += 1;
      }
      return;
    }
    hold({
      row,
      ...attemptOf,
      outcome: 'sent',
      at: base.clock.now(),
      response: out.response,
      providerId: out.providerId,
    });
    res.sent += 1;
    if (done.length >= 4 * finishEvery && recording) await recording;
  };

  /**
   * One claim and the last attempt of each claimed row; `inHand` (the batch being sent, when claiming ahead)
   * is left out like the held rows.
   */
  const claimNext = async (limit: number, inHand: readonly string[], ahead: boolean) => {
    const at = Date.now();
    const now = base.clock.now();
    const claimed = await drepo.claimOutbox(base.db, config.worker, now, config.leaseMs, limit, [
      ...held,
      ...inHand,
    ]);
    const ids = claimed.map((r) => r.id);
    const [attempts, counts] = await together(
      base.db,
      () => drepo.lastAttempts(base.db, ids),
      () => countDomains(base.db, claimed, now, settingsOf, unrecorded),
    );
    // An attempt begun in the journal and not recorded is the last one, `started`.
    for (const [id, a] of journal?.latest(ids) ?? [])
      if ((attempts.get(id)?.attempt ?? 0) < a.attempt)
        attempts.set(id, {
          id: a.logId,
          workspaceId: a.workspaceId,
          outboxId: id,
          attempt: a.attempt,
          worker: a.worker,
          outcome: 'started',
          response: null,
          providerId: null,
          startedAt: a.at,
          finishedAt: null,
        });
    return { claimed, attempts, counts, at, ahead };
  };
  type Claim = Awaited<ReturnType<typeof claimNext>>;
  /** Give a claimed batch back unsent (see releaseClaims); a failure is logged, the lease ends it anyway. */
  const release = async (c: Claim) => {
    try {
      await drepo.releaseClaims(
        base.db,
        config.worker,
        c.claimed.map((r) => ({ id: r.id, started: c.attempts.get(r.id)?.outcome === 'started' })),
        base.clock.now(),
      );
    } catch (err) {
      base.log.error({ err, rows: c.claimed.length }, 'outreach dispatch: giving back claimed rows failed');
    }
  };
  const more = () => handled < max && (opts.deadlineMs === undefined || Date.now() - start < opts.deadlineMs);
  const batchSize = () => Math.min(opts.batch ?? 50, max - handled);

  await cancelStale(base, systemActor);
  let next: Promise<Claim> | null = more() ? claimNext(batchSize(), [], false) : null;
  try {
    while (next) {
      let batch = await next;
      next = null;
      // A batch claimed ahead that found nothing (rows may have come due since), or that waited for half its
      // lease behind a slow batch (its checks are old, and another worker may soon take it over): claim anew.
      if (batch.ahead && (batch.claimed.length === 0 || Date.now() - batch.at > config.leaseMs / 2)) {
        await release(batch);
        batch = await claimNext(batchSize(), [], false);
      }
      const { claimed, attempts, counts } = batch;
      if (claimed.length === 0) break;
      handled += claimed.length;
      const now = base.clock.now();
      // From the counts read with the claim (the database only when a domain is near its limit). Counts older
      // than a second (a batch that waited) are read again: other workers' sends since would be in neither.
      const stale = Date.now() - batch.at > 1000;
      const throttle = await domainThrottle(
        base.db,
        stale ? await countDomains(base.db, claimed, now, settingsOf, unrecorded) : counts,
        unrecorded,
      );
      // The next batch is claimed while this one is sent, before the recording of what was sent so far: on
      // PGlite's one session they run in that order, and the claim is back before this batch is through.
      if (more()) {
        next = claimNext(
          batchSize(),
          claimed.map((r) => r.id),
          true,
        );
        // Awaited a batch later: a failure must not surface as an unhandled rejection meanwhile.
        next.catch(() => undefined);
      }
      void flush(false);
      const toSend: drepo.OutboxRow[] = [];
      for (const row of claimed) {
        const last = attempts.get(row.id);
        if (last && last.outcome === 'started') {
          // The previous worker committed `started` and died: the peer may have the message. Never resend.
          hold({
            row,
            logId: last.id,
            attempt: last.attempt,
            worker: last.worker,
            startedAt: last.startedAt,
            outcome: 'unknown',
            at: last.startedAt,
            response: 'worker stopped during hand-over; recorded as sent without resending',
            providerId: null,
          });
          res.recovered += 1;
          continue;
        }
        const wait = throttle(row);
        if (wait) {
          await drepo.updateOutbox(base.db, row.workspaceId, row.id, {
            status: 'pending',
            nextAttemptAt: await nextInWindow({ ...base, actor: systemActor(row.workspaceId) }, row, wait),
            claimedBy: null,
            claimedAt: null,
            lastError: `throttled: recipient domain ${row.recipientDomain} limit`,
            updatedAt: now,
          });
          res.throttled += 1;
          continue;
        }
        toSend.push(row);
      }
      // Each lane sends its share in order, one message at a time (one connection per lane).
      await Promise.all(
        Array.from({ length: Math.min(lanes, toSend.length) }, async (_, lane) => {
          for (let i = lane; i < toSend.length; i += lanes)
            await sendOne(toSend[i]!, attempts.get(toSend[i]!.id));
        }),
      );
      // The deadline came while the next batch was claimed: give it back at once.
      if (next && !more()) {
        const extra = await next;
        next = null;
        await release(extra);
      }
    }
  } finally {
    // A batch claimed ahead and not sent (an error above): give it back rather than wait for its lease.
    if (next) {
      const extra = await next.catch(() => null);
      if (extra) await release(extra);
    }
    await drain();
  }
  if (recordError) throw recordError;
  return res;
}

/**
 * Pending messages that may no longer go (the claim skips them): those of a stopped or completed enrollment
 * are cancelled; one to a suppressed address is cancelled, its step blocked and the enrollment stopped
 * (bounced), as the hand-off guard would have done.
 */
async function cancelStale(base: Base, systemActor: (ws: string) => Actor) {
  const now = base.clock.now();
  const stale = await drepo.staleOutbox(base.db, now, 500);
  for (const r of stale)
    await inTransaction({ ...base, actor: systemActor(r.workspaceId) }, async (tx) => {
      if (r.suppressed && (r.enrollmentStatus === 'active' || r.enrollmentStatus === 'paused')) {
        const [row] = await drepo.outboxByIds(tx.db, r.workspaceId, [r.id]);
        if (row?.status !== 'pending') return;
        await drepo.updateOutbox(tx.db, r.workspaceId, r.id, {
          status: 'cancelled',
          lastError: 'suppressed: the recipient refused mail permanently earlier',
          updatedAt: now,
        });
        const [s] = await repo.stepRowsByIds(tx.db, r.workspaceId, [row.enrollmentStepId]);
        if (s?.status === 'scheduled')
          await repo.updateEnrollmentStep(tx.db, r.workspaceId, s.id, {
            status: 'blocked',
            statusReason: `suppressed: ${row.recipient} refused mail permanently earlier`.slice(0, 500),
            doneAt: now,
            updatedAt: now,
          });
        await stopCandidateEnrollments(tx, r.candidateId, 'bounced', [r.enrollmentId]);
      } else
        await drepo.cancelPendingOutbox(
          tx.db,
          r.workspaceId,
          [r.enrollmentId],
          `cancelled: the enrollment is ${r.enrollmentStatus ?? 'gone'}`,
          now,
        );
    });
}

/** What a batch's domain throttle starts from: the counts read with its claim (see `countDomains`). */
interface DomainCounts {
  now: Date;
  /** The tally's sequence number when `mine` was taken: sends added after it are added at use. */
  seq: number;
  perWs: Map<
    string,
    {
      s: drepo.SettingsRow;
      inBatch: Map<string, number>;
      mine: Map<string, number[]>;
      counts: Map<string, { minute: number; hour: number }>;
    }
  >;
}

/**
 * The sends of the last minute and hour per recipient domain of a claimed batch, read with the claim (ahead of
 * the batch's turn): the database's counts, and this run's unrecorded sends taken before them (a recording
 * that commits meanwhile is then counted twice, never not at all).
 */
async function countDomains(
  db: Executor,
  rows: readonly drepo.OutboxRow[],
  now: Date,
  settingsOf: (ws: string) => Promise<drepo.SettingsRow>,
  unrecorded: Unrecorded,
): Promise<DomainCounts> {
  const out: DomainCounts = { now, seq: unrecorded.seq, perWs: new Map() };
  for (const ws of new Set(rows.map((r) => r.workspaceId))) {
    const s = await settingsOf(ws);
    const inBatch = new Map<string, number>();
    if (s.domainPerMinute > 0 || s.domainPerHour > 0)
      for (const r of rows)
        if (r.workspaceId === ws && r.recipientDomain)
          inBatch.set(r.recipientDomain, (inBatch.get(r.recipientDomain) ?? 0) + 1);
    const mine = new Map([...inBatch.keys()].map((d) => [d, unrecorded.times(ws, d)]));
    const counts = inBatch.size
      ? await drepo.domainSendCounts(db, ws, [...inBatch.keys()], now)
      : new Map<string, { minute: number; hour: number }>();
    out.perWs.set(ws, { s, inBatch, mine, counts });
  }
  return out;
}

/**
 * Per recipient domain, how long a message must wait (per-minute and per-hour limits of its workspace), from
 * the counts read with the claim plus this run's sends since (recorded or not). The times of the last hour's
 * sends are read only for the domains this batch could take to a limit, so a batch does not read every send
 * of the hour (nor, normally, wait for the database at all).
 */
async function domainThrottle(
  db: Executor,
  c: DomainCounts,
  unrecorded: Unrecorded,
): Promise<(row: drepo.OutboxRow) => Date | null> {
  const { now } = c;
  const seen = new Map<string, Date[]>();
  const hourAgo = new Date(now.getTime() - 3_600_000);
  for (const [ws, { s, inBatch, mine, counts }] of c.perWs) {
    if (inBatch.size === 0) continue;
    for (const d of inBatch.keys())
      mine.set(d, [...(mine.get(d) ?? []), ...unrecorded.addedAfter(ws, d, c.seq)]);
    const near = [...inBatch].filter(([d, k]) => {
      const n = { ...(counts.get(d) ?? { minute: 0, hour: 0 }) };
      for (const t of mine.get(d) ?? []) {
        if (t > now.getTime() - 60_000) n.minute += 1;
        if (t > hourAgo.getTime()) n.hour += 1;
      }
      return (
        (s.domainPerMinute > 0 && n.minute + k >= s.domainPerMinute) ||
        (s.domainPerHour > 0 && n.hour + k >= s.domainPerHour)
      );
    });
    if (near.length === 0) continue;
    const got = await drepo.domainSendsSince(
      db,
      ws,
      near.map(([d]) => d),
      hourAgo,
    );
    for (const [d] of near)
      seen.set(
        `${ws}|${d}`,
        [
          ...(got.get(d) ?? []),
          ...(mine.get(d) ?? []).filter((t) => t > hourAgo.getTime()).map((t) => new Date(t)),
        ].sort((a, b) => a.getTime() - b.getTime()),
      );
  }
  return (row) => {
    const s = c.perWs.get(row.workspaceId)?.s;
    if (!s || !row.recipientDomain || (s.domainPerMinute <= 0 && s.domainPerHour <= 0)) return null;
    const key = `${row.workspaceId}|${row.recipientDomain}`;
    const times = seen.get(key);
    // Not near a limit: this batch cannot reach one.
    if (!times) return null;
    const t = now.getTime();
    const lastMinute = times.filter((x) => x.getTime() > t - 60_000);
    if (s.domainPerMinute > 0 && lastMinute.length >= s.domainPerMinute)
      return new Date(lastMinute[lastMinute.length - s.domainPerMinute]!.getTime() + 60_000);
    if (s.domainPerHour > 0 && times.length >= s.domainPerHour)
      return new Date(times[times.length - s.domainPerHour]!.getTime() + 3_600_000);
    times.push(now);
    return null;
  };
}

/**
 * Sent (or sent-unknown): outbox rows, send log, timeline entries and the enrollments' advance, for the lot in
 * one transaction with a constant number of statements per workspace (outbox and send log in one, the
 * timeline's, then advanceEnrollments': only steps still `scheduled` advance, a stopped enrollment's are
 * left as the stop made them).
 */
async function recordSent(base: Base, systemActor: (ws: string) => Actor, list: readonly Done[]) {
  const byWs = new Map<string, Done[]>();
  for (const d of list) byWs.set(d.row.workspaceId, [...(byWs.get(d.row.workspaceId) ?? []), d]);
  await inTransaction({ ...base, actor: systemActor(list[0]!.row.workspaceId) }, async (tx0) => {
    for (const [ws, items] of byWs) {
      const tx: Ctx = { ...tx0, actor: systemActor(ws) };
      const now = tx.clock.now();
      // Three independent writes (outbox and send log, timeline, enrollments): where the engine pipelines,
      // their statements go together, so the transaction holds PGlite's one session for a few round trips
      // instead of a dozen while the lane's next `started` row waits.
      await together(
        tx.db,
        () =>
          drepo.recordSends(
            tx.db,
            ws,
            items.map((d) => ({
              id: d.row.id,
              at: d.at,
              error: d.outcome === 'unknown' ? d.response.slice(0, 1000) : null,
              logId: d.logId,
              attempt: d.attempt,
              worker: d.worker,
              startedAt: d.startedAt,
              outcome: d.outcome,
              response: d.response.slice(0, 1000),
              providerId: d.providerId,
            })),
            now,
          ),
        () =>
          appendActivities(
            tx,
            items.map((d) => ({
              candidateId: d.row.candidateId,
              kind: 'outreach.sent',
              channel: d.row.channel,
              source: 'outreach',
              summary: (d.row.channel === 'email' ? `Email sent: ${d.row.subject ?? ''}` : 'SMS sent').slice(
                0,
                300,
              ),
              data: {
                enrollmentId: d.row.enrollmentId,
                enrollmentStepId: d.row.enrollmentStepId,
                outboxId: d.row.id,
                messageId: d.row.messageId,
              },
              occurredAt: d.at,
            })),
          ),
        () =>
          advanceEnrollments(
            tx,
            items.map((d) => ({
              enrollmentStepId: d.row.enrollmentStepId,
              outcome: 'sent' as const,
              at: d.at,
              reason: null,
            })),
            { onlyScheduled: true },
          ),
      );
    }
  });
}

/** The step may have been cancelled meanwhile (enrollment stopped): only a `scheduled` step advances. */
async function advanceIfScheduled(
  tx: Ctx,
  stepId: string,
  outcome: 'sent' | 'blocked',
  at: Date,
  reason: string | null,
) {
  await advanceEnrollments(tx, [{ enrollmentStepId: stepId, outcome, at, reason }], { onlyScheduled: true });
}

async function recordFailure(
  base: Base,
  systemActor: (ws: string) => Actor,
  row: drepo.OutboxRow,
  a: { logId: string; attempt: number; worker: string; startedAt: Date },
  f: SendFailure,
) {
  const attempt = a.attempt;
  await inTransaction({ ...base, actor: systemActor(row.workspaceId) }, async (tx) => {
    const now = tx.clock.now();
    await drepo.finishAttempt(
      tx.db,
      {
        id: a.logId,
        workspaceId: row.workspaceId,
        outboxId: row.id,
        attempt,
        worker: a.worker,
        startedAt: a.startedAt,
      },
      {
        outcome: f.kind === 'temporary' ? 'temp_fail' : 'perm_fail',
        response: f.response.slice(0, 1000),
        finishedAt: now,
      },
    );
    if (f.kind === 'temporary' && attempt < config.maxAttempts) {
      const delay = Math.min(config.retryBaseMs * 2 ** (attempt - 1), 6 * 3_600_000);
      await drepo.updateOutbox(tx.db, row.workspaceId, row.id, {
        status: 'pending',
        attempts: attempt,
        nextAttemptAt: await nextInWindow(tx, row, new Date(now.getTime() + delay)),
        claimedBy: null,
        claimedAt: null,
        lastError: f.response.slice(0, 1000),
        updatedAt: now,
      });
      return;
    }
    const permanent = f.kind === 'permanent';
    await drepo.updateOutbox(tx.db, row.workspaceId, row.id, {
      status: permanent ? 'failed' : 'dead',
      permanent,
      attempts: attempt,
      claimedBy: null,
      claimedAt: null,
      lastError: f.response.slice(0, 1000),
      updatedAt: now,
    });
    const why = permanent ? `refused: ${f.response}` : `gave up after ${attempt} attempts: ${f.response}`;
    const line = `${row.channel === 'email' ? 'Email' : 'SMS'} to ${row.recipient} ${why}`.slice(0, 300);
    if (permanent)
      // A refusal at send time is a bounce like an inbound one: an event (metrics count it as bounced), which
      // also puts `outreach.bounced` on the timeline.
      await recordEvent(tx, {
        kind: 'bounced',
        outbox: row,
        dedupeKey: `bounce:${row.id}`,
        detail: {
          permanent: true,
          atSend: true,
          response: f.response.slice(0, 500),
          messageId: row.messageId,
        },
        summary: line,
      });
    else
      await appendActivities(tx, [
        {
          candidateId: row.candidateId,
          kind: 'outreach.undeliverable',
          channel: row.channel,
          source: 'outreach',
          summary: line,
          data: { enrollmentId: row.enrollmentId, outboxId: row.id, messageId: row.messageId },
        },
      ]);
    const [s] = await repo.stepRowsByIds(tx.db, row.workspaceId, [row.enrollmentStepId]);
    if (permanent) {
      if (row.channel === 'email')
        await drepo.insertSuppression(tx.db, {
          workspaceId: row.workspaceId,
          address: row.recipient.toLowerCase(),
          reason: f.response.slice(0, 500),
          outboxId: row.id,
          createdAt: now,
        });
      if (s?.status === 'scheduled')
        await repo.updateEnrollmentStep(tx.db, row.workspaceId, s.id, {
          status: 'blocked',
          statusReason: `bounced: ${f.response}`.slice(0, 500),
          doneAt: now,
          updatedAt: now,
        });
      await stopCandidateEnrollments(tx, row.candidateId, 'bounced', [row.enrollmentId]);
    } else
      await advanceIfScheduled(
        tx,
        row.enrollmentStepId,
        'blocked',
        now,
        `undeliverable: ${why}`.slice(0, 500),
      );
  });
}

/**
 * A message put off (a retry after a temporary failure, a domain throttle) goes at its sequence's next sending
 * slot at or after `at`, in the enrollment's zone, holidays included, like the hand-off: a 6-hour backoff must
 * not send at 3 a.m. local time. Unchanged when the enrollment or sequence is gone or no day can send.
 */
async function nextInWindow(ctx: Ctx, row: drepo.OutboxRow, at: Date): Promise<Date> {
  const ws = ctx.actor.workspaceId;
  const [e] = await repo.enrollmentsByIds(ctx.db, ws, [row.enrollmentId]);
  const seq = e && (await repo.getSequence(ctx.db, ws, e.sequenceId));
  if (!e || !seq) return at;
  try {
    return fitToWindow(at, calendarOf(seq, e.timeZone, await planEnv(ctx)));
  } catch (err) {
    if (err instanceof NoSendingDayError) return at;
    throw err;
  }
}

/** Record an address as refused (hard bounce): the send guard blocks it from now on. For inbound bounces. */
export async function suppressAddress(
  tx: Ctx,
  address: string,
  reason: string,
  outboxId: string | null = null,
) {
  await drepo.insertSuppression(tx.db, {
    workspaceId: tx.actor.workspaceId,
    address: address.toLowerCase(),
    reason: reason.slice(0, 500),
    outboxId,
    createdAt: tx.clock.now(),
  });
}
