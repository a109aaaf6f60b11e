import { type Actor, can } from '../../platform/auth/actor.ts';
import { fieldGroup } from '../../platform/auth/redaction.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import {
  type CandidateRow,
  candidateRows,
  type WorkspaceConfig,
  workspaceConfig,
} from '../candidates/index.ts';
import { userActor, userSummaries } from '../identity/index.ts';
import * as repo from './outreach.repository.ts';
import {
  CANDIDATE_FIELDS,
  type FieldCatalogue,
  renderTemplate,
  type TemplatePart,
  TemplateRenderError,
} from './template.engine.ts';

type Defs = WorkspaceConfig['defs'];

/** The custom fields an actor may put in a template (or render), and those hidden from them. */
export function catalogueFor(actor: Actor, defs: Defs): FieldCatalogue {
  const readable = new Set<string>();
  const hidden = new Set<string>();
  for (const d of defs) {
    const g = d.fieldGroup ? fieldGroup(d.fieldGroup) : null;
    // An unknown group hides the value (fail closed), as candidates' own redaction does.
    const ok = d.fieldGroup === null || (g !== undefined && g !== null && can(actor, g.readPermission));
    (ok ? readable : hidden).add(d.key);
  }
  return { readable, hidden };
}

export interface Sender {
  id: string;
  name: string;
  email: string;
  title: string;
  actor: Actor;
}

/**
 * The sender of a message: the acting user, or a colleague who allowed the actor to send for them. System
 * actors (tasks, the CLI) may name anyone active.
 */
export async function resolveSender(
  ctx: Ctx,
  senderId: string | null | undefined,
  field = 'senderId',
): Promise<Sender> {
  const ws = ctx.actor.workspaceId;
  const id = senderId ?? ctx.actor.userId;
  if (!id)
    throw invalid('sender_required', 'Name the sender', [{ field, message: 'is required for this caller' }]);
  const user = (await userSummaries(ctx, [id])).get(id);
  if (user?.status !== 'active')
    throw invalid('invalid_sender', 'The sender is not an active user of this workspace', [
      { field, message: 'is not an active user of this workspace' },
    ]);
  if (
    id !== ctx.actor.userId &&
    ctx.actor.kind !== 'system' &&
    !(await repo.isDelegate(ctx.db, ws, id, ctx.actor.userId ?? ''))
  )
    throw new AppError(
      'forbidden',
      'not_a_delegate',
      `${user.name} has not allowed you to send on their behalf`,
      {
        fields: [{ field, message: 'has not allowed you to send on their behalf' }],
      },
    );
  const actor = await userActor(ctx.db, user.email);
  if (!actor)
    throw invalid('invalid_sender', 'The sender cannot sign in', [{ field, message: 'is disabled' }]);
  const titles = await repo.senderTitles(ctx.db, ws, [id]);
  return { id, name: user.name, email: user.email, title: titles.get(id) ?? '', actor };
}

type CandidateContext = { [k: string]: unknown; custom: Record<string, unknown> };

export function candidateContext(row: CandidateRow, cat: FieldCatalogue): CandidateContext {
  const full = `${row.firstName} ${row.lastName}`.trim();
  const location = [row.city, row.region, row.country].filter((x) => x).join(', ');
  const custom: Record<string, unknown> = {};
  for (const k of cat.readable) custom[k] = (row.customFields as Record<string, unknown>)[k] ?? null;
  const ctx: CandidateContext = {
    first_name: row.firstName || null,
    last_name: row.lastName || null,
    full_name: full || null,
    current_title: row.currentTitle,
    current_company: row.currentCompany,
    location: location || null,
    city: row.city,
    region: row.region,
    country: row.country,
    custom,
  };
  for (const f of CANDIDATE_FIELDS) if (!(f in ctx)) ctx[f] = null;
  return ctx;
}

export interface RenderInput {
  kind: string;
  subject: string | null;
  html: string | null;
  body: string;
  fields: readonly string[];
}

export function partsOf(t: Pick<RenderInput, 'subject' | 'html' | 'body'>): TemplatePart[] {
  const parts: TemplatePart[] = [];
  if (t.subject) parts.push({ field: 'subject', text: t.subject });
  if (t.html) parts.push({ field: 'html', text: t.html });
  parts.push({ field: 'body', text: t.body });
  return parts;
}

/**
 * Render a template for a candidate as a sender. Fields hidden from the sender (or from `viewer`, for a
 * preview) cannot be rendered: that is an error naming them, never an empty value.
 */
export async function renderFor(
  ctx: Ctx,
  t: RenderInput,
  candidateId: string,
  sender: Sender,
  viewer?: Actor,
): Promise<{ subject: string | null; html: string | null; body: string; fields: string[] }> {
  const ws = ctx.actor.workspaceId;
  // One after the other: delivery renders inside its hand-off transaction (one connection).
  const [row] = await candidateRows(ctx.db, ws, [candidateId]);
  const config = await workspaceConfig(ctx.db, ws);
  if (!row)
    throw invalid('invalid_candidate', 'No such candidate', [{ field: 'candidateId', message: 'not found' }]);
  const senderCat = catalogueFor(sender.actor, config.defs);
  const viewerCat = viewer ? catalogueFor(viewer, config.defs) : senderCat;
  const hidden = t.fields.filter((f) => {
    if (!f.startsWith('custom.')) return false;
    const k = f.slice('custom.'.length);
    return !senderCat.readable.has(k) || !viewerCat.readable.has(k);
  });
  if (hidden.length)
    throw new AppError(
      'forbidden',
      'field_hidden',
      `The template uses fields hidden from the sender or from you: ${hidden.join(', ')}`,
      {
        details: { fields: hidden },
      },
    );
  const cat = {
    readable: new Set([...senderCat.readable].filter((k) => viewerCat.readable.has(k))),
    hidden: new Set<string>(),
  };
  try {
    const out = renderTemplate(partsOf(t), {
      ...candidateContext(row, cat),
      sender: { name: sender.name, email: sender.email, title: sender.title || null },
    });
    return {
      subject: out.subject ?? null,
      html: out.html ?? null,
      body: out.body ?? '',
      fields: [...t.fields],
    };
  } catch (e) {
    if (e instanceof TemplateRenderError)
      throw invalid('render_failed', 'The template cannot be rendered for this candidate', [
        { field: e.field, message: e.message },
      ]);
    throw e;
  }
}
