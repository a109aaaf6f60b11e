import type { Ctx } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { newId } from '../../platform/ids.ts';
import { type CandidateWritten, candidateRows, fieldsOfRow } from '../candidates/index.ts';
import * as repo from './duplicates.repository.ts';
import type { Evidence, IncomingCandidate, MatchResult } from './duplicates.types.ts';
import { DEFAULT_MAX_COMPARISONS } from './rules.contract.ts';
import { type LoadedRules, loadRules } from './rules.service.ts';
import {
  blockingKeys,
  compileRules,
  fromStored,
  type MatchRecord,
  quickScore,
  scorePair,
  storedForm,
  toMatchRecord,
} from './score.ts';

export interface FoundPair {
  a: MatchRecord;
  b: MatchRecord;
  evidence: Evidence;
}

/**
 * Compare each record with the stored candidates sharing one of its blocking keys (one query for the keys,
 * one for the candidates). `higherOnly`: compare only with candidates whose id sorts after the record's
 * (a full scan then sees each pair once). Returns the pairs scoring at or above the review threshold.
 */
export async function findPairs(
  db: Executor,
  workspaceId: string,
  loaded: LoadedRules,
  records: MatchRecord[],
  opts: { higherOnly?: boolean } = {},
): Promise<FoundPair[]> {
  const { rules, version } = loaded;
  const keysOf = records.map((r) => blockingKeys(r, rules));
  const byKey = await repo.candidatesByKeys(db, workspaceId, [...new Set(keysOf.flat())], rules.maxBlockSize);
  const budget = rules.maxComparisons ?? DEFAULT_MAX_COMPARISONS;
  const known = new Map(records.map((r) => [r.id, r]));
  const othersOf = records.map((r, i) => {
    const ids = new Set<string>();
    const usable = (id: string) => id !== r.id && (!opts.higherOnly || id > r.id);
    // Exact keys always. Then the others by how telling they are, up to the budget: the more of the record's
    // keys a candidate shares (a namesake in every name block before one sharing a single wide block), then the
    // smaller the smallest block it shares. The cost per record stays bounded however large the database.
    const keys = keysOf[i]!;
    for (const k of keys)
      if (k.startsWith('x:')) for (const id of byKey.get(k) ?? []) if (usable(id)) ids.add(id);
    const rest = keys.filter((k) => !k.startsWith('x:') && byKey.has(k));
    if (rest.length === 0 || ids.size >= budget) return ids;
    const shared = new Map<string, { n: number; smallest: number }>();
    for (const k of rest) {
      const block = byKey.get(k)!;
      for (const id of block) {
        if (ids.has(id) || !usable(id)) continue;
        const s = shared.get(id);
        if (s) {
          s.n++;
          if (block.length < s.smallest) s.smallest = block.length;
        } else shared.set(id, { n: 1, smallest: block.length });
      }
    }
    const ranked = [...shared].sort((a, b) => b[1].n - a[1].n || a[1].smallest - b[1].smallest);
    for (const [id] of ranked) {
      if (ids.size >= budget) break;
      ids.add(id);
    }
    return ids;
  });
  // The others' compact match records (written with their keys); a candidate without one (stored before the
  // records existed, not re-scanned since) is read whole.
  const missing = [...new Set(othersOf.flatMap((s) => [...s]))].filter((id) => !known.has(id));
  const stored = await repo.matchRecordsOf(db, workspaceId, missing);
  for (const [id, rec] of stored) known.set(id, fromStored(id, rec));
  const whole = missing.filter((id) => !stored.has(id));
  for (let i = 0; i < whole.length; i += 2000) {
    const rows = await candidateRows(db, workspaceId, whole.slice(i, i + 2000));
    for (const row of rows) known.set(row.id, toMatchRecord(row.id, fieldsOfRow(row)));
  }
  const compiled = compileRules(rules, version);
  const floor = rules.thresholds.review;
  const out: FoundPair[] = [];
  records.forEach((r, i) => {
    for (const id of othersOf[i]!) {
      const other = known.get(id);
      if (!other) continue;
      const [a, b] = r.id < other.id ? [r, other] : [other, r];
      // Evidence only for the pairs that reach the review threshold.
      if (quickScore(a, b, compiled, floor) === null) continue;
      const evidence = scorePair(a, b, rules, version);
      if (evidence.decision !== 'distinct') out.push({ a, b, evidence });
    }
  });
  return out;
}

/** See index.ts: matchIncoming. */
export async function matchIncoming(ctx: Ctx, inputs: readonly IncomingCandidate[]): Promise<MatchResult[]> {
  if (inputs.length === 0) return [];
  const ws = ctx.actor.workspaceId;
  const loaded = await loadRules(ctx.db, ws);
  // Incoming ids sort before every uuid, so evidence reads "a = incoming, b = stored".
  const records = inputs.map((x, i) =>
    toMatchRecord(`!incoming-${String(i).padStart(6, '0')}`, {
      ...x.fields,
      customFields: x.customFields ?? x.fields.customFields,
    }),
  );
  const pairs = await findPairs(ctx.db, ws, loaded, records);
  const best = new Map<string, FoundPair>();
  for (const p of pairs) {
    const cur = best.get(p.a.id);
    if (!cur || p.evidence.score > cur.evidence.score) best.set(p.a.id, p);
  }
  return records.map((r) => {
    const p = best.get(r.id);
    if (!p) return { kind: 'new' };
    return {
      kind: p.evidence.decision === 'merge' ? 'merge' : 'review',
      candidateId: p.b.id,
      score: p.evidence.score,
      evidence: p.evidence,
    };
  });
}

/** Store found pairs as pending (decided pairs keep their decision). Returns the number of new pairs. */
export async function storePairs(ctx: Ctx, pairs: FoundPair[], foundBy: string): Promise<number> {
  const now = ctx.clock.now();
  // A batch compares its records with each other both ways: keep each pair once.
  const seen = new Set<string>();
  const unique = pairs.filter((p) => {
    const k = `${p.a.id}|${p.b.id}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return repo.upsertPairs(
    ctx.db,
    unique.map((p) => ({
      id: newId(),
      workspaceId: ctx.actor.workspaceId,
      aId: p.a.id,
      bId: p.b.id,
      score: p.evidence.score,
      evidence: p.evidence,
      status: 'pending',
      foundBy,
      detectedAt: now,
      decidedAt: null,
      decidedBy: null,
    })),
  );
}

/** Rebuild the blocking keys of the given candidates (merged-away records get none). */
export async function refreshKeys(ctx: Ctx, loaded: LoadedRules, records: MatchRecord[]): Promise<void> {
  await repo.replaceKeys(
    ctx.db,
    ctx.actor.workspaceId,
    records.map((r) => ({ candidateId: r.id, keys: blockingKeys(r, loaded.rules), rec: storedForm(r) })),
  );
}

/**
 * The candidates module's write listener: keys follow every create and update; a create is also compared
 * with the stored candidates and its pairs go to the review queue. A merged-away record is left alone.
 */
export async function onCandidateWritten(tx: Ctx, e: CandidateWritten): Promise<void> {
  await onCandidatesWritten(tx, [e]);
}

/** The batch form (bulk creates by imports): one rules read, one key write and one comparison per batch. */
export async function onCandidatesWritten(tx: Ctx, events: readonly CandidateWritten[]): Promise<void> {
  const ws = tx.actor.workspaceId;
  const updated = events.filter((e) => e.kind === 'updated').map((e) => e.candidateId);
  const merged = await repo.liveLosersAmong(tx.db, ws, updated);
  const live = events.filter((e) => !merged.has(e.candidateId));
  if (live.length === 0) return;
  const loaded = await loadRules(tx.db, ws);
  const records = live.map((e) => toMatchRecord(e.candidateId, e.fields));
  await refreshKeys(tx, loaded, records);
  const created = records.filter((_, i) => live[i]!.kind === 'created' && !live[i]!.matched);
  if (created.length) await storePairs(tx, await findPairs(tx.db, ws, loaded, created), 'create');
  // Records an import already matched against the stored candidates (matchIncoming) are only compared with
  // each other here (records of one batch do not see each other in matchIncoming): no block look-up.
  const matched = records.filter((_, i) => live[i]!.kind === 'created' && live[i]!.matched);
  if (matched.length > 1) await storePairs(tx, pairsAmong(matched, loaded), 'import');
}

/** Pairs within a set of records sharing a blocking key, scored, at or above the review threshold. */
export function pairsAmong(records: MatchRecord[], loaded: LoadedRules): FoundPair[] {
  const byKey = new Map<string, MatchRecord[]>();
  for (const r of records)
    for (const k of blockingKeys(r, loaded.rules)) {
      const list = byKey.get(k);
      if (list) list.push(r);
      else byKey.set(k, [r]);
    }
  const seen = new Set<string>();
  const out: FoundPair[] = [];
  const compiled = compileRules(loaded.rules, loaded.version);
  for (const group of byKey.values()) {
    if (group.length < 2 || group.length > loaded.rules.maxBlockSize) continue;
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = group[i]!.id < group[j]!.id ? [group[i]!, group[j]!] : [group[j]!, group[i]!];
        const k = `${a.id}|${b.id}`;
        if (seen.has(k)) continue;
        seen.add(k);
        if (quickScore(a, b, compiled, loaded.rules.thresholds.review) === null) continue;
        const evidence = scorePair(a, b, loaded.rules, loaded.version);
        if (evidence.decision !== 'distinct') out.push({ a, b, evidence });
      }
  }
  return out;
}
