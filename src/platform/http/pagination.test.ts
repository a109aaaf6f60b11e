import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { decodeCursor, encodeCursor, toPage } from './pagination.ts';

describe('cursors', () => {
  it('round-trip a sort key', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.000Z', 'abc']), 2)).toEqual([
      '2026-01-01T00:00:00.000Z',
      'abc',
    ]);
    expect(decodeCursor(undefined, 2)).toBeUndefined();
  });
  it('refuse garbage, a wrong arity or a key the list does not accept, naming the cursor field', () => {
    for (const bad of ['nope', encodeCursor([1]), encodeCursor(['x', 'y'])]) {
      try {
        decodeCursor(bad, 2, ([a]) => a !== 'x');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).fields[0]?.field).toBe('cursor');
      }
    }
  });
});

describe('toPage', () => {
  it('gives a next cursor only when there is more', () => {
    const rows = [1, 2, 3];
    expect(toPage(rows, 2, (r) => [r], String)).toEqual({ items: ['1', '2'], nextCursor: encodeCursor([2]) });
    expect(toPage(rows, 3, (r) => [r], String)).toEqual({ items: ['1', '2', '3'], nextCursor: null });
  });
});
