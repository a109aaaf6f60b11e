import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { appendActivities } from './candidate.service.ts';
import * as candidatesRepo from './candidates.repository.ts';
import {
  CHANNELS,
  type Channel,
  type Consent,
  type ContactDecision,
  type RecordConsent,
  type WithdrawConsent,
} from './consent.contract.ts';
import * as repo from './consent.repository.ts';
import { decideContact, jurisdictionOf } from './consent.rules.ts';
import { loadSettings } from './settings.service.ts';

function view(r: repo.ConsentRow): Consent {
  return {
    id: r.id,
    candidateId: r.candidateId,
    purpose: r.purpose as Consent['purpose'],
    channel: r.channel as Consent['channel'],
    lawfulBasis: r.lawfulBasis as Consent['lawfulBasis'],
    jurisdiction: r.jurisdiction as Consent['jurisdiction'],
    evidence: r.evidence,
    givenAt: r.givenAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawalReason: r.withdrawalReason,
    recordedBy: r.recordedBy,
    createdAt: r.createdAt.toISOString(),
  };
}

async function candidateOrThrow(ctx: Ctx, id: string) {
  const row = await candidatesRepo.getCandidate(ctx.db, ctx.actor.workspaceId, id);
  if (!row) throw notFound('candidate');
  return row;
}

/**
 * THE contact check: may this candidate be contacted on this channel now (or at `at`), and why not. Every
 * send path (sequences, one-off emails, SMS, calls) calls it at send time; there is no other way to decide.
 */
export async function mayContact(
  ctx: Ctx,
  candidateId: string,
  channel: Channel,
  at?: Date,
): Promise<ContactDecision> {
  // One after the other: callers run this inside transactions (one connection; pg refuses parallel queries).
  const row = await candidateOrThrow(ctx, candidateId);
  const ledger = await repo.listConsents(ctx.db, ctx.actor.workspaceId, candidateId);
  const policy = await loadSettings(ctx.db, ctx.actor.workspaceId);
  return decideContact(
    {
      status: row.status,
      country: row.country,
      region: row.region,
      hasEmail: row.emails.length > 0,
      hasPhone: row.phones.length > 0,
      ledger,
    },
    channel,
    at ?? ctx.clock.now(),
    policy,
  );
}

/** Ids per statement in `mayContactMany` (bounded parameter lists; callers pass 100 to 1,000). */
const MANY_CHUNK = 1000;

/**
 * `mayContact` for many candidates at once, the same decision (`decideContact`) from the same facts: the
 * workspace policy read once, then per chunk of ids the candidates in one query and their ledgers in one
 * query. Ids not in the workspace are absent from the map (where `mayContact` throws not found).
 */
export async function mayContactMany(
  ctx: Ctx,
  candidateIds: readonly string[],
  channel: Channel,
  at?: Date,
): Promise<Map<string, ContactDecision>> {
  const ws = ctx.actor.workspaceId;
  const when = at ?? ctx.clock.now();
  const out = new Map<string, ContactDecision>();
  const ids = [...new Set(candidateIds)];
  if (ids.length === 0) return out;
  // One after the other: callers run this inside transactions (one connection).
  const policy = await loadSettings(ctx.db, ws);
  for (let i = 0; i < ids.length; i += MANY_CHUNK) {
    const part = ids.slice(i, i + MANY_CHUNK);
    const facts = await repo.contactFacts(ctx.db, ws, part);
    const ledgers = await repo.listConsentsMany(ctx.db, ws, part);
    for (const f of facts)
      out.set(
        f.id,
        decideContact(
          {
            status: f.status,
            country: f.country,
            region: f.region,
            hasEmail: f.hasEmail,
            hasPhone: f.hasPhone,
            ledger: ledgers.get(f.id) ?? [],
          },
          channel,
          when,
          policy,
        ),
      );
  }
  return out;
}

export async function consentLedger(ctx: Ctx, candidateId: string) {
  await candidateOrThrow(ctx, candidateId);
  const items = (await repo.listConsents(ctx.db, ctx.actor.workspaceId, candidateId)).map(view);
  const decisions = await Promise.all(CHANNELS.map((c) => mayContact(ctx, candidateId, c)));
  return { items, decisions };
}

export async function recordConsent(ctx: Ctx, candidateId: string, input: RecordConsent): Promise<Consent> {
  const now = ctx.clock.now();
  const givenAt = input.givenAt ? new Date(input.givenAt) : now;
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (givenAt.getTime() > now.getTime() + 60_000)
    throw invalid('invalid_consent', 'Consent cannot be given in the future', [
      { field: 'givenAt', message: 'is in the future' },
    ]);
  if (expiresAt && expiresAt <= givenAt)
    throw invalid('invalid_consent', 'Consent must expire after it was given', [
      { field: 'expiresAt', message: 'is not after givenAt' },
    ]);
  return inTransaction(ctx, async (tx) => {
    const cand = await candidateOrThrow(tx, candidateId);
    const row: repo.ConsentRow = {
      id: newId(),
      workspaceId: tx.actor.workspaceId,
      candidateId,
      purpose: input.purpose,
      channel: input.channel,
      lawfulBasis: input.lawfulBasis,
      jurisdiction: input.jurisdiction ?? jurisdictionOf(cand.country, cand.region),
      evidence: input.evidence,
      givenAt,
      expiresAt,
      withdrawnAt: null,
      withdrawalReason: null,
      recordedBy: tx.actor.userId,
      createdAt: now,
    };
    await repo.insertConsent(tx.db, row);
    const v = view(row);
    await appendActivities(tx, [
      {
        candidateId,
        kind: 'consent.given',
        channel: input.channel === 'any' ? null : input.channel,
        summary: `${input.lawfulBasis.replace('_', ' ')} recorded for ${input.purpose} (${input.channel})`,
        data: { consentId: row.id, purpose: input.purpose, lawfulBasis: input.lawfulBasis },
      },
    ]);
    await recordAudit(tx, {
      action: 'consent.recorded',
      entityType: 'candidate',
      entityId: candidateId,
      after: v,
    });
    return v;
  });
}

/** A withdrawal, as consent-withdrawal listeners hear it (in the withdrawal's transaction). */
export interface ConsentWithdrawn {
  candidateId: string;
  purpose: string;
  channel: string;
}
type ConsentWithdrawnListener = (tx: Ctx, event: ConsentWithdrawn) => Promise<void>;
const withdrawnListeners: ConsentWithdrawnListener[] = [];

/**
 * Register a listener for consent withdrawals (composition time only; outreach stops sequences with it),
 * called inside the withdrawal's transaction so what it does commits with the withdrawal.
 */
export function onConsentWithdrawn(fn: ConsentWithdrawnListener): void {
  if (!withdrawnListeners.includes(fn)) withdrawnListeners.push(fn);
}

/**
 * Withdraw contact (or storage) for a channel: open entries are stamped; when there are none an objection row
 * is recorded, so the ledger shows the withdrawal and later decisions honour it.
 */
export async function withdrawConsent(
  ctx: Ctx,
  candidateId: string,
  input: WithdrawConsent,
  source?: string,
) {
  return inTransaction(ctx, async (tx) => {
    await candidateOrThrow(tx, candidateId);
    const ws = tx.actor.workspaceId;
    const now = tx.clock.now();
    const channels = input.channel === 'any' ? [...CHANNELS, 'any'] : [input.channel];
    const stamped = await repo.withdraw(tx.db, ws, candidateId, input.purpose, channels, now, input.reason);
    if (stamped.length === 0 || input.channel === 'any') {
      const cand = await candidateOrThrow(tx, candidateId);
      await repo.insertConsent(tx.db, {
        id: newId(),
        workspaceId: ws,
        candidateId,
        purpose: input.purpose,
        channel: input.channel,
        lawfulBasis: 'none',
        jurisdiction: jurisdictionOf(cand.country, cand.region),
        evidence: source ?? 'recorded by a user',
        givenAt: now,
        expiresAt: null,
        withdrawnAt: now,
        withdrawalReason: input.reason,
        recordedBy: tx.actor.userId,
        createdAt: now,
      });
    }
    await appendActivities(tx, [
      {
        candidateId,
        kind: 'consent.withdrawn',
        channel: input.channel === 'any' ? null : input.channel,
        source: source ?? null,
        summary: `Withdrew ${input.purpose} (${input.channel}): ${input.reason}`.slice(0, 300),
        data: { purpose: input.purpose, channel: input.channel, reason: input.reason },
      },
    ]);
    for (const l of withdrawnListeners)
      await l(tx, { candidateId, purpose: input.purpose, channel: input.channel });
    await recordAudit(tx, {
      action: 'consent.withdrawn',
      entityType: 'candidate',
      entityId: candidateId,
      after: { purpose: input.purpose, channel: input.channel, reason: input.reason },
    });
    return consentLedger(tx, candidateId);
  });
}
