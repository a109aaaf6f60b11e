import { can, requirePermission } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { workspaceConfig } from '../candidates/index.ts';
import type { RenderedTemplate, Template, TemplateInput, TemplateUpdate } from './outreach.contract.ts';
import * as repo from './outreach.repository.ts';
import { catalogueFor, partsOf, renderFor, resolveSender } from './personalise.ts';
import { type TemplateKind, validateTemplate } from './template.engine.ts';

function view(r: repo.TemplateRow, usedBy: Template['usedBy']): Template {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as TemplateKind,
    shared: r.shared,
    ownerId: r.ownerId,
    subject: r.subject,
    html: r.html,
    body: r.body,
    fields: r.fields,
    version: r.version,
    archived: r.archivedAt !== null,
    usedBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Shape rules per kind, then the template rules; every problem named on its field. */
async function check(
  ctx: Ctx,
  t: { kind: string; subject?: string | null; html?: string | null; body: string },
) {
  const errors: FieldError[] = [];
  if (t.kind !== 'email') {
    if (t.subject) errors.push({ field: 'subject', message: 'is for email templates only' });
    if (t.html) errors.push({ field: 'html', message: 'is for email templates only' });
  }
  if (t.kind === 'sms' && t.body.length > 1600)
    errors.push({ field: 'body', message: 'must be at most 1600 characters for SMS' });
  const { defs } = await workspaceConfig(ctx.db, ctx.actor.workspaceId);
  const v = validateTemplate(
    partsOf({ subject: t.subject ?? null, html: t.html ?? null, body: t.body }),
    catalogueFor(ctx.actor, defs),
  );
  errors.push(...v.errors);
  if (errors.length) throw invalid('invalid_template', 'The template is not valid', errors);
  return v.fields;
}

function visible(ctx: Ctx, r: repo.TemplateRow): boolean {
  return (
    r.shared ||
    r.ownerId === ctx.actor.userId ||
    can(ctx.actor, 'outreach:manage') ||
    ctx.actor.kind === 'system'
  );
}

function mayEdit(ctx: Ctx, r: repo.TemplateRow): boolean {
  return r.ownerId === ctx.actor.userId || can(ctx.actor, 'outreach:manage') || ctx.actor.kind === 'system';
}

/** A template the actor may see (others' private templates are "not found"). */
export async function visibleTemplate(ctx: Ctx, id: string, forUpdate = false) {
  const r = await repo.getTemplate(ctx.db, ctx.actor.workspaceId, id, forUpdate);
  if (!r || !visible(ctx, r)) throw notFound('template');
  return r;
}

export async function listTemplates(ctx: Ctx, q: { kind?: string; includeArchived?: boolean }) {
  const ws = ctx.actor.workspaceId;
  const rows = await repo.listTemplates(ctx.db, ws, ctx.actor.userId, {
    ...(q.kind ? { kind: q.kind } : {}),
    includeArchived: q.includeArchived ?? false,
    all: can(ctx.actor, 'outreach:manage') || ctx.actor.kind === 'system',
  });
  const used = await repo.usedBy(
    ctx.db,
    ws,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => view(r, used.get(r.id) ?? [])) };
}

export async function getTemplate(ctx: Ctx, id: string): Promise<Template> {
  const r = await visibleTemplate(ctx, id);
  const used = await repo.usedBy(ctx.db, ctx.actor.workspaceId, [id]);
  return view(r, used.get(id) ?? []);
}

export async function createTemplate(ctx: Ctx, input: TemplateInput): Promise<Template> {
  const fields = await check(ctx, input);
  const now = ctx.clock.now();
  const row: repo.TemplateRow = {
    id: newId(),
    workspaceId: ctx.actor.workspaceId,
    ownerId: ctx.actor.userId,
    name: input.name,
    kind: input.kind,
    shared: input.shared,
    subject: input.subject ?? null,
    html: input.html ?? null,
    body: input.body,
    fields,
    version: 1,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  return inTransaction(ctx, async (tx) => {
    await repo.insertTemplate(tx.db, row);
    const v = view(row, []);
    await recordAudit(tx, {
      action: 'outreach.template.created',
      entityType: 'outreach_template',
      entityId: row.id,
      after: v,
    });
    return v;
  });
}

export async function updateTemplate(ctx: Ctx, id: string, input: TemplateUpdate): Promise<Template> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const before = await visibleTemplate(tx, id, true);
    if (!mayEdit(tx, before))
      throw forbidden('not_owner', 'Only the owner (or an outreach manager) may change this template');
    if (before.version !== input.version)
      throw conflict('stale_version', 'The template changed since you loaded it', [
        { field: 'version', message: `is ${before.version} now` },
      ]);
    const next = {
      kind: before.kind,
      subject: input.subject !== undefined ? input.subject : before.subject,
      html: input.html !== undefined ? input.html : before.html,
      body: input.body ?? before.body,
    };
    const fields = await check(tx, next);
    const set: Partial<repo.TemplateRow> = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.shared !== undefined ? { shared: input.shared } : {}),
      subject: next.subject ?? null,
      html: next.html ?? null,
      body: next.body,
      fields,
      version: before.version + 1,
      updatedAt: tx.clock.now(),
    };
    await repo.updateTemplate(tx.db, ws, id, set);
    const used = await repo.usedBy(tx.db, ws, [id]);
    const after = view({ ...before, ...set }, used.get(id) ?? []);
    await recordAudit(tx, {
      action: 'outreach.template.updated',
      entityType: 'outreach_template',
      entityId: id,
      before: view(before, []),
      after,
    });
    return after;
  });
}

/** Archive a template; refused while a sequence's current steps use it. */
export async function archiveTemplate(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const before = await visibleTemplate(tx, id, true);
    if (!mayEdit(tx, before))
      throw forbidden('not_owner', 'Only the owner (or an outreach manager) may archive this template');
    const used = (await repo.usedBy(tx.db, ws, [id])).get(id) ?? [];
    if (used.length)
      throw conflict('template_in_use', `The template is used by ${used.map((s) => s.name).join(', ')}`);
    await repo.updateTemplate(tx.db, ws, id, { archivedAt: tx.clock.now(), updatedAt: tx.clock.now() });
    await recordAudit(tx, {
      action: 'outreach.template.archived',
      entityType: 'outreach_template',
      entityId: id,
    });
  });
}

/** Preview a stored template against a real candidate, as a sender (default: the actor). */
export async function previewTemplate(
  ctx: Ctx,
  id: string,
  target: { candidateId: string; senderId?: string | undefined },
): Promise<RenderedTemplate> {
  requirePermission(ctx.actor, 'candidates:read');
  const t = await visibleTemplate(ctx, id);
  const sender = await resolveSender(ctx, target.senderId);
  return renderFor(ctx, t, target.candidateId, sender, ctx.actor);
}

/** Preview a draft (the editor's live preview): validated as on save, then rendered. */
export async function previewDraft(
  ctx: Ctx,
  input: { template: TemplateInput; candidateId: string; senderId?: string | undefined },
): Promise<RenderedTemplate> {
  requirePermission(ctx.actor, 'candidates:read');
  let fields: string[];
  try {
    fields = await check(ctx, input.template);
  } catch (e) {
    // Name the fields inside the request body (`template.body`), where the editor sent them.
    if (e instanceof Error && 'fields' in e)
      (e as { fields: FieldError[] }).fields.forEach((f) => {
        f.field = `template.${f.field}`;
      });
    throw e;
  }
  const sender = await resolveSender(ctx, input.senderId);
  const t = input.template;
  return renderFor(
    ctx,
    { kind: t.kind, subject: t.subject ?? null, html: t.html ?? null, body: t.body, fields },
    input.candidateId,
    sender,
    ctx.actor,
  );
}
