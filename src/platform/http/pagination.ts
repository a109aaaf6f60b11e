import { z } from 'zod';
import { invalid } from '../errors.ts';

/**
 * Cursor pagination, the convention for every list: `?limit=&cursor=`; the response carries `items` and
 * `nextCursor` (null on the last page). A cursor is an opaque token of the last row's sort key.
 */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1 to 200'),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** `valid` checks the key's parts (a tampered cursor must give 400, not a database error). */
export function decodeCursor(
  cursor: string | undefined,
  arity: number,
  valid: (key: (string | number)[]) => boolean = () => true,
): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === arity &&
      v.every((x) => typeof x === 'string' || typeof x === 'number') &&
      valid(v)
    ) {
      return v;
    }
  } catch {
    // fall through
  }
  throw invalid('bad_cursor', 'The cursor is not valid for this list', [
    { field: 'cursor', message: 'not a cursor returned by this list' },
  ]);
}

/** Turn `limit + 1` fetched rows into a page; `keyOf` gives the sort key of the last row. */
export function toPage<R, V>(
  rows: R[],
  limit: number,
  keyOf: (r: R) => (string | number)[],
  view: (r: R) => V,
) {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(view);
  const last = more ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(keyOf(last)) : null };
}
