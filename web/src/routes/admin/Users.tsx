import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { User } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { PAGE_SIZE } from './queries';
import { CreateUserDialog, EditUserDialog } from './UserDialogs';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function Users() {
  const canWrite = can(useSession(), 'users:write');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);

  const users = useInfiniteQuery({
    queryKey: ['users', { q }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/users', {
          params: {
            query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}), ...(q ? { q } : {}) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Users</h1>
          <p className="muted">People who can sign in to this workspace, and the roles they hold.</p>
        </div>
        {canWrite ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New user
          </button>
        ) : null}
      </header>

      <search className="toolbar">
        <label htmlFor="user-search" className="visually-hidden">
          Search users
        </label>
        <input
          id="user-search"
          type="search"
          placeholder="Search by name or email"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </search>

      <ErrorAlert error={users.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td className="nowrap">{u.email}</td>
                <td>{u.roles.map((r) => r.name).join(', ') || <span className="muted">None</span>}</td>
                <td>
                  <span className={u.status === 'active' ? 'badge badge-ok' : 'badge badge-muted'}>
                    {u.status}
                  </span>
                </td>
                <td className="nowrap">{formatDateTime(u.lastSignInAt)}</td>
                <td className="actions">
                  {canWrite ? (
                    <button type="button" className="button button-small" onClick={() => setEditing(u)}>
                      Edit<span className="visually-hidden"> {u.name}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
            {users.isPending ? (
              <tr>
                <td colSpan={6} className="empty">
                  Loading…
                </td>
              </tr>
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {q ? `No user matches “${q}”.` : 'No users yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {users.hasNextPage ? (
        <div className="load-more">
          <button
            type="button"
            className="button"
            onClick={() => users.fetchNextPage()}
            disabled={users.isFetchingNextPage}
          >
            {users.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}

      {creating ? <CreateUserDialog onClose={() => setCreating(false)} /> : null}
      {editing ? <EditUserDialog user={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}
