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
