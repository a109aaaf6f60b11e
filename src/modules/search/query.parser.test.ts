import { describe, expect, it } from 'vitest';
import { type QueryNode, QuerySyntaxError, type TermNode } from './query.ast.ts';
import { formatQuery, parseQuery } from './query.parser.ts';

const fmt = (q: string) => {
  const ast = parseQuery(q);
  return ast && formatQuery(ast);
};

function errorOf(q: string): { code: string; message: string; position: number; length: number } {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof QuerySyntaxError)
      return { code: e.code, message: e.message, position: e.position, length: e.length };
    throw e;
  }
  throw new Error(`no error for ${q}`);
}

/** The tree without spans, for structural comparison. */
function shape(n: QueryNode | null): unknown {
  if (n === null) return null;
  switch (n.kind) {
    case 'term':
      return {
        t: n.field ? `${n.field}:${n.value}` : n.value,
        ...(n.phrase ? { phrase: true } : {}),
        ...(n.prefix ? { prefix: true } : {}),
      };
    case 'not':
      return { not: shape(n.child) };
    default:
      return { [n.kind]: n.children.map(shape) };
  }
}

describe('parseQuery: structure and precedence', () => {
  it.each([
    ['java', 'java'],
    ['a OR b c', 'a OR (b AND c)'],
    ['a b OR c', '(a AND b) OR c'],
    ['a AND b OR c AND d', '(a AND b) OR (c AND d)'],
    ['(a OR b) c', '(a OR b) AND c'],
    ['NOT a OR b', 'NOT a OR b'],
    ['NOT a b', 'NOT a AND b'],
    ['NOT (a OR b) c', 'NOT (a OR b) AND c'],
    ['NOT NOT a', 'NOT NOT a'],
    ['a NOT b', 'a AND NOT b'],
    ['a OR NOT b', 'a OR NOT b'],
    ['a and b', 'a AND and AND b'],
    ['a or b not c', 'a AND or AND b AND not AND c'],
    ['And Or Not', 'And AND Or AND Not'],
    ['"C++" OR "C#"', '"C++" OR "C#"'],
    ['C++ OR C# OR .NET', 'C++ OR C# OR .NET'],
    ['title:"senior engineer" NOT company:acme', 'title:"senior engineer" AND NOT company:acme'],
    ['((a OR b) c) OR (d (e OR NOT f))', '((a OR b) AND c) OR (d AND (e OR NOT f))'],
    ['(((a)))', 'a'],
    ['a (b (c (d OR e)))', 'a AND b AND c AND (d OR e)'],
    ['title:(engineer OR developer) -java', '(title:engineer OR title:developer) AND NOT java'],
    ['title:(senior (engineer OR developer))', 'title:senior AND (title:engineer OR title:developer)'],
    ['NOT title:(a OR b)', 'NOT (title:a OR title:b)'],
    ['-java -"spring boot" -(a OR b)', 'NOT java AND NOT "spring boot" AND NOT (a OR b)'],
    ['e-mail front-end', 'e-mail AND front-end'],
    ['a - b', 'a AND - AND b'],
    ['a -', 'a AND -'],
    ['--java', '--java'],
    ['Title:x SKILL:C++', 'title:x AND skill:C++'],
    ['title:OR', 'title:OR'],
    ['"OR" "a b"', '"OR" AND "a b"'],
    ['engin* title:dev* front-en*', 'engin* AND title:dev* AND front-en*'],
    ['NOT(a)OR(b)', 'NOT a OR b'],
    ['a"b c"d', 'a AND "b c" AND d'],
    ['12:30', '12:30'],
    ['“senior engineer” ‘quoted’', `"senior engineer" AND 'quoted'`],
    ['（a　OR　b）', 'a OR b'],
    ['status:"Not interested" f_1:x', 'status:"Not interested" AND f_1:x'],
  ])('%s  ⇒  %s', (q, expected) => {
    expect(fmt(q)).toBe(expected);
  });

  it('treats blank input as no condition', () => {
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('  \t\n  ')).toBeNull();
  });

  it('builds the documented tree', () => {
    expect(shape(parseQuery('a OR b c'))).toEqual({ or: [{ t: 'a' }, { and: [{ t: 'b' }, { t: 'c' }] }] });
    expect(shape(parseQuery('NOT a OR b'))).toEqual({ or: [{ not: { t: 'a' } }, { t: 'b' }] });
    expect(shape(parseQuery('a AND (b AND c) d'))).toEqual({
      and: [{ t: 'a' }, { t: 'b' }, { t: 'c' }, { t: 'd' }],
    });
    expect(shape(parseQuery('front-end "C++" engin*'))).toEqual({
      and: [
        { t: 'front-end', phrase: true },
        { t: 'C++', phrase: true },
        { t: 'engin', prefix: true },
      ],
    });
  });

  it('keeps spans in the original input (curly quotes and fullwidth characters included)', () => {
    const q = 'x “senior dev” title:(a OR b) company:acme* -java';
    const ast = parseQuery(q)!;
    const terms: TermNode[] = [];
    const walk = (n: QueryNode) => {
      if (n.kind === 'term') terms.push(n);
      else if (n.kind === 'not') walk(n.child);
      else n.children.forEach(walk);
    };
    walk(ast);
    expect(terms.map((t) => q.slice(t.span.start, t.span.end))).toEqual([
      'x',
      '“senior dev”',
      'a',
      'b',
      'company:acme*',
      'java',
    ]);
    expect(terms.map((t) => t.fieldSpan && q.slice(t.fieldSpan.start, t.fieldSpan.end))).toEqual([
      undefined,
      undefined,
      'title:',
      'title:',
      'company:',
      undefined,
    ]);
    expect(terms[1]).toMatchObject({ value: 'senior dev', phrase: true, prefix: false });
    expect(terms[4]).toMatchObject({ field: 'company', value: 'acme', prefix: true });
  });
});

describe('parseQuery: errors with positions in the original input', () => {
  it.each([
    [
      '(java OR python',
      'missing_paren',
      0,
      1,
      'Missing closing parenthesis for the one opened at character 1',
    ],
    ['a (b (c) d', 'missing_paren', 2, 1, 'Missing closing parenthesis for the one opened at character 3'],
    ['title:(a OR b', 'missing_paren', 6, 1, 'Missing closing parenthesis for the one opened at character 7'],
    ['a OR', 'missing_operand', 2, 2, 'OR needs a term on its right'],
    ['a OR )', 'missing_operand', 2, 2, 'OR needs a term on its right'],
    ['OR a', 'missing_operand', 0, 2, 'OR needs a term on its left'],
    ['(OR a)', 'missing_operand', 1, 2, 'OR needs a term on its left'],
    ['a AND', 'missing_operand', 2, 3, 'AND needs a term on its right'],
    ['AND a', 'missing_operand', 0, 3, 'AND needs a term on its left'],
    ['a AND OR b', 'missing_operand', 2, 3, 'AND needs a term on its right'],
    ['a OR OR b', 'missing_operand', 2, 2, 'OR needs a term on its right'],
    ['NOT', 'missing_operand', 0, 3, 'NOT needs a term on its right'],
    ['a NOT', 'missing_operand', 2, 3, 'NOT needs a term on its right'],
    ['(a NOT)', 'missing_operand', 3, 3, 'NOT needs a term on its right'],
    ['NOT OR b', 'missing_operand', 0, 3, 'NOT needs a term on its right'],
    ['a )', 'unexpected_paren', 2, 1, 'Unexpected ) at character 3: there is no ( for it to close'],
    [')', 'unexpected_paren', 0, 1, 'Unexpected ) at character 1: there is no ( for it to close'],
    ['(a) b)', 'unexpected_paren', 5, 1, 'Unexpected ) at character 6: there is no ( for it to close'],
    ['()', 'empty_group', 0, 2, 'Empty parentheses'],
    ['a ( ) b', 'empty_group', 2, 3, 'Empty parentheses'],
    ['title:()', 'empty_group', 6, 2, 'Empty parentheses'],
    ['java "senior', 'unclosed_quote', 5, 1, 'Unclosed quote opened at character 6: add the closing "'],
    ['java “senior', 'unclosed_quote', 5, 1, 'Unclosed quote opened at character 6: add the closing "'],
    ['a "" b', 'empty_quotes', 2, 2, 'Empty quotes at character 3'],
    ['"   "', 'empty_quotes', 0, 5, 'Empty quotes at character 1'],
    ['c*', 'prefix_too_short', 0, 2, 'A prefix search needs at least 2 characters before the *'],
    ['a *', 'prefix_too_short', 2, 1, 'A prefix search needs at least 2 characters before the *'],
    ['title:c*', 'prefix_too_short', 6, 2, 'A prefix search needs at least 2 characters before the *'],
    ['en*gine', 'misplaced_wildcard', 2, 1, 'A * (prefix search) can only end a word, as in engin*'],
    ['engin**', 'misplaced_wildcard', 5, 1, 'A * (prefix search) can only end a word, as in engin*'],
    [
      '"senior dev"*',
      'misplaced_wildcard',
      12,
      1,
      'A * (prefix search) can only end a word, not a quoted phrase',
    ],
  ])('%s → %s at %i+%i', (q, code, position, length, message) => {
    expect(errorOf(q)).toEqual({ code, position, length, message });
  });

  it.each([
    ['title: engineer', 0, 6, 'title:'],
    ['java title:', 5, 6, 'title:'],
    ['a location:)', 2, 9, 'location:'],
  ])('empty field value: %s', (q, position, length, field) => {
    const e = errorOf(q);
    expect(e).toMatchObject({ code: 'empty_field_value', position, length });
    expect(e.message).toMatch(new RegExp(`^Empty field value after ${field}`));
  });

  it('refuses a field inside a field group', () => {
    expect(errorOf('title:(a OR company:x)')).toMatchObject({
      code: 'nested_field',
      position: 12,
      length: 8,
    });
  });

  it('limits length, depth and term count, naming the limit', () => {
    const long = errorOf('a'.repeat(2001));
    expect(long).toMatchObject({ code: 'query_too_long', position: 2000, length: 1 });
    expect(long.message).toContain('2,000 characters');
    expect(parseQuery('a'.repeat(2000))).not.toBeNull();

    const deep = `${'('.repeat(33)}a${')'.repeat(33)}`;
    expect(errorOf(deep)).toMatchObject({ code: 'too_deep', position: 32, length: 1 });
    expect(errorOf(deep).message).toContain('32 levels');
    expect(parseQuery(`${'('.repeat(32)}a${')'.repeat(32)}`)).not.toBeNull();
    expect(errorOf(`${'NOT '.repeat(33)}a`)).toMatchObject({ code: 'too_deep', position: 128, length: 3 });

    const many = Array.from({ length: 201 }, (_, i) => `w${i}`).join(' ');
    const e = errorOf(many);
    expect(e).toMatchObject({ code: 'too_many_terms', position: many.lastIndexOf('w200'), length: 4 });
    expect(e.message).toContain('200 terms');
    expect(errorOf(`title:(${Array.from({ length: 201 }, () => 'x').join(' ')})`).code).toBe(
      'too_many_terms',
    );
  });
});

describe('formatQuery', () => {
  it.each([
    'a OR (b AND c)',
    'title:"senior engineer" AND NOT company:acme',
    'NOT (a OR b)',
    '"C++" OR C#',
    'skill:"node.js"',
    'tag:"silver medalist"',
    '"AND" AND "-x" AND "title:x" AND - AND --x AND x-',
    'front-end AND "front end"',
  ])('round-trips %s', (q) => {
    const once = fmt(q)!;
    expect(fmt(once)).toBe(once);
    expect(shape(parseQuery(once))).toEqual(shape(parseQuery(q)));
  });

  it('prints programmatic terms safely', () => {
    const term = (field: string | null, value: string): TermNode => ({
      kind: 'term',
      field,
      value,
      phrase: false,
      prefix: false,
      span: { start: 0, end: 0 },
    });
    const ast: QueryNode = { kind: 'and', children: [term('tag', 'silver medalist'), term(null, 'OR')] };
    expect(formatQuery(ast)).toBe('tag:"silver medalist" AND "OR"');
  });
});
