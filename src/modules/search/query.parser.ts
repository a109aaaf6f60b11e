/**
 * The recruiter query language: a hand-written tokenizer and recursive-descent parser.
 *
 *   query   := or EOF
 *   or      := and ('OR' and)*
 *   and     := unary (['AND'] unary)*          juxtaposition is AND; AND binds tighter than OR
 *   unary   := ('NOT' | '-') unary | primary   NOT takes the next term or group
 *   primary := '(' or ')' | field? value
 *   field   := [A-Za-z][A-Za-z0-9_]* ':'       written right before its value, no space
 *   value   := word ['*'] | '"' phrase '"' | '(' or ')'   (a field before a group applies to every term inside)
 *
 * Operators are upper case only; `and`, `or`, `not` are ordinary words. Typographic quotes count as straight
 * ones. Every error carries the position and length of the problem in the ORIGINAL input.
 */
import {
  charAt,
  QUERY_LIMITS,
  type QueryNode,
  QuerySyntaxError,
  type Span,
  type TermNode,
} from './query.ast.ts';
import { analyse } from './text.analysis.ts';

type Op = 'AND' | 'OR' | 'NOT';
type Tok =
  | { t: 'lparen'; start: number }
  | { t: 'rparen'; start: number }
  | { t: 'op'; op: Op; start: number; end: number }
  | { t: 'word'; value: string; prefix: boolean; start: number; end: number }
  | { t: 'phrase'; value: string; start: number; end: number }
  | { t: 'field'; name: string; start: number; end: number };

/**
 * Characters read as query syntax although typed differently, each mapped to ONE UTF-16 unit so offsets in
 * the normalised string are offsets in the original: typographic double quotes, single quotes, fullwidth
 * parentheses, quote, colon and asterisk.
 */
const SAME_WIDTH: Record<string, string> = {
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\uFF02': '"',
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\uFF08': '(',
  '\uFF09': ')',
  '\uFF1A': ':',
  '\uFF0A': '*',
};
const SAME_WIDTH_CLASS = `[${Object.keys(SAME_WIDTH).join('')}]`;
const SAME_WIDTH_RE = new RegExp(SAME_WIDTH_CLASS, 'g');
const HAS_SAME_WIDTH = new RegExp(SAME_WIDTH_CLASS);

const FIELD_RE = /^([A-Za-z][A-Za-z0-9_]{0,63}):/;
const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);
const breaksWord = (c: string) => isSpace(c) || c === '(' || c === ')' || c === '"';

function lex(s: string): Tok[] {
  const toks: Tok[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === '(') {
      toks.push({ t: 'lparen', start: i++ });
    } else if (c === ')') {
      toks.push({ t: 'rparen', start: i++ });
    } else if (c === '"') {
      i = lexPhrase(s, i, toks);
    } else if (c === '-' && (i === 0 || isSpace(s[i - 1]) || s[i - 1] === '(') && startsTerm(s[i + 1])) {
      toks.push({ t: 'op', op: 'NOT', start: i, end: i + 1 });
      i++;
    } else {
      let j = i;
      while (j < n && !breaksWord(s[j]!)) j++;
      const raw = s.slice(i, j);
      if (raw === 'AND' || raw === 'OR' || raw === 'NOT') {
        toks.push({ t: 'op', op: raw, start: i, end: j });
      } else {
        const f = FIELD_RE.exec(raw);
        if (f) {
          const end = i + f[0].length;
          toks.push({ t: 'field', name: f[1]!.toLowerCase(), start: i, end });
          if (end < j) toks.push(word(s, end, j));
          else if (s[j] !== '"' && s[j] !== '(')
            throw new QuerySyntaxError(
              'empty_field_value',
              `Empty field value after ${f[0]} (write the value right after the colon, e.g. ${f[0]}engineer or ${f[0]}"senior engineer")`,
              i,
              f[0].length,
            );
        } else {
          toks.push(word(s, i, j));
        }
      }
      i = j;
    }
  }
  return toks;
}

/** `-` is NOT when it starts a term and is directly followed by one (`-java`, `-(a OR b)`, `-"x y"`). */
const startsTerm = (c: string | undefined) => c !== undefined && !isSpace(c) && c !== ')' && c !== '-';

function lexPhrase(s: string, i: number, toks: Tok[]): number {
  const close = s.indexOf('"', i + 1);
  if (close < 0)
    throw new QuerySyntaxError(
      'unclosed_quote',
      `Unclosed quote opened at ${charAt(i)}: add the closing "`,
      i,
      1,
    );
  const value = s.slice(i + 1, close);
  if (value.trim() === '')
    throw new QuerySyntaxError('empty_quotes', `Empty quotes at ${charAt(i)}`, i, close + 1 - i);
  if (s[close + 1] === '*')
    throw new QuerySyntaxError(
      'misplaced_wildcard',
      'A * (prefix search) can only end a word, not a quoted phrase',
      close + 1,
      1,
    );
  toks.push({ t: 'phrase', value, start: i, end: close + 1 });
  return close + 1;
}

function word(s: string, start: number, end: number): Tok {
  const raw = s.slice(start, end);
  const prefix = raw.endsWith('*');
  const value = prefix ? raw.slice(0, -1) : raw;
  const star = value.indexOf('*');
  if (star >= 0)
    throw new QuerySyntaxError(
      'misplaced_wildcard',
      `A * (prefix search) can only end a word, as in engin*`,
      start + star,
      1,
    );
  if (prefix && Array.from(value).length < 2)
    throw new QuerySyntaxError(
      'prefix_too_short',
      'A prefix search needs at least 2 characters before the *',
      start,
      end - start,
    );
  return { t: 'word', value, prefix, start, end };
}

interface FieldCtx {
  name: string;
  span: Span;
}

class Parser {
  private p = 0;
  private depth = 0;
  private terms = 0;

  constructor(private readonly toks: Tok[]) {}

  parse(): QueryNode {
    const node = this.or(null);
    const t = this.peek();
    if (t) throw this.unexpected(t);
    return node;
  }

  private peek(): Tok | undefined {
    return this.toks[this.p];
  }

  private isOp(t: Tok | undefined, op: Op): t is Extract<Tok, { t: 'op' }> {
    return t?.t === 'op' && t.op === op;
  }

  /** Whether a term, group, field or NOT starts here. */
  private startsUnary(t: Tok | undefined): boolean {
    return t !== undefined && t.t !== 'rparen' && (t.t !== 'op' || t.op === 'NOT');
  }

  private or(ctx: FieldCtx | null): QueryNode {
    const first = this.peek();
    if (first?.t === 'op' && first.op !== 'NOT') throw missing(first, 'left');
    const children = [this.and(ctx)];
    for (let t = this.peek(); this.isOp(t, 'OR'); t = this.peek()) {
      this.p++;
      if (!this.startsUnary(this.peek())) throw missing(t, 'right');
      children.push(this.and(ctx));
    }
    return combine('or', children);
  }

  private and(ctx: FieldCtx | null): QueryNode {
    const children = [this.unary(ctx)];
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, 'AND')) {
        this.p++;
        if (!this.startsUnary(this.peek())) throw missing(t, 'right');
      } else if (!this.startsUnary(t)) {
        break;
      }
      children.push(this.unary(ctx));
    }
    return combine('and', children);
  }

  private unary(ctx: FieldCtx | null): QueryNode {
    const t = this.peek();
    if (!t) throw new Error('parser: unary at end of input');
    switch (t.t) {
      case 'op': {
        if (t.op !== 'NOT') throw missing(t, 'left');
        this.p++;
        this.enter(t.start, t.end - t.start);
        if (!this.startsUnary(this.peek())) throw missing(t, 'right');
        const child = this.unary(ctx);
        this.depth--;
        return { kind: 'not', child };
      }
      case 'lparen':
        return this.group(ctx);
      case 'rparen':
        throw this.unexpected(t);
      case 'field': {
        const span = { start: t.start, end: t.end };
        if (ctx)
          throw new QuerySyntaxError(
            'nested_field',
            `A field cannot be used inside ${ctx.name}:( … ), which already applies ${ctx.name}: to every term in it`,
            t.start,
            t.end - t.start,
          );
        this.p++;
        const v = this.peek()!;
        if (v.t === 'lparen') return this.group({ name: t.name, span });
        if (v.t !== 'word' && v.t !== 'phrase') throw new Error('parser: field without value');
        this.p++;
        return this.term(v, t.name, span, t.start);
      }
      default:
        this.p++;
        return this.term(t, ctx?.name ?? null, ctx?.span, t.start);
    }
  }

  private group(ctx: FieldCtx | null): QueryNode {
    const open = this.peek() as Extract<Tok, { t: 'lparen' }>;
    this.p++;
    this.enter(open.start, 1);
    const next = this.peek();
    if (next?.t === 'rparen')
      throw new QuerySyntaxError('empty_group', 'Empty parentheses', open.start, next.start + 1 - open.start);
    if (!next) throw unclosed(open.start);
    const node = this.or(ctx);
    if (this.peek()?.t !== 'rparen') throw unclosed(open.start);
    this.p++;
    this.depth--;
    return node;
  }

  private term(
    t: Extract<Tok, { t: 'word' | 'phrase' }>,
    field: string | null,
    fieldSpan: Span | undefined,
    start: number,
  ): TermNode {
    const span = { start, end: t.end };
    if (++this.terms > QUERY_LIMITS.maxTerms)
      throw new QuerySyntaxError(
        'too_many_terms',
        `Queries are limited to ${QUERY_LIMITS.maxTerms} terms`,
        span.start,
        span.end - span.start,
      );
    const phrase = t.t === 'phrase' || analyse(t.value).length > 1;
    const prefix = t.t === 'word' && t.prefix;
    return { kind: 'term', field, value: t.value, phrase, prefix, span, ...(fieldSpan ? { fieldSpan } : {}) };
  }

  private enter(position: number, length: number) {
    if (++this.depth > QUERY_LIMITS.maxDepth)
      throw new QuerySyntaxError(
        'too_deep',
        `The query is nested too deeply (at most ${QUERY_LIMITS.maxDepth} levels of parentheses and NOT)`,
        position,
        length,
      );
  }

  private unexpected(t: Tok): QuerySyntaxError {
    if (t.t === 'rparen')
      return new QuerySyntaxError(
        'unexpected_paren',
        `Unexpected ) at ${charAt(t.start)}: there is no ( for it to close`,
        t.start,
        1,
      );
    throw new Error(`parser: unexpected ${t.t}`);
  }
}

function missing(t: Extract<Tok, { t: 'op' }>, side: 'left' | 'right'): QuerySyntaxError {
  return new QuerySyntaxError(
    'missing_operand',
    `${t.op} needs a term on its ${side}`,
    t.start,
    t.end - t.start,
  );
}

function unclosed(position: number): QuerySyntaxError {
  return new QuerySyntaxError(
    'missing_paren',
    `Missing closing parenthesis for the one opened at ${charAt(position)}`,
    position,
    1,
  );
}

/** One node for several children of one operator; nested nodes of the same operator are merged. */
function combine(kind: 'and' | 'or', children: QueryNode[]): QueryNode {
  if (children.length === 1) return children[0]!;
  return { kind, children: children.flatMap((c) => (c.kind === kind ? c.children : [c])) };
}

/**
 * Parse a recruiter query. Blank input means "no condition" and returns null. Throws QuerySyntaxError with the
 * position and length of the problem in `input`.
 */
export function parseQuery(input: string): QueryNode | null {
  if (input.length > QUERY_LIMITS.maxLength)
    throw new QuerySyntaxError(
      'query_too_long',
      `Queries are limited to ${QUERY_LIMITS.maxLength.toLocaleString('en')} characters (this one has ${input.length.toLocaleString('en')})`,
      QUERY_LIMITS.maxLength,
      input.length - QUERY_LIMITS.maxLength,
    );
  const toks = lex(input.replace(SAME_WIDTH_RE, (c) => SAME_WIDTH[c] ?? c));
  if (toks.length === 0) return null;
  return new Parser(toks).parse();
}

// ---------------------------------------------------------------------------------------------------------
// Canonical form

const OPERATOR_WORDS = new Set(['AND', 'OR', 'NOT']);

/** Whether `value` reads back as the same single word after `field:` (or alone, for free text). */
function wordSafe(value: string, free: boolean): boolean {
  if (value === '' || /[\s()"*]/u.test(value) || HAS_SAME_WIDTH.test(value)) return false;
  if (
    free &&
    (OPERATOR_WORDS.has(value) || (startsTerm(value[1]) && value[0] === '-') || FIELD_RE.test(value))
  )
    return false;
  return true;
}

function formatValue(t: TermNode): string {
  const free = t.field === null;
  if (t.prefix) return `${t.value}*`;
  const bare = wordSafe(t.value, free) && (!t.phrase || analyse(t.value).length > 1);
  return bare ? t.value : `"${t.value}"`;
}

function format(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return `${node.field === null ? '' : `${node.field}:`}${formatValue(node)}`;
    case 'not':
      return `NOT ${node.child.kind === 'term' || node.child.kind === 'not' ? format(node.child) : `(${format(node.child)})`}`;
    case 'and':
    case 'or': {
      const parts = node.children.map((c) =>
        (c.kind === 'and' || c.kind === 'or') && c.children.length > 1 ? `(${format(c)})` : format(c),
      );
      return parts.join(node.kind === 'and' ? ' AND ' : ' OR ');
    }
  }
}

/**
 * The canonical text of a query: explicit AND/OR/NOT, parentheses around every group inside another
 * operator (so precedence is visible: `a OR b c` prints `a OR (b AND c)`), field on every term. Parsing the
 * output gives the same tree (spans aside).
 */
export function formatQuery(ast: QueryNode): string {
  return format(ast);
}
