import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { BulkActionBody, BulkResult } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { poolsQuery, STATUS_CODES, useStatusLabel, useUsers } from './queries';

export type Selection = BulkActionBody['selection'];
type Kind = 'tag' | 'add_to_pool' | 'remove_from_pool' | 'set_owner' | 'set_status';

const TITLES: Record<Kind, string> = {
  tag: 'Tag or untag',
  add_to_pool: 'Add to pool',
  remove_from_pool: 'Remove from pool',
  set_owner: 'Set owner',
  set_status: 'Set status',
};

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

interface Props {
  selection: Selection;
  count: number;
  /** The pool the list is showing, which enables "Remove from pool". */
  poolId?: string | undefined;
  onDone: (result: BulkResult, action: string) => void;
}

/** The bulk action buttons for the current selection, each with its own small form. */
export function BulkActions({ selection, count, poolId, onDone }: Props) {
  const [open, setOpen] = useState<Kind | null>(null);
  const kinds: Kind[] = [
    'tag',
    'add_to_pool',
    ...(poolId ? (['remove_from_pool'] as const) : []),
    'set_owner',
    'set_status',
  ];
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <span className="bulk-count">{count} selected</span>
      {kinds.map((k) => (
        <button key={k} type="button" className="button button-small" onClick={() => setOpen(k)}>
          {TITLES[k]}…
        </button>
      ))}
      {open ? (
        <BulkDialog
          kind={open}
          selection={selection}
          count={count}
          poolId={poolId}
          onClose={() => setOpen(null)}
          onDone={(r) => {
            setOpen(null);
            onDone(r, TITLES[open]);
          }}
        />
      ) : null}
    </div>
  );
}

function BulkDialog({
  kind,
  selection,
  count,
  poolId,
  onClose,
  onDone,
}: {
  kind: Kind;
  selection: Selection;
  count: number;
  poolId: string | undefined;
  onClose: () => void;
  onDone: (r: BulkResult) => void;
}) {
  const queryClient = useQueryClient();
  const statusLabel = useStatusLabel();
  const { users, label: userLabel } = useUsers();
  const pools = useQuery({ ...poolsQuery(), enabled: kind === 'add_to_pool' });
  const [add, setAdd] = useState('');
  const [remove, setRemove] = useState('');
  const [pool, setPool] = useState('');
  const [owner, setOwner] = useState('');
  const [status, setStatus] = useState('');

  const action = (): BulkActionBody['action'] => {
    switch (kind) {
      case 'tag':
        return { type: 'tag', add: splitList(add), remove: splitList(remove) };
      case 'add_to_pool':
        return { type: 'add_to_pool', poolId: pool };
      case 'remove_from_pool':
        return { type: 'remove_from_pool', poolId: poolId ?? '' };
      case 'set_owner':
        return { type: 'set_owner', ownerId: owner || null };
      case 'set_status':
        return { type: 'set_status', status };
    }
  };
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/candidates/bulk', { body: { selection, action: action() } })),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['candidates'] });
      await queryClient.invalidateQueries({ queryKey: ['candidate'] });
      await queryClient.invalidateQueries({ queryKey: ['pools'] });
      await queryClient.invalidateQueries({ queryKey: ['pool'] });
      await queryClient.invalidateQueries({ queryKey: ['pool-history'] });
      await queryClient.invalidateQueries({ queryKey: ['segment-count'] });
      onDone(r);
    },
  });
  const errors = fieldErrorsOf(run.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate();
  };
  const who = `${count} candidate${count === 1 ? '' : 's'}`;

  return (
    <Dialog title={TITLES[kind]} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={run.error} />
        <p className="muted">Applies to {who}.</p>
        {kind === 'tag' ? (
          <>
            <TextField
              label="Add tags"
              hint="Comma-separated"
              value={add}
              onChange={(e) => setAdd(e.target.value)}
              error={errors['action.add']}
              autoFocus
            />
            <TextField
              label="Remove tags"
              hint="Comma-separated"
              value={remove}
              onChange={(e) => setRemove(e.target.value)}
              error={errors['action.remove']}
            />
          </>
        ) : null}
        {kind === 'add_to_pool' ? (
          <div className="field">
            <label htmlFor="bulk-pool">Pool</label>
            <select id="bulk-pool" value={pool} onChange={(e) => setPool(e.target.value)} required>
              <option value="">Choose a pool…</option>
              {(pools.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.memberCount})
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {kind === 'remove_from_pool' ? (
          <p>They leave the pool; the membership history keeps the record.</p>
        ) : null}
        {kind === 'set_owner' ? (
          <div className="field">
            <label htmlFor="bulk-owner">New owner</label>
            <select id="bulk-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">Nobody</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {userLabel(u)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {kind === 'set_status' ? (
          <div className="field">
            <label htmlFor="bulk-status">New status</label>
            <select id="bulk-status" value={status} onChange={(e) => setStatus(e.target.value)} required>
              <option value="">Choose a status…</option>
              {STATUS_CODES.map((c) => (
                <option key={c} value={c}>
                  {statusLabel(c)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={
              run.isPending || (kind === 'add_to_pool' && !pool) || (kind === 'set_status' && !status)
            }
          >
            {run.isPending ? 'Working…' : `Apply to ${who}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** What a bulk action did, in words, with the candidates it could not change. */
export function BulkSummary({
  result,
  action,
  onDismiss,
}: {
  result: BulkResult;
  action: string;
  onDismiss: () => void;
}) {
  return (
    <div
      className={`alert ${result.failed.length ? 'alert-warning' : 'alert-success'} bulk-summary`}
      role="status"
    >
      <strong>{action}:</strong> {result.changed} changed, {result.unchanged} already so
      {result.failed.length ? `, ${result.failed.length} failed` : ''} (of {result.matched}).
      {result.failed.length ? (
        <ul className="small">
          {result.failed.slice(0, 10).map((f) => (
            <li key={f.id}>
              <code>{f.id.slice(0, 8)}</code> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
