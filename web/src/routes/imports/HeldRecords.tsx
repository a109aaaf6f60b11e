import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { ImportHeldRow } from '../../api/types';
import { ErrorAlert, Notice } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateTime } from '../../components/format';

/**
 * Records held because their vendor has no valid DPA for the candidate's region, with release and discard.
 * With `runId`, only that run's (the API lists held rows of the workspace; the filter is done here).
 */
export function HeldRecords({ runId }: { runId?: string }) {
  const queryClient = useQueryClient();
  const held = useQuery({
    queryKey: ['import-held', 'held'] as const,
    queryFn: () => unwrap(api.GET('/api/v1/import-held-rows', { params: { query: { limit: 200 } } })),
  });
  const [discarding, setDiscarding] = useState<ImportHeldRow | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: ({ row, action }: { row: ImportHeldRow; action: 'release' | 'discard' }) =>
      action === 'release'
        ? unwrap(
            api.POST('/api/v1/import-held-rows/{id}/release', { params: { path: { id: row.id } }, body: {} }),
          )
        : unwrap(
            api.POST('/api/v1/import-held-rows/{id}/discard', { params: { path: { id: row.id } }, body: {} }),
          ),
    onSuccess: async (row, { action }) => {
      setDone(`${row.name ?? 'The record'} ${action === 'release' ? 'released' : 'discarded'}.`);
      setDiscarding(null);
      await queryClient.invalidateQueries({ queryKey: ['import-held'] });
    },
  });
  const rows = (held.data?.items ?? []).filter((r) => !runId || r.runId === runId);
  return (
    <section aria-labelledby="held-h">
      <h2 id="held-h" className="subheading">
        Held for a data-processing agreement
      </h2>
      <p className="muted small">
        These records came from a vendor without a valid DPA for the candidate's region. Release stores one
        after all (through the same duplicate control); discard erases its data. Both are audited.
      </p>
      {done ? <Notice tone="success">{done}</Notice> : null}
      <ErrorAlert error={held.error ?? (discarding ? null : decide.error)} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Held records</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Country</th>
              <th scope="col">Reason</th>
              <th scope="col">Row</th>
              <th scope="col">Held</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.name ?? '—'}</td>
                <td>{r.country ?? '—'}</td>
                <td>{r.reasonText}</td>
                <td>
                  {r.runId && !runId ? (
                    <Link to="/imports/$id" params={{ id: r.runId }}>
                      run, row {r.rowNo ?? '—'}
                    </Link>
                  ) : (
                    (r.rowNo ?? '—')
                  )}
                </td>
                <td className="nowrap">{formatDateTime(r.createdAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ row: r, action: 'release' })}
                  >
                    Release<span className="visually-hidden"> {r.name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() => {
                      decide.reset();
                      setDiscarding(r);
                    }}
                  >
                    Discard<span className="visually-hidden"> {r.name}</span>
                  </button>
                </td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {held.isPending ? 'Loading…' : 'No records are waiting.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {discarding ? (
        <ConfirmDialog
          title={`Discard ${discarding.name ?? 'this record'}?`}
          confirmLabel="Discard record"
          pending={decide.isPending}
          error={decide.error}
          onConfirm={() => decide.mutate({ row: discarding, action: 'discard' })}
          onClose={() => setDiscarding(null)}
        >
          <p>The record is not stored and the personal data it carried is erased. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
