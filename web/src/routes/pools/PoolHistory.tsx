import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { useUsers } from '../candidates/queries';

/** /pools/$id/history: who was added and removed, by whom and when, newest first. */
export function PoolHistory({ id }: { id: string }) {
  const { nameOf } = useUsers();
  const pool = useQuery({
    queryKey: ['pool', id],
    queryFn: () => unwrap(api.GET('/api/v1/pools/{id}', { params: { path: { id } } })),
  });
  const history = useInfiniteQuery({
    queryKey: ['pool-history', id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/pools/{id}/history', {
          params: { path: { id }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = history.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/pools">Pools</Link> <span aria-hidden="true">›</span> {pool.data?.name ?? '…'}
      </nav>
      <header className="page-header">
        <div>
          <h1>Membership history{pool.data ? `: ${pool.data.name}` : ''}</h1>
          <p className="muted">
            {pool.data ? `${pool.data.memberCount} current members. ` : ''}
            <Link to="/candidates" search={{ pool: id }}>
              Show the members
            </Link>
          </p>
        </div>
      </header>
      <ErrorAlert error={pool.error ?? history.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Membership history, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col">Added</th>
              <th scope="col">Removed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.candidateId}-${r.addedAt}`}>
                <td>
                  <Link to="/candidates/$id" params={{ id: r.candidateId }}>
                    {r.candidateName}
                  </Link>
                </td>
                <td>
                  {formatDateTime(r.addedAt)}
                  {r.addedBy ? <div className="muted small">by {nameOf(r.addedBy)}</div> : null}
                </td>
                <td>
                  {r.removedAt ? (
                    <>
                      {formatDateTime(r.removedAt)}
                      {r.removedBy ? <div className="muted small">by {nameOf(r.removedBy)}</div> : null}
                    </>
                  ) : (
                    <span className="badge badge-ok">member</span>
                  )}
                </td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} className="empty">
                  {history.isPending ? 'Loading…' : 'Nobody has been added yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {history.hasNextPage ? (
        <div className="load-more">
          <button
            type="button"
            className="button"
            onClick={() => history.fetchNextPage()}
            disabled={history.isFetchingNextPage}
          >
            {history.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
