import type { CandidateFields } from '../candidates/index.ts';
import { type ComparatorKind, compare, dateDigits } from './compare/comparators.ts';
import { canonicalGivenName } from './compare/nicknames.ts';
import { metaphone } from './compare/phonetic.ts';
import { fold, squash } from './compare/text.ts';
import type { StoredMatchRecord } from './duplicates.repository.ts';
import type { Evidence, EvidenceItem } from './duplicates.types.ts';
import type { Comparison, MatchRules } from './rules.contract.ts';

/** A candidate reduced to what matching reads: values per rule field and exact identities. */
export interface MatchRecord {
  id: string;
  values: Record<string, string | null>;
  identities: { kind: string; value: string }[];
}

/**
 * Longest value compared, in characters: comparators are quadratic in the length (Jaro-Winkler, edit distance,
 * word pairing), so a long value (a headline, a text custom field) is compared on its first 200 characters.
 */
export const MAX_COMPARED_CHARS = 200;

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let s = (Array.isArray(v) ? v.map(String).join(' ') : String(v)).trim();
  if (s.length > MAX_COMPARED_CHARS) s = Array.from(s).slice(0, MAX_COMPARED_CHARS).join('').trim();
  return s === '' || squash(s) === '' ? null : s;
}

/** Exact identities, the same ones candidate_identities holds (emails, E.164 phones, profile handles). */
export function identitiesOf(f: CandidateFields): { kind: string; value: string }[] {
  const out: { kind: string; value: string }[] = [];
  for (const e of f.emails) out.push({ kind: 'email', value: e.address.toLowerCase() });
  for (const p of f.phones) out.push({ kind: 'phone', value: p.number });
  for (const l of f.links) if (l.handle) out.push({ kind: l.kind, value: l.handle.toLowerCase() });
  for (const [k, v] of Object.entries(f.customFields))
    if (k.startsWith('external_id') && text(v)) out.push({ kind: k, value: String(v).trim().toLowerCase() });
  return out;
}

/** The compact form stored in duplicate_match_records (null values left out). */
export function storedForm(r: MatchRecord): StoredMatchRecord {
  const v: Record<string, string> = {};
  for (const [k, x] of Object.entries(r.values)) if (x !== null) v[k] = x;
  return { v, i: r.identities.map((x) => [x.kind, x.value]) };
}

export function fromStored(id: string, s: StoredMatchRecord): MatchRecord {
  return { id, values: s.v, identities: s.i.map(([kind, value]) => ({ kind, value })) };
}

export function toMatchRecord(id: string, f: CandidateFields): MatchRecord {
  const current = f.work.find((w) => w.current) ?? f.work[0];
  const values: Record<string, string | null> = {
    firstName: text(f.firstName),
    lastName: text(f.lastName),
    headline: text(f.headline),
    city: text(f.city),
    region: text(f.region),
    country: text(f.country),
    company: text(current?.company),
    title: text(current?.title),
  };
  for (const [k, v] of Object.entries(f.customFields)) values[`customFields.${k}`] = text(v);
  return { id, values, identities: identitiesOf(f) };
}

/** Similarity at or below which a comparator's result counts as full disagreement. */
const PARTIAL_FROM: Record<ComparatorKind, number> = {
  name: 0.75,
  jaro_winkler: 0.8,
  phonetic: 0.5,
  text: 0.75,
  exact: 0.5,
  date: 0,
  code: 0,
};

export function weights(c: Comparison) {
  return { agree: Math.log2(c.m / c.u), disagree: Math.log2((1 - c.m) / (1 - c.u)) };
}

function item(
  c: Comparison,
  a: string | null,
  b: string | null,
  nicknames: MatchRules['nicknames'],
): EvidenceItem {
  const base = { field: c.field, comparator: c.comparator, a, b };
  if (a === null || b === null)
    return { ...base, similarity: null, outcome: 'missing', weight: 0 } satisfies EvidenceItem;
  const s = compare(c.comparator, a, b, nicknames);
  const { agree, disagree } = weights(c);
  const lo = c.partialFrom ?? PARTIAL_FROM[c.comparator];
  const frac = s.value >= 1 ? 1 : s.value <= lo ? 0 : (s.value - lo) / (1 - lo);
  const weight = Math.round((disagree + (agree - disagree) * frac) * 100) / 100;
  const outcome: EvidenceItem['outcome'] =
    s.value >= 1 ? 'exact' : s.value >= 0.9 ? 'agree' : weight > 0 ? 'partial' : 'disagree';
  return {
    ...base,
    similarity: Math.round(s.value * 1000) / 1000,
    outcome,
    weight,
    ...(s.note ? { note: s.note } : {}),
  } satisfies EvidenceItem;
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Fellegi-Sunter score of a pair: the sum of each compared field's log-likelihood weight (agreement
 * log2(m/u), disagreement log2((1-m)/(1-u)), partial agreement in between), plus the weight of each shared
 * exact key. Given and family names are also tried crossed (records with the two swapped).
 */
export function scorePair(a: MatchRecord, b: MatchRecord, rules: MatchRules, version: number): Evidence {
  const sharedKinds = new Map(rules.exactKeys.map((k) => [k.kind, k.weight]));
  const exactKeys: { kind: string; value: string }[] = [];
  const bSet = new Set(b.identities.map((i) => `${i.kind}\u0000${i.value}`));
  for (const i of a.identities)
    if (
      sharedKinds.has(i.kind) &&
      bSet.has(`${i.kind}\u0000${i.value}`) &&
      !exactKeys.some((e) => e.kind === i.kind)
    )
      exactKeys.push(i);
  const items: EvidenceItem[] = rules.comparisons.map((c) =>
    item(c, a.values[c.field] ?? null, b.values[c.field] ?? null, rules.nicknames),
  );
  // Swapped given and family names: score them crossed, keep the better reading.
  const fi = rules.comparisons.findIndex((c) => c.field === 'firstName');
  const li = rules.comparisons.findIndex((c) => c.field === 'lastName');
  if (fi >= 0 && li >= 0) {
    const [fc, lc] = [rules.comparisons[fi]!, rules.comparisons[li]!];
    const sf = item(fc, a.values.firstName ?? null, b.values.lastName ?? null, rules.nicknames);
    const sl = item(lc, a.values.lastName ?? null, b.values.firstName ?? null, rules.nicknames);
    if (sf.weight + sl.weight > items[fi]!.weight + items[li]!.weight + 1) {
      items[fi] = { ...sf, field: 'firstName', note: 'names_swapped' };
      items[li] = { ...sl, field: 'lastName', note: 'names_swapped' };
    }
  }
  let score = items.reduce((s, i) => s + i.weight, 0);
  for (const k of exactKeys) score += sharedKinds.get(k.kind) ?? 0;
  score = round(score);
  const decision =
    score >= rules.thresholds.merge ? 'merge' : score >= rules.thresholds.review ? 'review' : 'distinct';
  return { score, exactKeys, items, decision, rulesVersion: version };
}

/** Rules prepared for scoring many pairs: weights and bounds computed once. */
export interface CompiledRules {
  rules: MatchRules;
  version: number;
  comps: { c: Comparison; agree: number; disagree: number; lo: number }[];
  /** Indexes of the given and family name comparisons (-1: absent). */
  fi: number;
  li: number;
  /** The other comparisons, in rule order. */
  rest: number[];
  /** restMax[k]: the most the comparisons rest[k..] can still add (their agreement weights, when positive). */
  restMax: number[];
  exact: Map<string, number>;
}

export function compileRules(rules: MatchRules, version: number): CompiledRules {
  const comps = rules.comparisons.map((c) => ({
    c,
    ...weights(c),
    lo: c.partialFrom ?? PARTIAL_FROM[c.comparator],
  }));
  const fi = rules.comparisons.findIndex((c) => c.field === 'firstName');
  const li = rules.comparisons.findIndex((c) => c.field === 'lastName');
  const named = fi >= 0 && li >= 0;
  const rest = comps.map((_, i) => i).filter((i) => !named || (i !== fi && i !== li));
  const restMax = new Array<number>(rest.length + 1).fill(0);
  for (let k = rest.length - 1; k >= 0; k--)
    restMax[k] = restMax[k + 1]! + Math.max(0, comps[rest[k]!]!.agree);
  return {
    rules,
    version,
    comps,
    fi: named ? fi : -1,
    li: named ? li : -1,
    rest,
    restMax,
    exact: new Map(rules.exactKeys.map((k) => [k.kind, k.weight])),
  };
}

/** The weight one comparison adds, exactly as scorePair's evidence item has it (0 when a side is missing). */
function weightOf(
  cc: CompiledRules['comps'][number],
  a: string | null | undefined,
  b: string | null | undefined,
  nicknames: MatchRules['nicknames'],
): number {
  if (a === null || a === undefined || b === null || b === undefined) return 0;
  const v = compare(cc.c.comparator, a, b, nicknames).value;
  const frac = v >= 1 ? 1 : v <= cc.lo ? 0 : (v - cc.lo) / (1 - cc.lo);
  return Math.round((cc.disagree + (cc.agree - cc.disagree) * frac) * 100) / 100;
}

/**
 * The pair's score as scorePair computes it, without building evidence, or null as soon as the comparisons left
 * cannot bring it up to `floor` (most pairs of a block end distinct after the names). A non-null result equals
 * scorePair's score, so scorePair (with its evidence) is run only for the pairs worth keeping.
 */
export function quickScore(a: MatchRecord, b: MatchRecord, cr: CompiledRules, floor: number): number | null {
  let score = 0;
  if (cr.exact.size && a.identities.length && b.identities.length) {
    const kinds = new Set<string>();
    for (const i of a.identities) {
      const w = cr.exact.get(i.kind);
      if (w === undefined || kinds.has(i.kind)) continue;
      if (b.identities.some((j) => j.kind === i.kind && j.value === i.value)) {
        kinds.add(i.kind);
        score += w;
      }
    }
  }
  const nick = cr.rules.nicknames;
  if (cr.fi >= 0) {
    const fc = cr.comps[cr.fi]!;
    const lc = cr.comps[cr.li]!;
    const af = a.values.firstName;
    const al = a.values.lastName;
    const bf = b.values.firstName;
    const bl = b.values.lastName;
    const direct = weightOf(fc, af, bf, nick) + weightOf(lc, al, bl, nick);
    let names = direct;
    // Crossed reading (swapped given and family names), as scorePair: kept when better by more than 1.
    if (direct < fc.agree + lc.agree - 1) {
      const crossed = weightOf(fc, af, bl, nick) + weightOf(lc, al, bf, nick);
      if (crossed > direct + 1) names = crossed;
    }
    score += names;
  }
  const margin = 0.05;
  for (let k = 0; k < cr.rest.length; k++) {
    if (score + cr.restMax[k]! < floor - margin) return null;
    const cc = cr.comps[cr.rest[k]!]!;
    score += weightOf(cc, a.values[cc.c.field], b.values[cc.c.field], nick);
  }
  score = round(score);
  return score < floor ? null : score;
}

/**
 * Blocking keys: candidates are compared only with those sharing at least one. Names give phonetic family
 * name + given-name initial (and the crossed form, for swapped names); exact identities give one key each;
 * comparisons marked `block` give their value (optionally with the family-name initial).
 */
export function blockingKeys(r: MatchRecord, rules: MatchRules): string[] {
  const keys = new Set<string>();
  const first = r.values.firstName ? squash(r.values.firstName) : '';
  const last = r.values.lastName ? squash(r.values.lastName) : '';
  const firstInitial = first ? canonicalGivenName(first)[0]! : '';
  if (first && last) {
    keys.add(`n:${metaphone(last)}:${firstInitial}`);
    keys.add(`n:${metaphone(first)}:${last[0]}`);
    // A typo early in the family name changes its code: the given name's code plus the family initial helps.
    keys.add(`g:${metaphone(canonicalGivenName(first))}:${last[0]}`);
  } else if (first || last) keys.add(`n1:${metaphone(first || last)}`);
  const exactKinds = new Set(rules.exactKeys.map((k) => k.kind));
  for (const i of r.identities) if (exactKinds.has(i.kind)) keys.add(`x:${i.kind}:${i.value}`);
  for (const c of rules.comparisons) {
    if (c.block === 'none' && !c.blockWith) continue;
    const v = r.values[c.field];
    if (!v) continue;
    const norm = c.comparator === 'date' ? (dateDigits(v) ?? squash(v)) : squash(v);
    if (!norm) continue;
    if (c.blockWith) {
      const other = r.values[c.blockWith] ? squash(r.values[c.blockWith]) : '';
      if (other) keys.add(`f:${c.field}+${c.blockWith}:${norm}:${other}`);
    } else if (c.block === 'value') keys.add(`f:${c.field}:${norm}`);
    else if (last || first) keys.add(`f:${c.field}:${norm}:${(last || first)[0]}`);
  }
  return [...keys];
}

/** Display form of a value for evidence (folded). */
export const displayValue = (v: string | null) => (v === null ? null : fold(v));
