import { describe, expect, it } from 'vitest';
import { inlineValues } from './client.ts';

describe('inlineValues', () => {
  it('writes strings, numbers and null as SQL literals in place of $n', () => {
    expect(inlineValues('insert into t values ($1, $2, $3, $1)', ["it's", 42, null])).toBe(
      "insert into t values ('it''s', 42, null, 'it''s')",
    );
  });

  it('leaves backslashes as they are (standard-conforming strings) and handles $10 after $1', () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    values[0] = 'a\\b';
    expect(inlineValues('select $1, $10', values)).toBe("select 'a\\b', 'v10'");
  });

  it('refuses a missing value, a non-finite number and a NUL character', () => {
    expect(() => inlineValues('select $2', ['x'])).toThrow(/no value for \$2/);
    expect(() => inlineValues('select $1', [Number.NaN])).toThrow(/finite/);
    expect(() => inlineValues('select $1', ['a\0b'])).toThrow(/NUL/);
  });
});
