import { DateTime } from 'luxon';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import {
  appendActivities,
  type CandidateRow,
  type Channel,
  type ContactDecision,
  candidateRows,
  mayContactMany,
} from '../candidates/index.ts';
import * as drepo from './delivery.repository.ts';
import { deliveryConfig } from './dispatch.service.ts';
import { trackingSettings } from './engagement.repository.ts';
import { applyTracking, type TrackingRender } from './engagement.ts';
import { advanceEnrollment, stopCandidateEnrollments } from './enrollments.service.ts';
import type { StepKind, StopReason } from './outreach.contract.ts';
import * as repo from './outreach.repository.ts';
import { renderFor, resolveSender, type Sender } from './personalise.ts';
import { calendarOf, channelOf, type Definition, loadDefinition, type PlanEnv, planEnv } from './planning.ts';
import { type Calendar, fitToWindow, NoSendingDayError } from './schedule.ts';

/** Steps handed off per transaction. */
export const HANDOFF_BATCH = 100;

const MANUAL: ReadonlySet<string> = new Set(['phone_task', 'linkedin_task']);

export interface HandoffResult {
  scheduled: number;
  workItems: number;
  blocked: number;
  deferred: number;
}

/**
 * Hand due steps to delivery, every workspace, batch after batch, until none is due (or `maxBatches`).
 * Returns the totals; each batch is one transaction (guards, rendering, outbox rows, step states, timeline).
 */
export async function handOffDue(
  base: Omit<Ctx, 'actor'>,
  systemActor: (ws: string) => Ctx['actor'],
  maxBatches = 50,
): Promise<HandoffResult> {
  const total: HandoffResult = { scheduled: 0, workItems: 0, blocked: 0, deferred: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const wss = await drepo.workspacesWithDueSteps(base.db, base.clock.now());
    if (wss.length === 0) break;
    let moved = 0;
    for (const ws of wss) {
      const r = await handOffBatch({ ...base, actor: systemActor(ws) });
      moved += r.scheduled + r.workItems + r.blocked + r.deferred;
      total.scheduled += r.scheduled;
      total.workItems += r.workItems;
      total.blocked += r.blocked;
      total.deferred += r.deferred;
    }
    if (moved === 0) break;
  }
  return total;
}

export interface Guarded {
  kind: 'stop' | 'block' | 'defer';
  reason: string;
  message: string;
  stopReason?: StopReason;
  until?: Date;
}

function primaryEmail(c: CandidateRow): string | null {
  return (c.emails.find((e) => e.primary) ?? c.emails[0])?.address.toLowerCase() ?? null;
}
function primaryPhone(c: CandidateRow): string | null {
  return (c.phones.find((p) => p.primary) ?? c.phones[0])?.number ?? null;
}

function domainOf(address: string): string {
  return address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : '';
}

/** `<enrollment.step@domain>`: stable for the (enrollment, step), whatever the attempt. */
export function messageIdFor(idempotencyKey: string, senderEmail: string): string {
  const domain = domainOf(senderEmail) || 'prospector.invalid';
  return `<${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@${domain}>`;
}

/** One batch of one workspace: in ONE transaction, guard, render and hand off (or block, or defer). */
export async function handOffBatch(ctx: Ctx, limit = HANDOFF_BATCH): Promise<HandoffResult> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const now = tx.clock.now();
    const out: HandoffResult = { scheduled: 0, workItems: 0, blocked: 0, deferred: 0 };
    const due = await drepo.lockDueSteps(tx.db, ws, now, limit);
    if (due.length === 0) return out;
    const steps = await repo.stepRowsByIds(
      tx.db,
      ws,
      due.map((d) => d.id),
    );
    const enrollments = new Map(
      (await repo.enrollmentsByIds(tx.db, ws, [...new Set(steps.map((s) => s.enrollmentId))])).map((e) => [
        e.id,
        e,
      ]),
    );
    const candidateIds = [...new Set([...enrollments.values()].map((e) => e.candidateId))];
    // One after the other: these run on the transaction's single connection.
    const cands = await candidateRows(tx.db, ws, candidateIds);
    const settings = await drepo.loadOutreachSettings(tx.db, ws);
    const env = await planEnv(tx);
    const templates = await repo.templatesByIds(tx.db, ws, [...new Set(steps.map((s) => s.templateId))]);
    const byCand = new Map(cands.map((c) => [c.id, c]));
    const byTemplate = new Map(templates.map((t) => [t.id, t]));
    const capSince = new Date(now.getTime() - settings.capDays * 86_400_000);
    const touches =
      settings.capTouches > 0
        ? await drepo.touchesSince(tx.db, ws, candidateIds, capSince)
        : new Map<string, { n: number; times: Date[] }>();
    const dayStart = DateTime.fromJSDate(now, { zone: env.defaultZone }).startOf('day');
    const senderIds = [...new Set([...enrollments.values()].map((e) => e.senderId))];
    const senderCounts =
      settings.senderDailyLimit > 0
        ? await drepo.senderCountsSince(tx.db, ws, senderIds, dayStart.toJSDate())
        : new Map<string, number>();
    const addresses = cands.map(primaryEmail).filter((a): a is string => a !== null);
    const suppressed = await drepo.suppressedAmong(tx.db, ws, addresses);
    // The consent ledger's answer for every candidate and channel of the batch: one mayContactMany per
    // channel (three queries), not three queries per step.
    const contact = new Map<Channel, Map<string, ContactDecision>>();
    for (const ch of ['email', 'sms', 'phone'] as const) {
      const asked = new Set<string>();
      for (const s of steps)
        if (channelOf(s.kind as StepKind) === ch) asked.add(enrollments.get(s.enrollmentId)!.candidateId);
      if (asked.size) contact.set(ch, await mayContactMany(tx, [...asked], ch, now));
    }
    // Open/click tracking as the workspace's switches say (what `trackingFor` returns, read here one query
    // after the other on the transaction's connection; the settings row is already loaded).
    const tracking: TrackingRender = {
      workspaceId: ws,
      tokenSecret: settings.tokenSecret,
      baseUrl: deliveryConfig().baseUrl.replace(/\/+$/, ''),
      ...(await trackingSettings(tx.db, ws)),
    };
    const defs = new Map<string, Definition | undefined>();
    const senders = new Map<string, Sender | AppError>();

    for (const step of steps.sort((a, b) => (a.plannedAt?.getTime() ?? 0) - (b.plannedAt?.getTime() ?? 0))) {
      const e = enrollments.get(step.enrollmentId)!;
      const cand = byCand.get(e.candidateId);
      if (!defs.has(e.sequenceId)) defs.set(e.sequenceId, await loadDefinition(tx, e.sequenceId));
      const def = defs.get(e.sequenceId);
      const kind = step.kind as StepKind;
      const channel = channelOf(kind);
      const isMessage = !MANUAL.has(kind);
      const recipient = cand ? (kind === 'sms' ? primaryPhone(cand) : primaryEmail(cand)) : null;

      // ---- the guards, at send time
      let g: Guarded | null = null;
      if (!cand || cand.archivedAt)
        g = {
          kind: 'stop',
          reason: 'archived',
          message: 'The candidate is archived',
          stopReason: 'archived',
        };
      else if (cand.status === 'do_not_contact')
        g = {
          kind: 'stop',
          reason: 'do_not_contact',
          message: 'The candidate is marked do not contact',
          stopReason: 'do_not_contact',
        };
      else if (cand.status === 'hired' || def?.sequence.stopStatuses.includes(cand.status))
        g = {
          kind: 'stop',
          reason: 'stopping_status',
          message: `The candidate's status (${cand.status}) stops this sequence`,
          stopReason: cand.status === 'hired' ? 'hired' : 'status_changed',
        };
      else if (channel) {
        const d = contact.get(channel)?.get(cand.id);
        if (!d) throw notFound('candidate'); // read in this transaction a moment ago: cannot happen
        if (!d.allowed)
          g =
            d.reason === 'no_address'
              ? { kind: 'block', reason: 'no_address', message: d.message }
              : {
                  kind: 'stop',
                  reason: d.reason === 'do_not_contact' ? 'do_not_contact' : 'no_consent',
                  message: d.message,
                  stopReason: d.reason === 'do_not_contact' ? 'do_not_contact' : 'consent_withdrawn',
                };
      }
      if (!g && isMessage && !recipient)
        g = { kind: 'block', reason: 'no_address', message: `No ${channel} address on record` };
      if (!g && kind !== 'sms' && isMessage && recipient && suppressed.has(recipient))
        g = {
          kind: 'stop',
          reason: 'suppressed',
          message: `${recipient} refused mail permanently earlier`,
          stopReason: 'bounced',
        };
      const zone = e.timeZone;
      const cal = def ? calendarOf(def.sequence, zone, env) : null;
      // The window, again at hand-off: a step due inside its window but handed off after it closed (a
      // backlog, workers down overnight, a resume) waits for the next slot instead of leaving now.
      if (!g && isMessage && cal) g = windowGuard(now, cal);
      if (!g && isMessage && settings.capTouches > 0) {
        const t = touches.get(e.candidateId);
        if (t && t.n >= settings.capTouches) {
          // The slot frees when the oldest touch counted leaves the M-day window.
          const frees = new Date(
            t.times[t.n - settings.capTouches]!.getTime() + settings.capDays * 86_400_000,
          );
          g = {
            kind: 'defer',
            reason: 'frequency_cap',
            message: `Frequency cap: ${settings.capTouches} touches in ${settings.capDays} days across all sequences`,
            until: frees,
          };
        }
      }
      if (!g && isMessage && settings.senderDailyLimit > 0) {
        const n = senderCounts.get(e.senderId) ?? 0;
        if (n >= settings.senderDailyLimit)
          g = {
            kind: 'defer',
            reason: 'sender_daily_limit',
            message: `The sender's daily limit (${settings.senderDailyLimit}) is reached`,
            until: dayStart.plus({ days: 1 }).toJSDate(),
          };
      }

      // ---- render (a template that cannot be rendered for this candidate blocks the step)
      let sender: Sender | AppError | undefined;
      let rendered: Awaited<ReturnType<typeof renderFor>> | undefined;
      if (!g) {
        if (!senders.has(e.senderId))
          senders.set(
            e.senderId,
            await resolveSender(tx, e.senderId).catch((err: unknown) => {
              if (err instanceof AppError) return err;
              throw err;
            }),
          );
        sender = senders.get(e.senderId)!;
        const tpl = byTemplate.get(step.templateId);
        if (sender instanceof AppError)
          g = { kind: 'block', reason: 'sender_unavailable', message: sender.message };
        else if (!tpl) g = { kind: 'block', reason: 'template_missing', message: 'The template is gone' };
        else
          try {
            rendered = await renderFor(tx, tpl, e.candidateId, sender);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            g = { kind: 'block', reason: 'render_failed', message: err.message };
          }
      }

      if (g?.kind === 'defer') {
        let at: Date;
        try {
          at = cal ? fitToWindow(g.until!, cal) : g.until!;
        } catch (err) {
          if (!(err instanceof NoSendingDayError)) throw err;
          at = g.until!;
        }
        await repo.updateEnrollmentStep(tx.db, ws, step.id, {
          plannedAt: at,
          statusReason: `deferred: ${g.message}`,
          updatedAt: now,
        });
        await timeline(
          tx,
          e,
          step,
          'outreach.step_deferred',
          `Step ${step.position} deferred: ${g.message}`,
          {
            reason: g.reason,
            until: at.toISOString(),
          },
        );
        out.deferred += 1;
        continue;
      }
      if (g) {
        await timeline(tx, e, step, 'outreach.step_blocked', `Step ${step.position} blocked: ${g.message}`, {
          reason: g.reason,
        });
        const reason = `${g.reason}: ${g.message}`.slice(0, 500);
        if (g.kind === 'stop') {
          await repo.updateEnrollmentStep(tx.db, ws, step.id, {
            status: 'blocked',
            statusReason: reason,
            doneAt: now,
            updatedAt: now,
          });
          await stopCandidateEnrollments(tx, e.candidateId, g.stopReason!, [e.id]);
        } else await advanceEnrollment(tx, step.id, 'blocked', now, reason, env);
        out.blocked += 1;
        continue;
      }

      const s = sender as Sender;
      const r = rendered!;
      if (!isMessage) {
        await drepo.insertWorkItems(tx.db, [
          {
            id: newId(),
            workspaceId: ws,
            enrollmentStepId: step.id,
            enrollmentId: e.id,
            candidateId: e.candidateId,
            kind,
            assigneeId: s.id,
            title:
              `${kind === 'phone_task' ? 'Call' : 'LinkedIn message to'} ${cand!.firstName} ${cand!.lastName}`
                .trim()
                .slice(0, 300),
            instructions: r.body,
            dueAt: step.plannedAt ?? now,
            timeZone: env.defaultZone,
            status: 'open',
            note: null,
            completedBy: null,
            completedAt: null,
            createdAt: now,
            updatedAt: now,
          },
        ]);
        out.workItems += 1;
      } else {
        let subject = r.subject;
        let thread: string | null = null;
        if (kind === 'reply_email') {
          const t = await drepo.threadOf(tx.db, ws, e.id);
          thread = t?.messageId ?? null;
          if (!subject && t?.subject) subject = /^re:/i.test(t.subject) ? t.subject : `Re: ${t.subject}`;
        }
        const outboxId = newId();
        await drepo.insertOutbox(tx.db, [
          {
            id: outboxId,
            workspaceId: ws,
            enrollmentStepId: step.id,
            enrollmentId: e.id,
            candidateId: e.candidateId,
            idempotencyKey: step.idempotencyKey,
            messageId: messageIdFor(step.idempotencyKey, s.email),
            channel: kind === 'sms' ? 'sms' : 'email',
            senderId: s.id,
            fromName: s.name,
            fromAddress: s.email,
            recipient: recipient!,
            recipientDomain: kind === 'sms' ? '' : domainOf(recipient!),
            subject,
            html: kind === 'sms' || !r.html ? null : applyTracking(r.html, outboxId, tracking),
            body: r.body,
            threadMessageId: thread,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            claimedBy: null,
            claimedAt: null,
            lastError: null,
            permanent: false,
            sentAt: null,
            createdAt: now,
            updatedAt: now,
          },
        ]);
        const t = touches.get(e.candidateId) ?? { n: 0, times: [] };
        t.n += 1;
        t.times.push(now);
        touches.set(e.candidateId, t);
        senderCounts.set(e.senderId, (senderCounts.get(e.senderId) ?? 0) + 1);
        out.scheduled += 1;
      }
      await repo.updateEnrollmentStep(tx.db, ws, step.id, {
        status: 'scheduled',
        statusReason: null,
        updatedAt: now,
      });
    }
    return out;
  });
}

/**
 * Null when `now` lies inside the sequence's sending window in the candidate's zone (a window day that is not
 * a holiday, between start and end); otherwise a deferral to the next slot (`fitToWindow`), or a block when
 * the window and holidays leave no day to send on.
 */
export function windowGuard(now: Date, cal: Calendar): Guarded | null {
  let next: Date;
  try {
    next = fitToWindow(now, cal);
  } catch (err) {
    if (!(err instanceof NoSendingDayError)) throw err;
    return { kind: 'block', reason: 'no_sending_day', message: err.message };
  }
  if (next.getTime() === now.getTime()) return null;
  const w = cal.window;
  return {
    kind: 'defer',
    reason: 'outside_window',
    message: `Outside the sending window (${w.start}-${w.end}, days ${w.days.join(',')}, not on holidays) in ${cal.zone}`,
    until: next,
  };
}

async function timeline(
  tx: Ctx,
  e: repo.EnrollmentRow,
  step: repo.EnrollmentStepRow,
  kind: string,
  summary: string,
  data: Record<string, unknown>,
) {
  await appendActivities(tx, [
    {
      candidateId: e.candidateId,
      kind,
      source: 'outreach',
      summary: summary.slice(0, 300),
      data: { enrollmentId: e.id, sequenceId: e.sequenceId, enrollmentStepId: step.id, ...data },
    },
  ]);
}

export type { PlanEnv };
