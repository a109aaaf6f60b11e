import { can } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { forbidden, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { CreateSavedSearch, SavedSearch, UpdateSavedSearch } from './pools.contract.ts';
import * as repo from './pools.repository.ts';
import { SearchCriteria } from './search.contract.ts';
import { countCriteria } from './search.service.ts';

function view(r: repo.SavedSearchRow): SavedSearch {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    visibility: r.visibility as SavedSearch['visibility'],
    isSegment: r.isSegment,
    ownerId: r.ownerId,
    criteria: r.query,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Criteria without undefined keys, as stored. */
function clean(c: SearchCriteria): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(c).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length)),
  );
}

function visibleTo(ctx: Ctx, r: repo.SavedSearchRow): boolean {
  return r.visibility === 'team' || r.ownerId === ctx.actor.userId;
}

/** Sharing with the team and making segments need pools:write; private saved searches need only search. */
function checkSharing(ctx: Ctx, visibility: string, isSegment: boolean) {
  if ((visibility === 'team' || isSegment) && !can(ctx.actor, 'pools:write'))
    throw forbidden('missing_permission', 'Sharing searches and defining segments needs pools:write');
}

export async function listSavedSearches(ctx: Ctx, segments: boolean) {
  const rows = await repo.listSavedSearches(ctx.db, ctx.actor.workspaceId, ctx.actor.userId, segments);
  return { items: rows.map(view) };
}

async function visible(ctx: Ctx, id: string) {
  const r = await repo.getSavedSearch(ctx.db, ctx.actor.workspaceId, id);
  if (!r || !visibleTo(ctx, r)) throw notFound('saved_search');
  return r;
}

export async function getSavedSearch(ctx: Ctx, id: string): Promise<SavedSearch> {
  return view(await visible(ctx, id));
}

/** A saved search's or segment's criteria, re-validated (definitions may have changed since it was saved). */
export async function savedCriteria(ctx: Ctx, id: string): Promise<SearchCriteria> {
  const r = await visible(ctx, id);
  // One level only: a stored segment reference inside a segment is ignored (and refused when saving).
  const { segment: _nested, ...criteria } = SearchCriteria.parse(r.query);
  return criteria;
}

export async function segmentCount(ctx: Ctx, id: string) {
  return countCriteria(ctx, await savedCriteria(ctx, id));
}

/** A segment is a base that others build on: it cannot itself rest on another segment. */
function checkNesting(isSegment: boolean, criteria: SearchCriteria | undefined) {
  if (isSegment && criteria?.segment)
    throw invalid('nested_segment', 'A segment cannot be based on another segment', [
      { field: 'criteria.segment', message: 'copy the other segment’s rules instead' },
    ]);
}

export async function createSavedSearch(ctx: Ctx, input: CreateSavedSearch): Promise<SavedSearch> {
  checkSharing(ctx, input.visibility, input.isSegment);
  checkNesting(input.isSegment, input.criteria);
  if (!ctx.actor.userId) throw forbidden('user_required', 'Saved searches belong to a user');
  await countCriteria(ctx, input.criteria); // the criteria must compile (fields exist, query parses)
  const now = ctx.clock.now();
  const row: repo.SavedSearchRow = {
    id: newId(),
    workspaceId: ctx.actor.workspaceId,
    ownerId: ctx.actor.userId,
    name: input.name,
    visibility: input.visibility,
    isSegment: input.isSegment,
    description: input.description,
    query: clean(input.criteria),
    createdAt: now,
    updatedAt: now,
  };
  return inTransaction(ctx, async (tx) => {
    await repo.insertSavedSearch(tx.db, row);
    const v = view(row);
    await recordAudit(tx, {
      action: row.isSegment ? 'segment.created' : 'saved_search.created',
      entityType: 'saved_search',
      entityId: row.id,
      after: v,
    });
    return v;
  });
}

/** Only the owner changes or deletes a saved search (an admin with pools:write may manage shared ones). */
function checkOwner(ctx: Ctx, r: repo.SavedSearchRow) {
  const admin = r.visibility === 'team' && can(ctx.actor, 'candidates:configure');
  if (r.ownerId !== ctx.actor.userId && !admin)
    throw forbidden('not_owner', 'Only the owner can change this saved search');
}

export async function updateSavedSearch(
  ctx: Ctx,
  id: string,
  input: UpdateSavedSearch,
): Promise<SavedSearch> {
  return inTransaction(ctx, async (tx) => {
    const r = await visible(tx, id);
    checkOwner(tx, r);
    checkSharing(tx, input.visibility ?? r.visibility, r.isSegment);
    checkNesting(r.isSegment, input.criteria);
    if (input.criteria) await countCriteria(tx, input.criteria);
    const set: Partial<repo.SavedSearchRow> = { updatedAt: tx.clock.now() };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.visibility !== undefined) set.visibility = input.visibility;
    if (input.criteria !== undefined) set.query = clean(input.criteria);
    await repo.updateSavedSearch(tx.db, tx.actor.workspaceId, id, set);
    const after = view({ ...r, ...set });
    await recordAudit(tx, {
      action: r.isSegment ? 'segment.updated' : 'saved_search.updated',
      entityType: 'saved_search',
      entityId: id,
      before: view(r),
      after,
    });
    return after;
  });
}

export async function deleteSavedSearch(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const r = await visible(tx, id);
    checkOwner(tx, r);
    await repo.deleteSavedSearch(tx.db, tx.actor.workspaceId, id);
    await recordAudit(tx, {
      action: r.isSegment ? 'segment.deleted' : 'saved_search.deleted',
      entityType: 'saved_search',
      entityId: id,
      before: view(r),
    });
  });
}
