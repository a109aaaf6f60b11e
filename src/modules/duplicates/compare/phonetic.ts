import { cachedByInput, squash } from './text.ts';

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const FRONT = new Set(['e', 'i', 'y']);

/**
 * A Metaphone code (Lawrence Philips' original rules, primary encoding, with a few Double Metaphone
 * refinements for initial clusters): names that sound alike get the same code ("Smith"/"Smyth" → SM0,
 * "Katherine"/"Catherine" → K0RN). Input is folded first (diacritics, transliteration). Max 6 characters.
 */
export function metaphone(input: string, max = 6): string {
  return max === 6 ? metaphone6(input) : metaphoneNow(input, max);
}
const metaphone6 = cachedByInput((s) => metaphoneNow(s, 6));

function metaphoneNow(input: string, max: number): string {
  let w = squash(input).replace(/[^a-z]/g, '');
  if (!w) return '';
  // Initial exceptions.
  if (/^(kn|gn|pn|ae|wr)/.test(w)) w = w.slice(1);
  if (w.startsWith('x')) w = `s${w.slice(1)}`;
  if (w.startsWith('wh')) w = `w${w.slice(2)}`;
  let out = '';
  const at = (i: number) => w[i] ?? '';
  for (let i = 0; i < w.length && out.length < max; i++) {
    const c = w[i]!;
    const next = at(i + 1);
    const prev = at(i - 1);
    if (c === prev && c !== 'c') continue;
    if (VOWELS.has(c)) {
      if (i === 0) out += 'A';
      continue;
    }
    switch (c) {
      case 'b':
        if (!(prev === 'm' && i === w.length - 1)) out += 'P';
        break;
      case 'c':
        if (next === 'i' && at(i + 2) === 'a') out += 'X';
        else if (next === 'h') {
          out += prev === 's' ? 'K' : 'X';
          i++;
        } else if (FRONT.has(next)) {
          if (prev !== 's') out += 'S';
        } else out += 'K';
        break;
      case 'd':
        if (next === 'g' && FRONT.has(at(i + 2))) {
          out += 'J';
          i++;
        } else out += 'T';
        break;
      case 'g':
        if (next === 'h' && !(i + 2 < w.length && !VOWELS.has(at(i + 2)))) {
          // "gh" silent before a consonant or at the end, else F-ish ("laugh") or K; keep it simple: K at start.
          if (i === 0) out += 'K';
          i++;
        } else if (next === 'n' && (i + 2 === w.length || (at(i + 2) === 'e' && at(i + 3) === 'd'))) {
          // silent in "gn", "gned"
        } else if (FRONT.has(next) && prev !== 'g') out += 'J';
        else out += 'K';
        break;
      case 'h':
        if (VOWELS.has(next) && !'csptg'.includes(prev)) out += 'H';
        break;
      case 'k':
        if (prev !== 'c') out += 'K';
        break;
      case 'p':
        if (next === 'h') {
          out += 'F';
          i++;
        } else out += 'P';
        break;
      case 'q':
        out += 'K';
        break;
      case 's':
        if (next === 'h' || (next === 'i' && (at(i + 2) === 'o' || at(i + 2) === 'a'))) {
          out += 'X';
          if (next === 'h') i++;
        } else if (next === 'c' && at(i + 2) === 'h') {
          out += 'SK';
          i += 2;
        } else out += 'S';
        break;
      case 't':
        if (next === 'i' && (at(i + 2) === 'o' || at(i + 2) === 'a')) out += 'X';
        else if (next === 'h') {
          out += '0';
          i++;
        } else if (!(next === 'c' && at(i + 2) === 'h')) out += 'T';
        break;
      case 'v':
        out += 'F';
        break;
      case 'w':
      case 'y':
        if (VOWELS.has(next)) out += c.toUpperCase();
        break;
      case 'x':
        out += 'KS';
        break;
      case 'z':
        out += 'S';
        break;
      default:
        out += c.toUpperCase(); // f j l m n r
    }
  }
  return out.slice(0, max);
}
