import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** A row's remove button, named after the row for screen readers. */
export function RemoveRow({ what, onRemove }: { what: string; onRemove: () => void }) {
  return (
    <button type="button" className="button button-small button-danger-quiet field" onClick={onRemove}>
      Remove<span className="visually-hidden"> {what}</span>
    </button>
  );
}

/** A re-scan's progress, polled until it ends. */
export function ScanProgress({ id }: { id: string }) {
  const scan = useQuery({
    queryKey: ['duplicate-scan', id] as const,
    queryFn: () => unwrap(api.GET('/api/v1/duplicates/scans/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && ['done', 'failed'].includes(q.state.data.status) ? false : 1000),
  });
  const s = scan.data;
  if (!s) return null;
  return (
    <p role="status" className="muted">
      Re-scan {s.status} ({s.phase === 'keys' ? 'building keys' : 'comparing'}):{' '}
      {s.processed.toLocaleString()} of {s.total.toLocaleString()} records, {s.pairsFound.toLocaleString()}{' '}
      pairs found.
    </p>
  );
}

/** Nickname groups as text: one group per line, names separated by commas. */
export const nicknamesText = (groups: string[][]) => groups.map((g) => g.join(', ')).join('\n');
export const parseNicknames = (text: string) =>
  text
    .split('\n')
    .map((l) =>
      l
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    )
    .filter((g) => g.length > 0);

/** Source trust as text: one `source = 0..100` per line. */
export const trustText = (trust: Record<string, number>) =>
  Object.entries(trust)
    .map(([s, n]) => `${s} = ${n}`)
    .join('\n');
export const parseTrust = (text: string): Record<string, number> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.split('='))
      .filter((p) => p.length === 2 && p[0]?.trim())
      .map(([s, n]) => [s?.trim() ?? '', Number(n?.trim())]),
  );

/** The first error at or under a path (for a field edited as one block of text). */
export const errorUnder = (errors: Record<string, string>, prefix: string) =>
  Object.entries(errors).find(([f]) => f === prefix || f.startsWith(`${prefix}.`))?.[1];

/** Numbers are edited as text so that a half-typed value stays on screen; the server validates them. */
export const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
