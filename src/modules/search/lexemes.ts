/**
 * The lexeme encoding shared by documents (tsvector) and compiled queries (tsquery). See docs/search.md,
 * "For developers".
 *
 *   plain token        senior  c++  node.js          free text (plain tokens never contain ~ : =)
 *   fielded token      ~title:senior  ~f.notes:remote words of one text field
 *   exact value        ~skill=c++  ~tag=silver medalist  ~f.level=l3
 *
 * Fielded and exact lexemes start with `~`, which no plain token can start with, so a free-text prefix
 * (`ti*` → 'ti':*) never matches them; `:` or `=` after the field name ends it, so `~f.a:` never matches a
 * prefix of `~f.ab:`.
 */

/** Lexeme of a token of a text field: null = plain (free text). */
export function textLexeme(field: string | null, custom: boolean, token: string): string {
  if (field === null) return token;
  return custom ? `~f.${field}:${token}` : `~${field}:${token}`;
}

/** Lexeme of an exact value of a code field. */
export function codeLexeme(field: string, custom: boolean, code: string): string {
  return custom ? `~f.${field}=${code}` : `~${field}=${code}`;
}

/** A lexeme quoted for tsvector and tsquery input: in single quotes, `'` doubled, `\` escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
