import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Role } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { rolesQuery } from './queries';
import { RoleDialog } from './RoleDialog';

export function Roles() {
  const canWrite = can(useSession(), 'roles:write');
  const roles = useQuery(rolesQuery);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);

  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/roles/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['roles'] });
      setDeleting(null);
    },
  });

  const items = roles.data?.items ?? [];
  const sorted = [...items].sort(
    (a, b) => Number(b.builtin) - Number(a.builtin) || a.name.localeCompare(b.name),
  );

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Roles</h1>
          <p className="muted">
            A role is a set of permissions. Built-in roles follow the product as it grows; custom roles hold
            exactly what you tick.
          </p>
        </div>
        {canWrite ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New role
          </button>
        ) : null}
      </header>
      <ErrorAlert error={roles.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Roles</caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Kind</th>
              <th scope="col">Permissions</th>
              <th scope="col">Users</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.id}>
                <td>
                  <div className="cell-title">{r.name}</div>
                  <div className="muted small">
                    <code>{r.key}</code>
                    {r.description ? ` · ${r.description}` : ''}
                  </div>
                </td>
                <td>
                  <span className={r.builtin ? 'badge' : 'badge badge-accent'}>
                    {r.builtin ? 'Built-in' : 'Custom'}
                  </span>
                </td>
                <td>{r.permissions.length}</td>
                <td>{r.userCount}</td>
                <td className="actions">
                  <button type="button" className="button button-small" onClick={() => setEditing(r)}>
                    {r.builtin || !canWrite ? 'View' : 'Edit'}
                    <span className="visually-hidden"> {r.name}</span>
                  </button>
                  {!r.builtin && canWrite ? (
                    <button
                      type="button"
                      className="button button-small button-danger-quiet"
                      onClick={() => {
                        remove.reset();
                        setDeleting(r);
                      }}
                    >
                      Delete<span className="visually-hidden"> {r.name}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
            {roles.isPending ? (
              <tr>
                <td colSpan={5} className="empty">
                  Loading…
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {editing ? (
        <RoleDialog
          role={editing === 'new' ? null : editing}
          readOnly={editing !== 'new' && (editing.builtin || !canWrite)}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete role ${deleting.name}?`}
          confirmLabel="Delete role"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(deleting.id)}
          onClose={() => setDeleting(null)}
        >
          <p>
            {deleting.userCount > 0
              ? `${deleting.userCount} user(s) hold this role and will lose its permissions.`
              : 'No user holds this role.'}
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
