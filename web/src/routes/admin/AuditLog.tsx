import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { AuditQuery } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { AuditFilters } from './AuditFilters';
import { AuditRow } from './AuditRow';
import { PAGE_SIZE } from './queries';

export function AuditLog() {
  const [filters, setFilters] = useState<AuditQuery>({});
  const events = useInfiniteQuery({
    queryKey: ['audit-events', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/audit-events', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const verify = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/audit-events/verify')) });
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">
            Every change to configuration and data, chained by hash so that tampering shows.
          </p>
        </div>
        <button type="button" className="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? 'Verifying…' : 'Verify chain'}
        </button>
      </header>

      <div aria-live="polite">
        <ErrorAlert error={verify.error} />
        {verify.data ? (
          verify.data.ok ? (
            <div className="alert alert-success" role="status">
              Chain intact: {verify.data.checked} entries checked, no tampering found.
            </div>
          ) : (
            <div className="alert alert-error" role="alert">
              Chain broken
              {verify.data.firstBroken
                ? ` at entry #${verify.data.firstBroken.seq} (${verify.data.firstBroken.reason})`
                : ''}
              . {verify.data.checked} entries checked.
            </div>
          )
        ) : null}
      </div>

      <AuditFilters value={filters} onChange={setFilters} />
      <ErrorAlert error={events.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Entity</th>
              <th scope="col">Entity ID</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <AuditRow key={e.id} event={e} />
            ))}
            {events.isPending ? (
              <tr>
                <td colSpan={6} className="empty">
                  Loading…
                </td>
              </tr>
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {filtered ? 'No entry matches these filters.' : 'No entries yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {events.hasNextPage ? (
        <div className="load-more">
          <button
            type="button"
            className="button"
            onClick={() => events.fetchNextPage()}
            disabled={events.isFetchingNextPage}
          >
            {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
