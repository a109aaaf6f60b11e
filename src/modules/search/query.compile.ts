/**
 * A parsed query → ONE tsquery literal (for `search_doc @@ $1::tsquery`), over the lexemes that
 * buildSearchDocument writes. Every sub-expression is parenthesised; nothing goes through PostgreSQL's
 * text parser.
 */
import { codeLexeme, quoteLexeme, textLexeme } from './lexemes.ts';
import type { QueryNode } from './query.ast.ts';
import { type FieldCatalogue, resolveTerm } from './query.fields.ts';

/**
 * Compile a query for a workspace's field catalogue. Throws QuerySyntaxError (unknown field, a term with
 * nothing to search for) with its position in the query.
 */
export function compileQuery(ast: QueryNode, catalogue: FieldCatalogue): string {
  switch (ast.kind) {
    case 'term': {
      const r = resolveTerm(ast, catalogue);
      if (r.kind === 'code')
        return `${quoteLexeme(codeLexeme(r.field, r.custom, r.code))}${r.prefix ? ':*' : ''}`;
      const last = r.tokens.length - 1;
      const parts = r.tokens.map(
        (t, i) => `${quoteLexeme(textLexeme(r.field, r.custom, t))}${r.prefix && i === last ? ':*' : ''}`,
      );
      return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
    }
    case 'not':
      return `!${compileQuery(ast.child, catalogue)}`;
    case 'and':
    case 'or': {
      if (ast.children.length === 0) throw new Error(`compileQuery: empty ${ast.kind}`);
      const parts = ast.children.map((c) => compileQuery(c, catalogue));
      return parts.length === 1 ? parts[0]! : `(${parts.join(ast.kind === 'and' ? ' & ' : ' | ')})`;
    }
  }
}
