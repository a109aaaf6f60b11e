import { createHash } from 'node:crypto';
import { requirePermission } from '../../platform/auth/actor.ts';
import { CONTACT, type FieldMap, redact } from '../../platform/auth/redaction.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { appendActivities, mayContact, withdrawConsent } from '../candidates/index.ts';
import { loadOutreachSettings } from './delivery.repository.ts';
import type { EventKind, Reply, ReplyListQuery, TrackingSettings } from './engagement.contract.ts';
import * as repo from './engagement.repository.ts';
import { safeTarget, type TrackingRender } from './engagement.ts';
import { stopCandidateEnrollments } from './enrollments.service.ts';
import { verifyLinkToken } from './tokens.ts';

// ---- events

export interface NewEvent {
  kind: EventKind;
  /** When it happened (default: now). */
  at?: Date;
  /** The message it concerns; or, for facts without a message (a blocked step), the enrollment step. */
  outbox?: repo.OutboxRef;
  enrollmentStepId?: string;
  /** Repeating the same key records nothing (and returns null). */
  dedupeKey?: string;
  responseSeconds?: number | null;
  detail?: Record<string, unknown>;
  /** The timeline line (at most 300 characters). */
  summary: string;
}

/**
 * Record an engagement event in the caller's transaction: the event row (with the sequence, step and variant
 * of the message, for metrics) and the candidate's timeline entry `outreach.<kind>`. Returns the event id, or
 * null when the dedupe key was already recorded.
 */
export async function recordEvent(tx: Ctx, e: NewEvent): Promise<string | null> {
  const ws = tx.actor.workspaceId;
  const stepId = e.outbox?.enrollmentStepId ?? e.enrollmentStepId;
  const step = stepId ? await repo.stepContext(tx.db, ws, stepId) : undefined;
  const candidateId = e.outbox?.candidateId ?? step?.candidateId ?? null;
  const at = e.at ?? tx.clock.now();
  const id = newId();
  const detail = e.detail ?? {};
  const inserted = await repo.insertEvent(tx.db, {
    id,
    workspaceId: ws,
    kind: e.kind,
    at,
    outboxId: e.outbox?.id ?? null,
    enrollmentStepId: stepId ?? null,
    enrollmentId: e.outbox?.enrollmentId ?? step?.enrollmentId ?? null,
    candidateId,
    sequenceId: step?.sequenceId ?? null,
    stepId: step?.stepId ?? null,
    variant: step?.variant ?? null,
    responseSeconds: e.responseSeconds ?? null,
    dedupeKey: e.dedupeKey ?? null,
    detail,
    createdAt: tx.clock.now(),
  });
  if (!inserted) return null;
  if (candidateId)
    await appendActivities(tx, [
      {
        candidateId,
        kind: `outreach.${e.kind}`,
        channel: e.outbox?.channel ?? 'email',
        source: 'outreach',
        summary: e.summary.slice(0, 300),
        occurredAt: at,
        data: {
          eventId: id,
          outboxId: e.outbox?.id ?? null,
          enrollmentId: e.outbox?.enrollmentId ?? step?.enrollmentId ?? null,
          sequenceId: step?.sequenceId ?? null,
          ...detail,
        },
      },
    ]);
  return id;
}

/** An hour bucket for dedupe keys: a pixel or a link hit many times in an hour is one event. */
const hourOf = (d: Date) => Math.floor(d.getTime() / 3_600_000);

// ---- tracking (public routes: the signed token is the authority)

/** The workspace's tracking switches. */
export async function getTracking(ctx: Ctx): Promise<TrackingSettings> {
  return repo.trackingSettings(ctx.db, ctx.actor.workspaceId);
}

export async function setTracking(ctx: Ctx, input: TrackingSettings): Promise<TrackingSettings> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const before = await repo.trackingSettings(tx.db, ws);
    await repo.saveTrackingSettings(tx.db, {
      workspaceId: ws,
      opens: input.opens,
      clicks: input.clicks,
      updatedBy: tx.actor.userId,
      updatedAt: tx.clock.now(),
    });
    await recordAudit(tx, {
      action: 'outreach.tracking.changed',
      entityType: 'workspace',
      entityId: ws,
      before,
      after: input,
    });
    return input;
  });
}

/** Everything `applyTracking` needs for a workspace's message: secret, base URL, switches. */
export async function trackingFor(ctx: Ctx, baseUrl: string): Promise<TrackingRender> {
  const ws = ctx.actor.workspaceId;
  const [settings, switches] = await Promise.all([
    loadOutreachSettings(ctx.db, ws),
    repo.trackingSettings(ctx.db, ws),
  ]);
  return { workspaceId: ws, tokenSecret: settings.tokenSecret, baseUrl, ...switches };
}

/**
 * A public link's token, verified, with its message. `asWorkspace` gives the workspace's system actor (the
 * caller has no session: the token is the authority). Null when forged, for another purpose, or the message
 * is gone.
 */
async function fromToken(
  base: Ctx,
  token: string,
  purpose: string,
  asWorkspace: (ws: string) => Ctx,
): Promise<{ ctx: Ctx; outbox: repo.OutboxRef; data: string | undefined } | null> {
  const t = await verifyLinkToken(base.db, token, purpose);
  if (!t) return null;
  const ctx = asWorkspace(t.workspaceId);
  const outbox = await repo.outboxRef(ctx.db, t.workspaceId, t.outboxId);
  return outbox ? { ctx, outbox, data: t.data } : null;
}

/** The open pixel was loaded: record `opened` (once an hour per message) when opens are tracked. */
export async function trackOpen(
  base: Ctx,
  token: string,
  asWorkspace: (ws: string) => Ctx,
): Promise<boolean> {
  const hit = await fromToken(base, token, 'open', asWorkspace);
  if (!hit) return false;
  const { ctx, outbox } = hit;
  // Only a message actually sent can be opened (a token of a pending/failed/cancelled row records nothing).
  if (outbox.status !== 'sent') return true;
  if (!(await repo.trackingSettings(ctx.db, outbox.workspaceId)).opens) return true;
  await inTransaction(ctx, (tx) =>
    recordEvent(tx, {
      kind: 'opened',
      outbox,
      dedupeKey: `open:${outbox.id}:${hourOf(tx.clock.now())}`,
      summary: 'Opened the email',
    }),
  );
  return true;
}

/**
 * A tracked link was followed: the target it signed (never one from the request), after recording `clicked`
 * (once an hour per message and link) when clicks are tracked. Null for a forged or unusable token.
 */
export async function trackClick(
  base: Ctx,
  token: string,
  asWorkspace: (ws: string) => Ctx,
): Promise<string | null> {
  const hit = await fromToken(base, token, 'click', asWorkspace);
  const target = hit?.data ? safeTarget(hit.data) : null;
  if (!hit || !target) return null;
  const { ctx, outbox } = hit;
  // The link keeps working; a click is recorded only for a message actually sent.
  if (outbox.status === 'sent' && (await repo.trackingSettings(ctx.db, outbox.workspaceId)).clicks) {
    const link = createHash('sha256').update(target).digest('base64url').slice(0, 16);
    await inTransaction(ctx, (tx) =>
      recordEvent(tx, {
        kind: 'clicked',
        outbox,
        dedupeKey: `click:${outbox.id}:${link}:${hourOf(tx.clock.now())}`,
        detail: { url: target },
        summary: `Clicked ${target}`,
      }),
    );
  }
  return target;
}

// ---- unsubscribe (RFC 8058)

/** Whether an unsubscribe token is valid (the confirmation page shows the button only then). */
export async function checkUnsubscribe(base: Ctx, token: string, asWorkspace: (ws: string) => Ctx) {
  return (await fromToken(base, token, 'unsubscribe', asWorkspace)) !== null;
}

/**
 * One-click unsubscribe: the candidate's live enrollments stop (`unsubscribed`), the consent ledger records
 * the withdrawal of email contact, and an `unsubscribed` event is recorded, all in one transaction. A second
 * click records nothing again unless contact by email was allowed again since (then it withdraws again).
 */
export async function unsubscribe(
  base: Ctx,
  token: string,
  asWorkspace: (ws: string) => Ctx,
): Promise<boolean> {
  const hit = await fromToken(base, token, 'unsubscribe', asWorkspace);
  if (!hit) return false;
  const { ctx, outbox } = hit;
  await inTransaction(ctx, async (tx) => {
    const stopped = await stopCandidateEnrollments(tx, outbox.candidateId, 'unsubscribed');
    const eventId = await recordEvent(tx, {
      kind: 'unsubscribed',
      outbox,
      dedupeKey: `unsubscribe:${outbox.id}`,
      detail: { stoppedEnrollments: stopped },
      summary: 'Unsubscribed from email (one-click link)',
    });
    const again = !eventId && (await mayContact(tx, outbox.candidateId, 'email')).allowed;
    if (eventId || again)
      await withdrawConsent(
        tx,
        outbox.candidateId,
        {
          purpose: 'contact',
          channel: 'email',
          reason: 'Unsubscribed with the link in an email (one-click)',
        },
        `outreach unsubscribe link (message ${outbox.messageId})`,
      );
  });
  return true;
}

// ---- replies

const REPLY_FIELDS: FieldMap<Reply> = { fromAddress: CONTACT };

export function replyView(ctx: Ctx, r: repo.ReplyRow): Reply {
  return redact(ctx.actor, REPLY_FIELDS, {
    id: r.id,
    candidateId: r.candidateId,
    enrollmentId: r.enrollmentId,
    sequenceId: r.sequenceId,
    stepId: r.stepId,
    variant: r.variant,
    outboxId: r.outboxId,
    fromAddress: r.fromAddress,
    fromName: r.fromName,
    subject: r.subject,
    excerpt: r.excerpt,
    text: r.text,
    receivedAt: r.receivedAt.toISOString(),
    responseSeconds: r.responseSeconds,
    classification: r.classification as Reply['classification'],
    classifiedBy: r.classifiedBy,
    classifiedAt: r.classifiedAt?.toISOString() ?? null,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function listReplies(ctx: Ctx, q: ReplyListQuery) {
  const before = decodeCursor(q.cursor, 1, ([id]) => typeof id === 'string' && UUID.test(id))?.[0] as
    | string
    | undefined;
  const rows = await repo.listReplies(ctx.db, ctx.actor.workspaceId, {
    sequenceId: q.sequenceId,
    candidateId: q.candidateId,
    unclassified: q.unclassified,
    before,
    limit: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return {
    items: page.map((r) => replyView(ctx, r)),
    nextCursor: more ? encodeCursor([page.at(-1)!.id]) : null,
  };
}

export async function getReply(ctx: Ctx, id: string): Promise<Reply> {
  const r = await repo.getReply(ctx.db, ctx.actor.workspaceId, id);
  if (!r) throw notFound('reply');
  return replyView(ctx, r);
}

/** A recruiter's reading of a reply: `interested` counts in the metrics; both go on the timeline. */
export async function classifyReply(
  ctx: Ctx,
  id: string,
  classification: 'interested' | 'not_interested',
): Promise<Reply> {
  requirePermission(ctx.actor, 'outreach:read');
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const r = await repo.getReply(tx.db, ws, id, true);
    if (!r) throw notFound('reply');
    if (r.classification === classification)
      throw conflict('already_classified', `The reply is already marked ${classification.replace('_', ' ')}`);
    const now = tx.clock.now();
    await repo.updateReply(tx.db, ws, id, {
      classification,
      classifiedBy: tx.actor.userId,
      classifiedAt: now,
    });
    const outbox = await repo.outboxRef(tx.db, ws, r.outboxId);
    await recordEvent(tx, {
      kind: classification,
      ...(outbox ? { outbox } : {}),
      detail: { replyId: id },
      summary:
        classification === 'interested' ? 'Reply marked as interested' : 'Reply marked as not interested',
    });
    await recordAudit(tx, {
      action: 'outreach.reply.classified',
      entityType: 'outreach_reply',
      entityId: id,
      before: { classification: r.classification },
      after: { classification },
    });
    return replyView(tx, { ...r, classification, classifiedBy: tx.actor.userId, classifiedAt: now });
  });
}
