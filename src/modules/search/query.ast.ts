/** The parsed form of a recruiter query. Offsets are UTF-16 indexes into the ORIGINAL input string. */

export interface Span {
  start: number;
  end: number;
}

export interface TermNode {
  kind: 'term';
  /** Lower-case field name (`title`, a custom field key), or null for free text (any text field). */
  field: string | null;
  /** The value as written (quotes and a trailing `*` removed; not folded, not lower-cased). */
  value: string;
  /** Written in quotes, or an unquoted word that analyses into several tokens (`front-end`). */
  phrase: boolean;
  /** Written with a trailing `*`: the last token is a prefix. */
  prefix: boolean;
  /** Where the term is in the input (with its `field:` when written directly before it, quotes, `*`). */
  span: Span;
  /** Where its field name was written (`title:` of `title:(a OR b)` for each inner term), when parsed. */
  fieldSpan?: Span;
}

export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}

export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

export interface NotNode {
  kind: 'not';
  child: QueryNode;
}

export type QueryNode = AndNode | OrNode | NotNode | TermNode;

export const QUERY_LIMITS = {
  /** Characters (UTF-16 units) in one query. */
  maxLength: 2000,
  /** Levels of parentheses and NOT. */
  maxDepth: 32,
  /** Terms (words, phrases) in one query. */
  maxTerms: 200,
} as const;

export type QueryErrorCode =
  | 'query_too_long'
  | 'too_deep'
  | 'too_many_terms'
  | 'unclosed_quote'
  | 'empty_quotes'
  | 'missing_paren'
  | 'unexpected_paren'
  | 'empty_group'
  | 'missing_operand'
  | 'empty_field_value'
  | 'nested_field'
  | 'misplaced_wildcard'
  | 'prefix_too_short'
  | 'unknown_field'
  | 'no_searchable_text';

/**
 * A query the recruiter must fix. `message` is written for them (character numbers in it count from 1);
 * `position` (0-based) and `length` locate the problem in the original input for highlighting.
 */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
  readonly code: QueryErrorCode;
  readonly position: number;
  readonly length: number;

  constructor(code: QueryErrorCode, message: string, position: number, length: number) {
    super(message);
    this.code = code;
    this.position = position;
    this.length = length;
  }
}

/** Human (1-based) character number of a 0-based offset, for messages. */
export const charAt = (offset: number) => `character ${offset + 1}`;
