/**
 * The search module: the recruiter Boolean query language as a pure library (no tables, no routes).
 * Text analysis, the parser, the search document (tsvector literal), the compiled query (tsquery literal)
 * and a brute-force evaluator of the same semantics. See docs/search.md.
 */
export type { AndNode, NotNode, OrNode, QueryErrorCode, QueryNode, Span, TermNode } from './query.ast.ts';
export { QUERY_LIMITS, QuerySyntaxError } from './query.ast.ts';
export { compileQuery } from './query.compile.ts';
export { evaluateQuery } from './query.evaluate.ts';
export type { FieldCatalogue } from './query.fields.ts';
export { formatQuery, parseQuery } from './query.parser.ts';
export { buildSearchDocument, type SearchDocumentInput } from './search.document.ts';
export { analyse, normaliseSkill } from './text.analysis.ts';
