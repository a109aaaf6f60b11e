/**
 * The result of every normalisation rule: the normalised value, or a reason a recruiter can act on (shown
 * per field in a 400 response) with a stable machine code.
 */
export type Normalised<T> = { ok: true; value: T } | { ok: false; reason: string; code: string };

export const ok = <T>(value: T): Normalised<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, reason: string): Normalised<T> => ({ ok: false, reason, code });

/**
 * A key for matching names typed by people: accents and case dropped, `&` read as "and", punctuation as
 * spaces, "St." as "saint", spaces collapsed. `Côte d’Ivoire` and `cote d'ivoire` give the same key.
 */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\bst\b/g, 'saint')
    .trim()
    .replace(/^the /, '');
}

/** Show a piece of user input inside a reason, cut to a readable length. */
export function quote(s: string, max = 40): string {
  return `'${s.length > max ? `${s.slice(0, max - 1)}…` : s}'`;
}
