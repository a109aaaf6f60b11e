import { describe, expect, it } from 'vitest';
import { inlineValues } from './client.ts';

describe('inlineValues', () => {
  it('writes strings as escape strings, numbers in parentheses and null in place of $n', () => {
    expect(inlineValues('insert into t values ($1, $2, $3, $1)', ["it's", 42, null])).toBe(
      "insert into t values (E'it''s', (42), null, E'it''s')",
    );
  });

  it('doubles backslashes (the same text whatever standard_conforming_strings says) and tells $10 from $1', () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    values[0] = 'a\\b';
    expect(inlineValues('select $1, $10', values)).toBe("select E'a\\\\b', E'v10'");
  });

  it('keeps a negative number one term: no comment after a minus, no cast of the bare digits', () => {
    expect(inlineValues('select $1-$2, $2::text', [3, -1])).toBe('select (3)-(-1), (-1)::text');
  });

  it('refuses a missing value, a non-finite number and a NUL character', () => {
    expect(() => inlineValues('select $2', ['x'])).toThrow(/no value for \$2/);
    expect(() => inlineValues('select $1', [Number.NaN])).toThrow(/finite/);
    expect(() => inlineValues('select $1', ['a\0b'])).toThrow(/NUL/);
  });
});
