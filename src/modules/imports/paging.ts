import { decodeCursor } from '../../platform/http/pagination.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The (created at, id) keyset cursor of this module's newest-first lists; a tampered one is a 400. */
export function timeIdCursor(cursor: string | undefined): [string, string] | undefined {
  return decodeCursor(
    cursor,
    2,
    ([at, id]) =>
      typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && UUID.test(id),
  ) as [string, string] | undefined;
}
