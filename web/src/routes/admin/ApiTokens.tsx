import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { ApiToken } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate, formatDateTime } from '../../components/format';
import { CreateTokenDialog } from './CreateTokenDialog';

type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(t: ApiToken, now = Date.now()): TokenStatus {
  if (t.revokedAt) return 'revoked';
  if (new Date(t.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const statusBadge: Record<TokenStatus, string> = {
  active: 'badge badge-ok',
  expired: 'badge badge-warn',
  revoked: 'badge badge-muted',
};

export function ApiTokens() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: () => unwrap(api.GET('/api/v1/api-tokens')) });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
      setRevoking(null);
    },
  });

  const items = tokens.data?.items ?? [];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>API tokens</h1>
          <p className="muted">
            Personal tokens for scripts and integrations. A token acts as you, limited to the scopes you give
            it.
          </p>
        </div>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New token
        </button>
      </header>
      <ErrorAlert error={tokens.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Your API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Token</th>
              <th scope="col">Scopes</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => {
              const status = tokenStatus(t);
              return (
                <tr key={t.id}>
                  <td className="cell-title">{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>
                    <ul className="tag-list">
                      {t.scopes.map((s) => (
                        <li key={s} className="tag">
                          {s}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <span className={statusBadge[status]}>{status}</span>
                  </td>
                  <td className="nowrap">{formatDate(t.expiresAt)}</td>
                  <td className="nowrap">{formatDateTime(t.lastUsedAt)}</td>
                  <td className="actions">
                    {status === 'active' ? (
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        onClick={() => {
                          revoke.reset();
                          setRevoking(t);
                        }}
                      >
                        Revoke<span className="visually-hidden"> {t.name}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
            {tokens.isPending ? (
              <tr>
                <td colSpan={7} className="empty">
                  Loading…
                </td>
              </tr>
            ) : items.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty">
                  You have no API tokens.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {creating ? <CreateTokenDialog onClose={() => setCreating(false)} /> : null}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke token ${revoking.name}?`}
          confirmLabel="Revoke token"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(revoking.id)}
          onClose={() => setRevoking(null)}
        >
          <p>Requests using this token will be refused at once. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
