/**
 * Text folding for comparison: lower case, diacritics removed, common transliterations (ß→ss, æ→ae, ø→o,
 * Cyrillic and Greek letters to Latin), everything that is not a letter or digit dropped or turned into a space.
 */
const TRANSLIT: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};

/**
 * `fn` with its results for the last inputs kept (emptied when `max` are held). Matching folds, squashes and
 * codes the same names, places and companies again for every pair they are in (and the same stored record for
 * every import chunk that blocks with it).
 */
export function cachedByInput(fn: (s: string) => string, max = 50_000): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let out = seen.get(s);
    if (out === undefined) {
      out = fn(s);
      if (seen.size >= max) seen.clear();
      seen.set(s, out);
    }
    return out;
  };
}

const foldCached = cachedByInput(foldNow);

/** Lower-cased, diacritics folded, transliterated to Latin; other characters become spaces, collapsed. */
export function fold(s: string | null | undefined): string {
  return s ? foldCached(s) : '';
}

function foldNow(s: string): string {
  // Transliterate before decomposing: й must become y, not и + breve.
  let out = '';
  for (const ch of s.toLowerCase().normalize('NFC')) out += TRANSLIT[ch] ?? ch;
  return out
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Folded with the spaces removed (a key: "O'Neil" and "oneil" agree). */
export function squash(s: string | null | undefined): string {
  return s ? squashCached(s) : '';
}
const squashCached = cachedByInput((s) => fold(s).replace(/ /g, ''));

/** Only the digits. */
export function digits(s: string | null | undefined): string {
  return (s ?? '').replace(/\D+/g, '');
}

/** Jaro-Winkler similarity (0..1) with the usual prefix scale 0.1 over at most 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  if (!a.length || !b.length) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Array<boolean>(a.length).fill(false);
  const bMatch = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(i + range + 1, b.length);
    for (let j = lo; j < hi; j++) {
      if (bMatch[j] || a[i] !== b[j]) continue;
      aMatch[i] = bMatch[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Damerau-Levenshtein (optimal string alignment) distance: an adjacent transposition costs 1. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => [i, ...new Array<number>(m).fill(0)]);
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[n]![m]!;
}

/** Token-set similarity: Jaro-Winkler of the best pairing of words, order-free ("Acme Inc" vs "ACME"). */
export function tokenSimilarity(a: string, b: string): number {
  const ta = fold(a)
    .split(' ')
    .filter((t) => t.length > 0);
  const tb = fold(b)
    .split(' ')
    .filter((t) => t.length > 0);
  if (!ta.length || !tb.length) return 0;
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  let sum = 0;
  for (const t of short) sum += Math.max(...long.map((u) => jaroWinkler(t, u)));
  const whole = jaroWinkler(ta.join(''), tb.join(''));
  return Math.max(whole, (sum / short.length) * (short.length / long.length) ** 0.25);
}
