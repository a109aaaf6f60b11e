import { createHash } from 'node:crypto';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { suppressAddress } from './dispatch.service.ts';
import type { InboundResult } from './engagement.contract.ts';
import * as repo from './engagement.repository.ts';
import { recordEvent } from './engagement.service.ts';
import { stopCandidateEnrollments } from './enrollments.service.ts';
import { inboundParseGate } from './inbound.gate.ts';
import { type InboundMessage, parseInbound, replyExcerpt, threadCandidates } from './inbound.parse.ts';

/**
 * Inbound mail (the HTTP endpoint and the SMTP listener share this). The message is threaded to what we
 * sent by its Message-ID (a bounce's original, In-Reply-To, then References), then:
 * - a reply: `replied` event with the response time, the reply stored for reading, and every live
 *   enrollment of the candidate stopped (`replied`): a person now carries the conversation, and another
 *   sequence's automatic follow-up must not land in the middle of it;
 * - an automatic answer (out of office): `auto_reply` event only; nothing stops;
 * - a bounce: `bounced` event; a permanent one (5.x.x, Action: failed) also suppresses the address (the
 *   send guard refuses it from then on) and stops the enrollment the message belonged to (`bounced`).
 * A message naming nothing we sent is `unmatched` and changes nothing. The same message twice (a gateway
 * retrying) is `duplicate`.
 */

const nothing = {
  eventId: null,
  replyId: null,
  outboxId: null,
  enrollmentId: null,
  candidateId: null,
  stoppedEnrollments: 0,
  permanentBounce: null,
};

/** Parse through the shared gate (at most a few parses at once: 503 / SMTP 451 beyond its queue). */
async function parse(raw: Buffer): Promise<InboundMessage> {
  try {
    return await inboundParseGate.run(() => parseInbound(raw));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw invalid('invalid_message', 'The body is not a MIME message', [
      { field: 'body', message: `cannot be parsed as MIME: ${(e as Error).message}`.slice(0, 300) },
    ]);
  }
}

/**
 * The message we sent that this one answers or reports on (first match in threading order). Only messages
 * actually sent (outbox status `sent`) count: a Message-ID of a pending, failed, dead or cancelled row never
 * reached anyone, so mail naming it cannot be an answer to it.
 */
async function original(
  db: Ctx['db'],
  ws: string | null,
  m: InboundMessage,
): Promise<{ sent: repo.OutboxRef; thread: Record<string, unknown> | null } | undefined> {
  const ids = threadCandidates(m);
  const rows = (await repo.outboxByMessageIds(db, ws, ids)).filter((r) => r.status === 'sent');
  const hits = ids.flatMap((id) => rows.filter((r) => r.messageId === id));
  const first = hits[0];
  if (!first) return undefined;
  const candidates = [...new Set(hits.map((h) => h.candidateId))];
  if (candidates.length < 2 || m.kind === 'bounce') return { sent: first, thread: null };
  // The message names messages sent to different candidates (a thread forwarded between them, a reply
  // quoting another's message): the one sent to the reply's sender wins, else the first in threading order.
  const bySender = m.from ? hits.find((h) => addressOf(h.recipient) === m.from) : undefined;
  return {
    sent: bySender ?? first,
    thread: {
      candidateMismatch: true,
      candidates,
      chosenBy: bySender ? 'sender' : 'threading_order',
      note: bySender
        ? "The message names messages sent to several candidates; attached to the one sent to the sender's address"
        : 'The message names messages sent to several candidates, none to the sender; attached to the first in threading order',
    },
  };
}

/** The reply's time: its Date header when plausible (after our send, not in the future), else now. */
function replyTime(m: InboundMessage, sentAt: Date | null, now: Date): Date {
  const d = m.date;
  if (!d) return now;
  if (d.getTime() > now.getTime() + 5 * 60_000) return now;
  if (sentAt && d.getTime() < sentAt.getTime()) return now;
  return d;
}

/** The bare address of a recipient ("Name <a@b>" or "a@b"), lower-cased. */
function addressOf(recipient: string): string {
  const m = /<([^<>]+)>\s*$/.exec(recipient);
  return (m ? m[1]! : recipient).trim().toLowerCase();
}

/**
 * The event's dedupe key: the sender's Message-ID, or the SHA-256 of the raw message. A Message-ID over 200
 * UTF-8 bytes is hashed too: the key sits in a btree index, whose entries have a byte limit (a long
 * non-ASCII id would fail every insert, and the gateway would retry for ever).
 */
function dedupeKey(kind: string, m: InboundMessage, raw: Buffer): string {
  const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('base64url')}`;
  const id = m.messageId
    ? Buffer.byteLength(m.messageId, 'utf8') > 200
      ? sha(m.messageId)
      : m.messageId
    : sha(raw);
  return `${kind}:${id}`;
}

async function onReply(
  tx: Ctx,
  m: InboundMessage,
  raw: Buffer,
  sent: repo.OutboxRef,
  thread: Record<string, unknown> | null,
): Promise<InboundResult> {
  const now = tx.clock.now();
  const at = replyTime(m, sent.sentAt, now);
  const responseSeconds = sent.sentAt
    ? Math.max(0, Math.min(2 ** 31 - 1, Math.round((at.getTime() - sent.sentAt.getTime()) / 1000)))
    : null;
  const excerpt = replyExcerpt(m.text);
  const eventId = await recordEvent(tx, {
    kind: 'replied',
    outbox: sent,
    at,
    dedupeKey: dedupeKey('reply', m, raw),
    responseSeconds,
    detail: { subject: m.subject, inboundMessageId: m.messageId, ...(thread ? { threading: thread } : {}) },
    summary: `Replied: ${m.subject || '(no subject)'}${excerpt ? ` — ${excerpt.replace(/\s+/g, ' ')}` : ''}`,
  });
  if (!eventId) return { outcome: 'duplicate', ...nothing, outboxId: sent.id };
  const step = await repo.stepContext(tx.db, tx.actor.workspaceId, sent.enrollmentStepId);
  const replyId = newId();
  await repo.insertReply(tx.db, {
    id: replyId,
    workspaceId: tx.actor.workspaceId,
    eventId,
    outboxId: sent.id,
    enrollmentId: sent.enrollmentId,
    candidateId: sent.candidateId,
    sequenceId: step?.sequenceId ?? null,
    stepId: step?.stepId ?? null,
    variant: step?.variant ?? null,
    messageId: m.messageId,
    fromAddress: m.from,
    fromName: m.fromName,
    subject: m.subject,
    text: m.text,
    excerpt,
    receivedAt: at,
    responseSeconds,
    classification: null,
    classifiedBy: null,
    classifiedAt: null,
    createdAt: now,
  });
  const stopped = await stopCandidateEnrollments(tx, sent.candidateId, 'replied');
  await recordAudit(tx, {
    action: 'outreach.reply.received',
    entityType: 'outreach_reply',
    entityId: replyId,
    after: {
      outboxId: sent.id,
      enrollmentId: sent.enrollmentId,
      responseSeconds,
      stoppedEnrollments: stopped,
    },
  });
  return {
    outcome: 'reply',
    eventId,
    replyId,
    outboxId: sent.id,
    enrollmentId: sent.enrollmentId,
    candidateId: sent.candidateId,
    stoppedEnrollments: stopped,
    permanentBounce: null,
  };
}

async function onAutoReply(
  tx: Ctx,
  m: InboundMessage,
  raw: Buffer,
  sent: repo.OutboxRef,
  thread: Record<string, unknown> | null,
): Promise<InboundResult> {
  const eventId = await recordEvent(tx, {
    kind: 'auto_reply',
    outbox: sent,
    dedupeKey: dedupeKey('auto', m, raw),
    detail: {
      subject: m.subject,
      reason: m.autoReason,
      inboundMessageId: m.messageId,
      ...(thread ? { threading: thread } : {}),
    },
    summary: `Automatic answer (not a reply): ${m.subject || '(no subject)'}`,
  });
  if (!eventId) return { outcome: 'duplicate', ...nothing, outboxId: sent.id };
  return {
    outcome: 'auto_reply',
    ...nothing,
    eventId,
    outboxId: sent.id,
    enrollmentId: sent.enrollmentId,
    candidateId: sent.candidateId,
  };
}

async function onBounce(
  tx: Ctx,
  m: InboundMessage,
  raw: Buffer,
  sent: repo.OutboxRef,
): Promise<InboundResult> {
  const b = m.bounce!;
  // A report about another address (the candidate forwarded our message, and the forward bounced) says
  // nothing about the candidate's address: recorded, never suppressing.
  const ours = addressOf(sent.recipient);
  const otherRecipient = b.recipients.length > 0 && !b.recipients.includes(ours);
  const permanent = b.permanent && !otherRecipient;
  const eventId = await recordEvent(tx, {
    kind: 'bounced',
    outbox: sent,
    dedupeKey: dedupeKey('bounce', m, raw),
    detail: {
      permanent,
      status: b.status,
      action: b.action,
      recipient: b.recipient,
      diagnostic: b.diagnostic,
      ...(otherRecipient
        ? {
            recipientMismatch: true,
            note: `The report names ${b.recipients.join(', ').slice(0, 300)}, not the address we sent to: a forwarded copy bounced; the address is not suppressed`,
          }
        : {}),
    },
    summary: permanent
      ? `Email bounced (${b.status ?? 'failed'}): the address is marked undeliverable`
      : otherRecipient
        ? `A forwarded copy bounced (${b.status ?? b.action ?? 'unknown'}); the address stays usable`
        : `Delivery delayed or failed temporarily (${b.status ?? b.action ?? 'unknown'})`,
  });
  if (!eventId) return { outcome: 'duplicate', ...nothing, outboxId: sent.id };
  let stopped = 0;
  if (permanent) {
    await suppressAddress(
      tx,
      sent.recipient,
      `bounced ${b.status ?? ''} ${b.diagnostic ?? ''}`.trim(),
      sent.id,
    );
    stopped = await stopCandidateEnrollments(tx, sent.candidateId, 'bounced', [sent.enrollmentId]);
    await recordAudit(tx, {
      action: 'outreach.bounce.received',
      entityType: 'outreach_outbox',
      entityId: sent.id,
      after: { permanent: true, status: b.status, stoppedEnrollments: stopped },
    });
  }
  return {
    outcome: 'bounce',
    eventId,
    replyId: null,
    outboxId: sent.id,
    enrollmentId: sent.enrollmentId,
    candidateId: sent.candidateId,
    stoppedEnrollments: stopped,
    permanentBounce: permanent,
  };
}

/**
 * Handle one inbound message. `workspaceId` scopes threading to a workspace (the HTTP endpoint: the API
 * token's); null looks in every workspace (the SMTP listener) and acts as the matched workspace's system
 * actor through `asWorkspace`.
 */
export async function receiveInbound(
  ctx: Ctx,
  raw: Buffer,
  opts: { workspaceId: string | null; asWorkspace?: (ws: string) => Ctx },
): Promise<InboundResult> {
  const m = await parse(raw);
  const found = await original(ctx.db, opts.workspaceId, m);
  if (!found) {
    ctx.log.info({ kind: m.kind, messageId: m.messageId }, 'inbound mail matches nothing we sent');
    return { outcome: 'unmatched', ...nothing };
  }
  const { sent, thread } = found;
  const acting = opts.workspaceId ? ctx : (opts.asWorkspace?.(sent.workspaceId) ?? ctx);
  if (acting.actor.workspaceId !== sent.workspaceId) return { outcome: 'unmatched', ...nothing };
  return inTransaction(acting, (tx) => {
    if (m.kind === 'bounce') return onBounce(tx, m, raw, sent);
    if (m.kind === 'auto_reply') return onAutoReply(tx, m, raw, sent, thread);
    return onReply(tx, m, raw, sent, thread);
  });
}
