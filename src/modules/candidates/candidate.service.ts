import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { type Executor, together } from '../../platform/db/client.ts';
import { conflict, type FieldError, invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { maskForAudit, recordAudit } from '../audit/index.ts';
import { userSummaries } from '../identity/index.ts';
import { buildSearchDocument } from '../search/index.ts';
import { fieldsOfRow, notifyWritten } from './candidate.links.ts';
import {
  applyInput,
  type CandidateFields,
  derive,
  EMPTY_FIELDS,
  identities,
  searchInput,
} from './candidate.rules.ts';
import { CANDIDATE_FIELD_GROUPS, groupOfField, redactCandidate, toCandidate } from './candidate.view.ts';
import type {
  Activity,
  ActivityQuery,
  Candidate,
  CreateCandidate,
  UpdateCandidate,
} from './candidates.contract.ts';
import * as repo from './candidates.repository.ts';
import type { CustomFieldDef } from './custom-fields.rules.ts';
import { workspaceConfig } from './settings.service.ts';

export interface EntryContext {
  defs: CustomFieldDef[];
  defaultPhoneRegion: string;
}

export async function entryContext(db: Executor, workspaceId: string): Promise<EntryContext> {
  const { defs, settings } = await workspaceConfig(db, workspaceId);
  return { defs, defaultPhoneRegion: settings.defaultPhoneRegion };
}

/** Owners and user-reference custom fields must name users of this workspace. */
export async function checkUsers(ctx: Ctx, refs: { field: string; id: string }[], errors: FieldError[]) {
  if (refs.length === 0) return;
  const found = await userSummaries(
    ctx,
    refs.map((r) => r.id),
  );
  for (const r of refs)
    if (!found.has(r.id)) errors.push({ field: r.field, message: 'is not a user of this workspace' });
}

const AUDIT_MASK = {
  emails: CANDIDATE_FIELD_GROUPS.emails,
  phones: CANDIDATE_FIELD_GROUPS.phones,
  compensation: CANDIDATE_FIELD_GROUPS.compensation,
  diversity: CANDIDATE_FIELD_GROUPS.diversity,
  performanceRating: CANDIDATE_FIELD_GROUPS.performanceRating,
} as const;

/** The audit copy of a candidate: flat fields, sensitive groups masked, custom sensitive values masked. */
export function auditView(f: CandidateFields, defs: readonly CustomFieldDef[]) {
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.customFields)) {
    const g = defs.find((d) => d.key === k)?.fieldGroup;
    custom[k] = g ? `[masked: ${g}]` : v;
  }
  return maskForAudit({ ...f, customFields: custom } as unknown as Record<string, unknown>, AUDIT_MASK);
}

interface Change {
  field: string;
  group: string | null;
  before: unknown;
  after: unknown;
}

/** Field-by-field differences, custom fields one by one. */
function diff(a: CandidateFields, b: CandidateFields, defs: readonly CustomFieldDef[]): Change[] {
  const out: Change[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  for (const k of Object.keys(b) as (keyof CandidateFields)[]) {
    if (k === 'customFields' || k === 'timeZoneSource') continue;
    if (!same(a[k], b[k])) out.push({ field: k, group: groupOfField(k, defs), before: a[k], after: b[k] });
  }
  const keys = new Set([...Object.keys(a.customFields), ...Object.keys(b.customFields)]);
  for (const k of keys) {
    if (!same(a.customFields[k], b.customFields[k]))
      out.push({
        field: `customFields.${k}`,
        group: groupOfField(`customFields.${k}`, defs),
        before: a.customFields[k] ?? null,
        after: b.customFields[k] ?? null,
      });
  }
  return out;
}

export function actorName(ctx: Ctx): string | null {
  return ctx.actor.email ?? (ctx.actor.kind === 'system' ? 'system' : null);
}

/** Derived columns and the search document, recomputed on every write. */
export function stored(f: CandidateFields, defs: readonly CustomFieldDef[], now: Date) {
  return { ...f, ...derive(f, now), searchDoc: buildSearchDocument(searchInput(f, defs)) };
}

export interface CreateOptions {
  /** How the record arrived (manual, import, capture...), for the timeline's first row. */
  source?: string | null;
  activitySummary?: string;
}

/** Validate, normalise and store a new candidate with its first timeline row and audit entry. */
export async function createCandidate(
  ctx: Ctx,
  input: CreateCandidate,
  opts: CreateOptions = {},
): Promise<Candidate> {
  const env = await entryContext(ctx.db, ctx.actor.workspaceId);
  const now = ctx.clock.now();
  const { fields, errors, userIds } = applyInput(
    EMPTY_FIELDS,
    input,
    { customFields: env.defs, defaultPhoneRegion: env.defaultPhoneRegion, now },
    'create',
  );
  await checkUsers(ctx, userIds, errors);
  if (errors.length) throw invalid('invalid_candidate', 'The candidate has invalid fields', errors);
  const row: repo.CandidateRow = {
    id: newId(),
    workspaceId: ctx.actor.workspaceId,
    ...stored(fields, env.defs, now),
    lastActivityAt: now,
    archivedAt: fields.status === 'archived' ? now : null,
    version: 1,
    createdBy: ctx.actor.userId,
    createdAt: now,
    updatedAt: now,
  };
  return inTransaction(ctx, async (tx) => {
    await repo.insertCandidate(tx.db, row);
    await repo.replaceIdentities(tx.db, row.workspaceId, row.id, identities(fields));
    await repo.insertActivities(tx.db, [
      {
        id: newId(),
        workspaceId: row.workspaceId,
        candidateId: row.id,
        occurredAt: now,
        actorId: tx.actor.userId,
        actorName: actorName(tx),
        kind: 'candidate.created',
        channel: null,
        source: opts.source ?? 'manual',
        summary: opts.activitySummary ?? 'Candidate created',
        data: {},
      },
    ]);
    await recordAudit(tx, {
      action: 'candidate.created',
      entityType: 'candidate',
      entityId: row.id,
      after: auditView(fields, env.defs),
    });
    await notifyWritten(tx, { kind: 'created', candidateId: row.id, fields });
    return redactCandidate(tx.actor, toCandidate(row), env.defs);
  });
}

export async function getCandidate(ctx: Ctx, id: string): Promise<Candidate> {
  const [row, { defs }] = await Promise.all([
    repo.getCandidate(ctx.db, ctx.actor.workspaceId, id),
    workspaceConfig(ctx.db, ctx.actor.workspaceId),
  ]);
  if (!row) throw notFound('candidate');
  return redactCandidate(ctx.actor, toCandidate(row), defs);
}

/**
 * Apply a change to one candidate inside the caller's transaction: normalise, store, re-index, append the
 * timeline row and the audit entry. Returns null when nothing changed.
 */
export async function changeCandidate(
  tx: Ctx,
  row: repo.CandidateRow,
  input: UpdateCandidate,
  env: EntryContext,
  opts: { kind?: string; summary?: string; source?: string | null; data?: Record<string, unknown> } = {},
): Promise<repo.CandidateRow | null> {
  const now = tx.clock.now();
  const before = fieldsOfRow(row);
  const { fields, errors, userIds } = applyInput(
    before,
    input,
    { customFields: env.defs, defaultPhoneRegion: env.defaultPhoneRegion, now },
    'update',
  );
  await checkUsers(tx, userIds, errors);
  if (errors.length) throw invalid('invalid_candidate', 'The candidate has invalid fields', errors);
  const changes = diff(before, fields, env.defs);
  if (changes.length === 0) return null;
  const next: repo.CandidateRow = {
    ...row,
    ...stored(fields, env.defs, now),
    archivedAt: fields.status === 'archived' ? (row.archivedAt ?? now) : null,
    lastActivityAt: now,
    version: row.version + 1,
    updatedAt: now,
  };
  const { id: _id, workspaceId: _ws, createdAt: _c, createdBy: _cb, ...set } = next;
  await repo.updateCandidate(tx.db, row.workspaceId, row.id, set);
  if (['emails', 'phones', 'links'].some((f) => changes.some((c) => c.field === f)))
    await repo.replaceIdentities(tx.db, row.workspaceId, row.id, identities(fields));
  const statusChange = changes.find((c) => c.field === 'status');
  await repo.insertActivities(tx.db, [
    {
      id: newId(),
      workspaceId: row.workspaceId,
      candidateId: row.id,
      occurredAt: now,
      actorId: tx.actor.userId,
      actorName: actorName(tx),
      kind:
        opts.kind ??
        (statusChange && changes.length === 1 ? 'candidate.status_changed' : 'candidate.updated'),
      channel: null,
      source: opts.source ?? null,
      summary:
        opts.summary ??
        (statusChange && changes.length === 1
          ? `Status changed from ${String(statusChange.before)} to ${String(statusChange.after)}`
          : `Updated ${changes.map((c) => c.field).join(', ')}`),
      data: { ...opts.data, changes },
    },
  ]);
  await recordAudit(tx, {
    action: 'candidate.updated',
    entityType: 'candidate',
    entityId: row.id,
    before: auditView(before, env.defs),
    after: auditView(fields, env.defs),
  });
  await notifyWritten(tx, { kind: 'updated', candidateId: row.id, fields });
  return next;
}

export async function updateCandidate(ctx: Ctx, id: string, input: UpdateCandidate): Promise<Candidate> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const row = await repo.getCandidate(tx.db, ws, id, true);
    if (!row) throw notFound('candidate');
    if (input.version !== undefined && input.version !== row.version)
      throw conflict(
        'stale_version',
        `The candidate changed since you read it (now version ${row.version})`,
        [{ field: 'version', message: `is ${input.version}, the candidate is at ${row.version}` }],
      );
    const env = await entryContext(tx.db, ws);
    const next = (await changeCandidate(tx, row, input, env)) ?? row;
    return redactCandidate(tx.actor, toCandidate(next), env.defs);
  });
}

// ---- timeline

export interface NewActivity {
  candidateId: string;
  kind: string;
  summary: string;
  channel?: string | null;
  source?: string | null;
  data?: Record<string, unknown>;
  occurredAt?: Date;
}

/**
 * Append rows to candidates' timelines (for every module: outreach, imports, automation). Runs in the caller's
 * transaction; unknown candidates of the workspace are an error.
 */
export async function appendActivities(ctx: Ctx, list: readonly NewActivity[]): Promise<void> {
  if (list.length === 0) return;
  const ws = ctx.actor.workspaceId;
  const ids = [...new Set(list.map((a) => a.candidateId))];
  const found = await repo.existingIds(ctx.db, ws, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound('candidate');
  const now = ctx.clock.now();
  const latest = list.reduce((m, a) => Math.max(m, (a.occurredAt ?? now).getTime()), 0);
  await together(
    ctx.db,
    () =>
      repo.insertActivities(
        ctx.db,
        list.map((a) => ({
          id: newId(),
          workspaceId: ws,
          candidateId: a.candidateId,
          occurredAt: a.occurredAt ?? now,
          actorId: ctx.actor.userId,
          actorName: actorName(ctx),
          kind: a.kind,
          channel: a.channel ?? null,
          source: a.source ?? null,
          summary: a.summary,
          data: a.data ?? {},
        })),
      ),
    () => repo.touchActivity(ctx.db, ws, ids, new Date(latest)),
  );
}

export async function addNote(ctx: Ctx, candidateId: string, body: string): Promise<void> {
  await inTransaction(ctx, (tx) =>
    appendActivities(tx, [{ candidateId, kind: 'note.added', summary: body.slice(0, 200), data: { body } }]),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listTimeline(ctx: Ctx, candidateId: string, q: ActivityQuery) {
  const ws = ctx.actor.workspaceId;
  if (!(await repo.existingIds(ctx.db, ws, [candidateId])).has(candidateId)) throw notFound('candidate');
  const cursor = decodeCursor(
    q.cursor,
    2,
    ([at, id]) =>
      typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id),
  ) as [string, string] | undefined;
  const rows = await repo.listActivities(
    ctx.db,
    ws,
    candidateId,
    { ...(q.kind ? { kind: q.kind } : {}), ...(cursor ? { before: cursor } : {}) },
    q.limit + 1,
  );
  const readable = (group: string | null) =>
    group === null || ctx.actor.permissions.has(`fields.${group}:read`);
  return toPage(
    rows,
    q.limit,
    (r) => [r.occurredAt.toISOString(), r.id],
    (r): Activity => {
      const data = { ...r.data };
      if (Array.isArray(data.changes)) {
        data.changes = (data.changes as Change[]).map((c) =>
          readable(c.group) ? c : { field: c.field, group: c.group, hidden: true },
        );
      }
      return {
        id: r.id,
        candidateId: r.candidateId,
        occurredAt: r.occurredAt.toISOString(),
        actor: { id: r.actorId, name: r.actorName },
        kind: r.kind,
        channel: r.channel,
        source: r.source,
        summary: r.summary,
        data,
      };
    },
  );
}

/** Candidates having an exact identity (email, phone, linkedin handle...), for look-ups by other modules. */
export async function candidatesByIdentity(ctx: Ctx, kind: string, value: string): Promise<string[]> {
  return repo.findByIdentity(ctx.db, ctx.actor.workspaceId, kind, value);
}
