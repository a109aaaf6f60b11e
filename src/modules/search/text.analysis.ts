/**
 * Text analysis for search: the ONE place that turns text into tokens (for documents and queries alike) and
 * skill names into canonical keys. PostgreSQL's own parser is never used: it turns `C++` and `C#` into `c`.
 *
 * Choices (see docs/search.md): no stemming and no stop words, so matching is predictable (`engineer` does not
 * match `engineering` unless asked with `engineer*`; `and`, `or`, `the` are ordinary words).
 */
import { SKILLS } from './skills.ts';

/** Longest token kept, in code points; longer tokens are cut (documents and queries alike). */
export const MAX_TOKEN_CHARS = 100;
/** Longest exact value (tag, code, skill key) kept, in code points. */
export const MAX_CODE_CHARS = 200;

/** Letters that do not decompose under NFKD but have a usual plain-Latin spelling. */
const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'gu');

/**
 * NFKC, typographic quotes and dashes made plain, lower case, accents removed (NFKD then non-spacing marks
 * dropped), a few letters spelt out (ß → ss).
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .replace(FOLD_RE, (c) => FOLD[c] ?? c)
    .normalize('NFC');
}

/**
 * A token: an optional leading dot when it starts a word and a letter follows (`.net`), letters and digits
 * with inner dots between them (`node.js`, `asp.net`, `3.5`), and a trailing run of `+`/`#` when no letter or
 * digit follows it (`c++`, `c#`, `f#`; the run is taken whole or not at all: `c++11` is `c`, `11`). Everything
 * else separates tokens; a final dot is not part of a token.
 */
const TOKEN_RE =
  /(?:(?<![\p{L}\p{N}\p{Mc}])\.(?=\p{L}))?[\p{L}\p{N}\p{Mc}]+(?:\.[\p{L}\p{N}\p{Mc}]+)*(?:(?=([+#]+))\1(?![\p{L}\p{N}\p{Mc}]))?/gu;

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const cps = Array.from(s);
  return cps.length <= max ? s : cps.slice(0, max).join('');
}

/** The tokens of a text, in order, for documents and queries alike. */
export function analyse(text: string): string[] {
  const out: string[] = [];
  for (const m of foldText(text).matchAll(TOKEN_RE)) out.push(cut(m[0], MAX_TOKEN_CHARS));
  return out;
}

/**
 * The canonical form of an exact value (tag, source, status, picklist code, unknown skill): folded like text,
 * trimmed, inner whitespace collapsed to one space, at most MAX_CODE_CHARS code points. '' when blank.
 */
export function normaliseCode(raw: string): string {
  return cut(foldText(raw).trim().replace(/\s+/gu, ' '), MAX_CODE_CHARS);
}

interface SkillEntry {
  key: string;
  label: string;
}

/** Spaces, hyphens and underscores removed: `node js`, `node-js` and `nodejs` look alike. Dots are kept. */
const squeeze = (s: string) => s.replace(/[\s\-_]+/gu, '');

const SKILL_BY_ALIAS = new Map<string, SkillEntry>();
const SKILL_BY_SQUEEZED = new Map<string, SkillEntry>();
for (const [key, label, ...aliases] of SKILLS) {
  const entry = { key, label };
  for (const a of [key, label, ...aliases]) {
    const n = normaliseCode(a);
    const prev = SKILL_BY_ALIAS.get(n);
    if (prev && prev.key !== key) throw new Error(`skill alias '${a}' names both ${prev.key} and ${key}`);
    SKILL_BY_ALIAS.set(n, entry);
    const sq = squeeze(n);
    const prevSq = SKILL_BY_SQUEEZED.get(sq);
    if (prevSq && prevSq.key !== key)
      throw new Error(`skill alias '${a}' looks like both ${prevSq.key} and ${key}`);
    SKILL_BY_SQUEEZED.set(sq, entry);
  }
}

/**
 * A skill as typed by a person or an import → its canonical key (stored and matched) and a display label.
 * Known skills and their aliases map to one key (`Node.js`, `nodejs`, `node` → `node.js`; `k8s` →
 * `kubernetes`); other skills keep their own words (key: folded, lower case; label: the input trimmed with
 * spaces collapsed). `C++`, `C#`, `C` and `F#` stay distinct. Blank input → null.
 */
export function normaliseSkill(raw: string): { key: string; label: string } | null {
  const key = normaliseCode(raw);
  if (!key) return null;
  const known = SKILL_BY_ALIAS.get(key) ?? SKILL_BY_SQUEEZED.get(squeeze(key));
  if (known) return { key: known.key, label: known.label };
  return { key, label: cut(raw.normalize('NFKC').trim().replace(/\s+/gu, ' '), MAX_CODE_CHARS) };
}
