import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import {
  addIdentities,
  appendActivities,
  type CandidateRow,
  candidateRows,
  changeCandidate,
  dropIdentities,
  entryContext,
  externalIdentities,
  fieldsOfRow,
  type MovedLinks,
  moveCandidateLinks,
  moveProvenance,
  removeIdentities,
  restoreCandidateLinks,
  restoreCandidateRow,
  restoreProvenance,
} from '../candidates/index.ts';
import { type Choice, combine, revert } from './combine.ts';
import * as repo from './duplicates.repository.ts';
import type { Evidence } from './duplicates.types.ts';
import { fieldReader } from './field-access.ts';
import { refreshKeys } from './match.service.ts';
import type { MatchRules } from './rules.contract.ts';
import { loadRules } from './rules.service.ts';
import { toMatchRecord } from './score.ts';

/**
 * Rows other modules keep per candidate (per-field provenance, applications...) that a merge moves to the
 * survivor and an undo moves back. Registered at composition time (src/apps/modules.ts).
 */
export interface MergeLinkMover {
  name: string;
  /** Move the loser's rows to the survivor; return what undo needs to move exactly these back. */
  move(tx: Ctx, fromId: string, toId: string): Promise<unknown>;
  restore(tx: Ctx, toId: string, moved: unknown): Promise<void>;
}
const movers: MergeLinkMover[] = [];
export function registerMergeLinkMover(m: MergeLinkMover): void {
  if (!movers.some((x) => x.name === m.name)) movers.push(m);
}

export interface MergeRequest {
  survivorId: string;
  loserId: string;
  pairId?: string | undefined;
  /** Per field (`headline`, `location`, `emails`, `customFields.x`...): whose value to keep. */
  choices?: Record<string, Choice> | undefined;
}

const trustOf = (rules: MatchRules, source: string | null) =>
  source === null || source === 'manual' ? 100 : (rules.merge.sourceTrust[source] ?? 50);

/** Who wins a field both records have, by the workspace's merge strategy. */
export function strategyWinner(
  rules: MatchRules,
  s: CandidateRow,
  l: CandidateRow,
): (field: string) => boolean {
  switch (rules.merge.strategy) {
    case 'newest':
      return () => l.updatedAt > s.updatedAt;
    case 'most_trusted':
      return () => trustOf(rules, l.source) > trustOf(rules, s.source);
    default:
      return () => false;
  }
}

/** JSON copy of a row for the merge record (dates as ISO strings). */
const snapshot = (r: CandidateRow) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
function revive(s: Record<string, unknown>): CandidateRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...(s as unknown as CandidateRow),
    lastActivityAt: d(s.lastActivityAt)!,
    archivedAt: d(s.archivedAt),
    createdAt: d(s.createdAt)!,
    updatedAt: d(s.updatedAt)!,
  };
}

async function lockPair(db: Executor, ws: string, a: string, b: string) {
  const rows = await candidateRows(db, ws, [a, b], true);
  const x = rows.find((r) => r.id === a);
  const y = rows.find((r) => r.id === b);
  if (!x || !y) throw notFound('candidate');
  return [x, y] as const;
}

const name = (r: CandidateRow) => `${r.firstName} ${r.lastName}`.trim();

/**
 * Merge `loserId` into `survivorId`: fields combined (strategy, manual choices), the loser's timeline,
 * consents, pool memberships and other modules' rows moved (timeline rows tagged), the loser archived as a
 * tombstone pointing at the survivor, the pair marked merged; a merge record keeps what undo needs.
 */
export async function mergeCandidates(ctx: Ctx, req: MergeRequest, evidence: Evidence | null = null) {
  if (req.survivorId === req.loserId)
    throw invalid('same_candidate', 'A candidate cannot be merged with itself', [
      { field: 'loserId', message: 'is the survivor' },
    ]);
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const [s, l] = await lockPair(tx.db, ws, req.survivorId, req.loserId);
    for (const [field, id] of [
      ['survivorId', s.id],
      ['loserId', l.id],
    ] as const)
      if (await repo.liveMergeOfLoser(tx.db, ws, id))
        throw conflict('already_merged', 'That candidate was merged into another one', [
          { field, message: 'is already merged into another candidate' },
        ]);
    const { rules } = await loadRules(tx.db, ws);
    const env = await entryContext(tx.db, ws);
    // A field in a group the caller may not read cannot be chosen (its values are hidden from them): the
    // rules' default applies to it.
    const readable = fieldReader(tx.actor, env.defs);
    const hiddenChoices = Object.keys(req.choices ?? {}).filter((f) => !readable(f));
    if (hiddenChoices.length)
      throw invalid(
        'choice_on_hidden_field',
        'A merge choice names a field you may not read',
        hiddenChoices.map((f) => ({
          field: `choices.${f}`,
          message: 'is in a field group you may not read: the merge rules decide it',
        })),
      );
    const { input, changes } = combine(fieldsOfRow(s), fieldsOfRow(l), {
      loserWins: strategyWinner(rules, s, l),
      choices: req.choices ?? {},
      settableCustom: new Set(env.defs.filter((d) => !d.retired).map((d) => d.key)),
    });
    const pair = req.pairId
      ? await repo.getPair(tx.db, ws, req.pairId, true)
      : (await repo.pairsByIds(tx.db, ws, [s.id < l.id ? [s.id, l.id] : [l.id, s.id]]))[0];
    if (req.pairId && !pair) throw notFound('pair');
    if (pair && !((pair.aId === s.id && pair.bId === l.id) || (pair.aId === l.id && pair.bId === s.id)))
      throw invalid('pair_mismatch', 'The pair is not these two candidates', [
        { field: 'pairId', message: 'names a pair of other candidates than survivorId and loserId' },
      ]);
    const mergeId = newId();
    const now = tx.clock.now();
    await repo.insertMerge(tx.db, {
      id: mergeId,
      workspaceId: ws,
      survivorId: s.id,
      loserId: l.id,
      pairId: pair?.id ?? null,
      loserSnapshot: snapshot(l),
      survivorBefore: snapshot(s),
      fieldChanges: changes,
      moved: {},
      movedExternal: {},
      evidence: evidence ?? pair?.evidence ?? null,
      createdBy: tx.actor.userId,
      createdAt: now,
      undoneAt: null,
      undoneBy: null,
    });
    const moved = await moveCandidateLinks(tx.db, ws, l.id, s.id);
    const movedExternal: Record<string, unknown> = {};
    for (const m of movers) movedExternal[m.name] = await m.move(tx, l.id, s.id);
    const summary = `Merged with ${name(l)}`;
    const changed = await changeCandidate(tx, s, input, env, {
      kind: 'candidate.merged',
      summary,
      source: 'merge',
      data: { mergeId },
    });
    if (!changed)
      await appendActivities(tx, [
        { candidateId: s.id, kind: 'candidate.merged', summary, data: { mergeId } },
      ]);
    const away = `Merged into ${name(s)}`;
    const archived = await changeCandidate(tx, l, { status: 'archived' }, env, {
      kind: 'candidate.merged_away',
      summary: away,
      source: 'merge',
      data: { mergeId },
    });
    if (!archived)
      await appendActivities(tx, [
        { candidateId: l.id, kind: 'candidate.merged_away', summary: away, data: { mergeId } },
      ]);
    // External ids (from imports) follow the record: moved to the survivor, those it lacked remembered.
    const key = (x: { kind: string; value: string }) => `${x.kind}\u0000${x.value}`;
    const external = await externalIdentities(tx.db, ws, l.id);
    const survivorExternal = new Set((await externalIdentities(tx.db, ws, s.id)).map(key));
    const addedExternal = external.filter((x) => !survivorExternal.has(key(x)));
    await dropIdentities(tx.db, ws, l.id);
    await addIdentities(
      tx.db,
      ws,
      addedExternal.map((x) => ({ candidateId: s.id, ...x })),
    );
    const provenance = await moveProvenance(tx.db, ws, l.id, s.id);
    await repo.deleteKeys(tx.db, ws, l.id);
    // Open pairs of the loser with others are set aside (restored by undo); this pair is decided.
    const open = (await repo.pendingPairsOf(tx.db, ws, l.id)).filter((p) => p.id !== pair?.id);
    for (const p of open) await repo.updatePair(tx.db, ws, p.id, { status: 'obsolete' });
    if (pair)
      await repo.updatePair(tx.db, ws, pair.id, {
        status: 'merged',
        decidedAt: now,
        decidedBy: tx.actor.userId,
      });
    const movedAll = {
      ...moved,
      provenance,
      externalIds: external.map(key),
      externalAdded: addedExternal.map(key),
      obsoletePairs: open.map((p) => p.id),
      pairStatus: pair ? [pair.status] : [],
    };
    await repo.updateMerge(tx.db, ws, mergeId, { moved: movedAll, movedExternal });
    await recordAudit(tx, {
      action: 'candidate.merged',
      entityType: 'candidate',
      entityId: s.id,
      after: {
        mergeId,
        survivorId: s.id,
        loserId: l.id,
        fields: changes.map((c) => c.field),
        moved: {
          activities: moved.activities.length,
          poolMembers: moved.poolMembers.length,
          consents: moved.consents.length,
        },
      },
    });
    return mergeView((await repo.getMerge(tx.db, ws, mergeId))!);
  });
}

/**
 * Undo a merge: the loser comes back exactly as it was (row, identities, keys, the rows moved), the
 * survivor loses what the merge brought unless it was edited since (later edits stay), pairs return to
 * where they were. Merges into the survivor are independent; a survivor merged away since must be restored
 * first.
 */
export async function undoMerge(ctx: Ctx, mergeId: string) {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const m = await repo.getMerge(tx.db, ws, mergeId, true);
    if (!m) throw notFound('merge');
    if (m.undoneAt) throw conflict('already_undone', 'This merge was already undone');
    if (await repo.liveMergeOfLoser(tx.db, ws, m.survivorId))
      throw new AppError(
        'conflict',
        'survivor_merged',
        'The surviving record was merged into another one since: undo that merge first',
      );
    const [s] = await lockPair(tx.db, ws, m.survivorId, m.loserId);
    const env = await entryContext(tx.db, ws);
    const moved = m.moved as unknown as MovedLinks & {
      obsoletePairs: string[];
      pairStatus: string[];
      provenance?: string[];
      externalIds?: string[];
      externalAdded?: string[];
    };
    const split = (k: string) => {
      const [kind, value] = k.split('\u0000') as [string, string];
      return { kind, value };
    };
    await restoreCandidateLinks(tx.db, ws, m.loserId, moved);
    await restoreProvenance(tx.db, ws, m.loserId, moved.provenance ?? []);
    await removeIdentities(tx.db, ws, m.survivorId, (moved.externalAdded ?? []).map(split));
    for (const mv of movers)
      if (m.movedExternal[mv.name] !== undefined) await mv.restore(tx, m.loserId, m.movedExternal[mv.name]);
    const loser = revive(m.loserSnapshot);
    await changeCandidate(tx, s, revert(fieldsOfRow(s), m.fieldChanges), env, {
      kind: 'candidate.unmerged',
      summary: `Merge with ${name(loser)} undone`,
      source: 'merge',
      data: { mergeId },
    });
    await restoreCandidateRow(tx.db, loser);
    await addIdentities(
      tx.db,
      ws,
      (moved.externalIds ?? []).map((k) => ({ candidateId: loser.id, ...split(k) })),
    );
    const { rules, version } = await loadRules(tx.db, ws);
    await refreshKeys(tx, { rules, version, updatedAt: null }, [toMatchRecord(loser.id, fieldsOfRow(loser))]);
    await appendActivities(tx, [
      {
        candidateId: loser.id,
        kind: 'candidate.unmerged',
        summary: `Merge into ${name(s)} undone`,
        data: { mergeId },
      },
    ]);
    for (const id of moved.obsoletePairs ?? []) await repo.updatePair(tx.db, ws, id, { status: 'pending' });
    if (m.pairId)
      await repo.updatePair(tx.db, ws, m.pairId, {
        status: moved.pairStatus?.[0] ?? 'pending',
        decidedAt: null,
        decidedBy: null,
      });
    const now = tx.clock.now();
    await repo.updateMerge(tx.db, ws, m.id, { undoneAt: now, undoneBy: tx.actor.userId });
    await recordAudit(tx, {
      action: 'candidate.unmerged',
      entityType: 'candidate',
      entityId: m.survivorId,
      after: { mergeId: m.id, survivorId: m.survivorId, loserId: m.loserId },
    });
    return mergeView((await repo.getMerge(tx.db, ws, m.id))!);
  });
}

export function mergeView(m: repo.MergeRow) {
  return {
    id: m.id,
    survivorId: m.survivorId,
    loserId: m.loserId,
    pairId: m.pairId,
    fields: m.fieldChanges.map((c) => c.field),
    moved: {
      activities: (m.moved.activities ?? []).length,
      poolMembers: (m.moved.poolMembers ?? []).length,
      consents: (m.moved.consents ?? []).length,
    },
    score: m.evidence?.score ?? null,
    createdAt: m.createdAt.toISOString(),
    createdBy: m.createdBy,
    undoneAt: m.undoneAt?.toISOString() ?? null,
    undoneBy: m.undoneBy,
  };
}

/** Merges a candidate took part in (as survivor or loser), newest first; `mergedInto` for a tombstone. */
export async function candidateMerges(ctx: Ctx, candidateId: string) {
  const ws = ctx.actor.workspaceId;
  const [exists] = await candidateRows(ctx.db, ws, [candidateId]);
  if (!exists) throw notFound('candidate');
  const rows = await repo.mergesOf(ctx.db, ws, candidateId);
  const live = rows.find((r) => r.loserId === candidateId && !r.undoneAt);
  return { mergedInto: live?.survivorId ?? null, merges: rows.map(mergeView) };
}
