import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import '../../components/extra.css';
import { HeldRecords } from './HeldRecords';
import { formatBytes, formatLabel, isFinished } from './queries';
import { statusBadge } from './RunPage';

/** /imports: the history of import runs, newest first, refreshed while any of them is still going. */
export function ImportHistory() {
  const session = useSession();
  const runs = useInfiniteQuery({
    queryKey: ['imports'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/imports', {
          params: { query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) =>
        p.items.some((r) => !isFinished(r.status) && r.status !== 'awaiting_mapping'),
      )
        ? 2000
        : false,
  });
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Imports</h1>
          <p className="muted">Every file brought in, with what became of its rows.</p>
        </div>
        {can(session, 'imports:run') ? (
          <Link to="/imports/new" className="button button-primary">
            New import
          </Link>
        ) : null}
      </header>
      <ErrorAlert error={runs.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Import runs</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col">Source</th>
              <th scope="col">Read</th>
              <th scope="col">Created</th>
              <th scope="col">Merged</th>
              <th scope="col">Held</th>
              <th scope="col">Rejected</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to="/imports/$id" params={{ id: r.id }} className="cell-title">
                    {r.fileName ?? `${formatLabel(r.format)} import`}
                  </Link>
                  <div className="muted small">
                    {formatLabel(r.format)} · {formatBytes(r.fileBytes)}
                    {r.sourcer ? ` · by ${r.sourcer}` : ''}
                    {r.campaign ? ` · ${r.campaign}` : ''}
                  </div>
                </td>
                <td>
                  {statusBadge(r.status)}
                  {r.status === 'running' ? <div className="muted small">{r.progress.percent}%</div> : null}
                </td>
                <td>{r.source.code}</td>
                <td>{r.counts.rowsRead.toLocaleString()}</td>
                <td>{r.counts.created.toLocaleString()}</td>
                <td>{r.counts.merged.toLocaleString()}</td>
                <td>
                  {(r.counts.heldForReview + r.counts.heldForDpa).toLocaleString()}
                  {r.counts.heldForDpa ? (
                    <div className="muted small">{r.counts.heldForDpa} for DPA</div>
                  ) : null}
                </td>
                <td>{r.counts.rejected.toLocaleString()}</td>
                <td className="nowrap">
                  {formatDateTime(r.startedAt ?? r.createdAt)}
                  <div className="muted small">uploaded by {r.createdByName ?? 'the system'}</div>
                </td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={9} className="empty">
                  {runs.isPending ? 'Loading…' : 'No imports yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {runs.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => runs.fetchNextPage()}
          disabled={runs.isFetchingNextPage}
        >
          {runs.isFetchingNextPage ? 'Loading…' : 'Older imports'}
        </button>
      ) : null}
      {can(session, 'imports:release_held') ? (
        <div className="panel panel-wide">
          <HeldRecords />
        </div>
      ) : null}
    </div>
  );
}
