import { sameNickname } from './nicknames.ts';
import { metaphone } from './phonetic.ts';
import { digits, editDistance, fold, jaroWinkler, squash, tokenSimilarity } from './text.ts';

export const COMPARATORS = ['name', 'jaro_winkler', 'phonetic', 'text', 'exact', 'date', 'code'] as const;
export type ComparatorKind = (typeof COMPARATORS)[number];

export interface Similarity {
  /** 0..1 */
  value: number;
  note?: string;
}

/**
 * Given or family names: equal after folding (diacritics, transliteration) → 1; known nickname forms → 0.95;
 * else the best of Jaro-Winkler and a phonetic match (same Metaphone code → at least 0.9).
 */
export function compareName(a: string, b: string, nicknames: readonly string[][] = []): Similarity {
  const x = squash(a);
  const y = squash(b);
  if (x === y) return { value: 1, ...(fold(a) !== a.toLowerCase().trim() ? { note: 'diacritics' } : {}) };
  if (sameNickname(x, y, nicknames)) return { value: 0.95, note: 'nickname' };
  const jw = jaroWinkler(x, y);
  const px = metaphone(x);
  if (px.length >= 2 && px === metaphone(y) && jw < 0.9) return { value: 0.9, note: 'phonetic' };
  // An initial against a full name ("J" and "John") agrees weakly.
  if ((x.length === 1 || y.length === 1) && x[0] === y[0]) return { value: 0.8, note: 'initial' };
  return { value: jw };
}

export function comparePhonetic(a: string, b: string): Similarity {
  const px = metaphone(a);
  if (!px) return { value: 0 };
  return px === metaphone(b) ? { value: 1, note: 'phonetic' } : { value: 0 };
}

/** Eight digits YYYYMMDD from a date written YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY; null when not a date. */
export function dateDigits(s: string): string | null {
  const t = s.trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(t);
  if (m) return `${m[1]}${m[2]}${m[3]}`;
  m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  if (m) return `${m[3]}${m[2]!.padStart(2, '0')}${m[1]!.padStart(2, '0')}`;
  return null;
}

/**
 * Dates (birth dates...): equal → 1; day and month swapped → 0.9; two adjacent digits transposed → 0.85;
 * one digit wrong → 0.75; same year and month → 0.5; same year → 0.3.
 */
export function compareDate(a: string, b: string): Similarity {
  const x = dateDigits(a) ?? digits(a);
  const y = dateDigits(b) ?? digits(b);
  if (!x || !y) return { value: 0 };
  if (x === y) return { value: 1 };
  if (x.length === 8 && y.length === 8) {
    if (x.slice(0, 4) === y.slice(0, 4) && x.slice(4, 6) === y.slice(6, 8) && x.slice(6, 8) === y.slice(4, 6))
      return { value: 0.9, note: 'day_month_swap' };
  }
  if (x.length === y.length) {
    const diff = [...x].map((c, i) => (c === y[i] ? -1 : i)).filter((i) => i >= 0);
    if (
      diff.length === 2 &&
      diff[1] === diff[0]! + 1 &&
      x[diff[0]!] === y[diff[1]!] &&
      x[diff[1]!] === y[diff[0]!]
    )
      return { value: 0.85, note: 'transposition' };
    if (diff.length === 1) return { value: 0.75, note: 'one_digit' };
  }
  if (x.length === 8 && y.length === 8) {
    if (x.slice(0, 6) === y.slice(0, 6)) return { value: 0.5, note: 'same_month' };
    if (x.slice(0, 4) === y.slice(0, 4)) return { value: 0.3, note: 'same_year' };
  }
  return { value: 0 };
}

/**
 * Codes and numbers (postcodes, national ids, street numbers): compared on letters and digits only; equal → 1;
 * one adjacent transposition or one character wrong → 0.8 (0.6 for codes under 4 characters); two edits on
 * codes of 6+ characters → 0.4.
 */
export function compareCode(a: string, b: string): Similarity {
  const x = squash(a);
  const y = squash(b);
  if (!x || !y) return { value: 0 };
  if (x === y) return { value: 1 };
  const d = editDistance(x, y);
  const len = Math.max(x.length, y.length);
  if (d === 1) return { value: len < 4 ? 0.6 : 0.8, note: 'one_edit' };
  if (d === 2 && len >= 6) return { value: 0.4, note: 'two_edits' };
  return { value: 0 };
}

export function compareExact(a: string, b: string): Similarity {
  return { value: squash(a) === squash(b) && squash(a) !== '' ? 1 : 0 };
}

/**
 * Similarities computed lately, by nickname list, comparator and the two values. The same names, places and
 * companies meet again and again across the pairs of an import (a common family name is in thousands of pairs),
 * so each comparison is computed once. Emptied when full.
 */
type Memo = { size: number; byKind: Map<string, Map<string, Map<string, Similarity>>> };
const memos = new Map<string, Memo>();
const memoOf = new WeakMap<readonly string[][], Memo>();
const MEMO_SIZE = 200_000;
const SAME: Similarity = { value: 1 };
/** Comparators for which two identical (non-empty) values are always similarity 1 without a note. */
const IDENTICAL_IS_ONE = new Set<ComparatorKind>(['jaro_winkler', 'exact', 'code', 'text']);

export function compare(
  kind: ComparatorKind,
  a: string,
  b: string,
  nicknames: readonly string[][] = NO_NICKNAMES,
): Similarity {
  if (a === b && IDENTICAL_IS_ONE.has(kind) && squash(a) !== '') return SAME;
  let memo = memoOf.get(nicknames);
  if (!memo) {
    // Rules are read per chunk: equal nickname lists share one memo.
    const name = JSON.stringify(nicknames);
    memo = memos.get(name);
    if (!memo) {
      if (memos.size >= 16) memos.clear();
      memo = { size: 0, byKind: new Map() };
      memos.set(name, memo);
    }
    memoOf.set(nicknames, memo);
  }
  let byA = memo.byKind.get(kind);
  if (!byA) {
    byA = new Map();
    memo.byKind.set(kind, byA);
  }
  let byB = byA.get(a);
  if (!byB) {
    byB = new Map();
    byA.set(a, byB);
  }
  let out = byB.get(b);
  if (out === undefined) {
    out = compareNow(kind, a, b, nicknames);
    if (memo.size >= MEMO_SIZE) {
      memo.byKind.clear();
      memo.size = 0;
    }
    memo.size++;
    byB.set(b, out);
  }
  return out;
}
const NO_NICKNAMES: readonly string[][] = [];

function compareNow(kind: ComparatorKind, a: string, b: string, nicknames: readonly string[][]): Similarity {
  switch (kind) {
    case 'name':
      return compareName(a, b, nicknames);
    case 'jaro_winkler':
      return { value: jaroWinkler(squash(a), squash(b)) };
    case 'phonetic':
      return comparePhonetic(a, b);
    case 'text':
      return { value: tokenSimilarity(a, b) };
    case 'exact':
      return compareExact(a, b);
    case 'date':
      return compareDate(a, b);
    case 'code':
      return compareCode(a, b);
  }
}
