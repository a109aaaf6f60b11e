import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { Pool } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Checkbox, TextField } from '../../components/Field';
import { formatDate } from '../../components/format';
import { poolsQuery } from '../candidates/queries';
import { EnrollButton } from '../outreach/EnrollButton';

/** /pools: static lists of candidates with member counts; a pool opens the candidate list filtered to it. */
export function Pools() {
  const session = useSession();
  const mayWrite = can(session, 'pools:write');
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const [archiving, setArchiving] = useState<Pool | null>(null);
  const pools = useQuery(poolsQuery(showArchived));
  const queryClient = useQueryClient();
  const setArchived = useMutation({
    mutationFn: ({ id, archived }: { id: string; archived: boolean }) =>
      unwrap(api.PATCH('/api/v1/pools/{id}', { params: { path: { id } }, body: { archived } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['pools'] });
      setArchiving(null);
    },
  });
  const items = pools.data?.items ?? [];

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Pools</h1>
          <p className="muted">
            Static lists of candidates you curate by hand. Membership keeps its history.
          </p>
        </div>
        {mayWrite ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New pool
          </button>
        ) : null}
      </header>
      <div className="toolbar">
        <Checkbox label="Show archived pools" checked={showArchived} onChange={setShowArchived} />
      </div>
      <ErrorAlert error={pools.error ?? setArchived.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Pools</caption>
          <thead>
            <tr>
              <th scope="col">Pool</th>
              <th scope="col">Members</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id} className={p.archived ? 'row-muted' : undefined}>
                <td>
                  <Link to="/candidates" search={{ pool: p.id }} className="cell-title">
                    {p.name}
                  </Link>
                  {p.archived ? <span className="badge">archived</span> : null}
                  {p.description ? <div className="muted small">{p.description}</div> : null}
                </td>
                <td>{p.memberCount.toLocaleString()}</td>
                <td className="nowrap">{formatDate(p.createdAt)}</td>
                <td className="actions">
                  <Link to="/pools/$id/history" params={{ id: p.id }} className="button button-small">
                    History<span className="visually-hidden"> of {p.name}</span>
                  </Link>
                  {p.archived ? null : (
                    <EnrollButton
                      selection={{ poolId: p.id }}
                      what={`the ${p.memberCount} members of the pool ${p.name}`}
                      label="Enroll"
                      hiddenLabel={`${p.name} in a sequence`}
                    />
                  )}
                  {mayWrite ? (
                    p.archived ? (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setArchived.mutate({ id: p.id, archived: false })}
                      >
                        Restore<span className="visually-hidden"> {p.name}</span>
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        onClick={() => {
                          setArchived.reset();
                          setArchiving(p);
                        }}
                      >
                        Archive<span className="visually-hidden"> {p.name}</span>
                      </button>
                    )
                  ) : null}
                </td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  {pools.isPending ? 'Loading…' : 'No pools yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {creating ? <CreatePoolDialog onClose={() => setCreating(false)} /> : null}
      {archiving ? (
        <ConfirmDialog
          title={`Archive pool ${archiving.name}?`}
          confirmLabel="Archive pool"
          pending={setArchived.isPending}
          error={setArchived.error}
          onConfirm={() => setArchived.mutate({ id: archiving.id, archived: true })}
          onClose={() => setArchiving(null)}
        >
          <p>The pool is hidden from lists; its members and history are kept, and you can restore it.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function CreatePoolDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/pools', { body: { name: name.trim(), description: description.trim() } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['pools'] });
      onClose();
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Dialog title="New pool" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={create.error} fields={['name', 'description']} />
        <TextField
          label="Name"
          required
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <TextField
          label="Description (optional)"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
        />
        <p className="muted small">
          Add candidates from the candidate list: select them, then “Add to pool”.
        </p>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create pool'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
