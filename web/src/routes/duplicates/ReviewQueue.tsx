import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Candidate, DuplicatePair } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import '../../components/extra.css';
import { SelectField } from '../../components/SelectField';
import { MergeDialog } from './MergeDialog';
import { PairComparison } from './PairComparison';
import { type PairStatus, pairsQuery } from './queries';
import { UndoPairMerge } from './UndoMerge';

const STATUSES: { value: PairStatus; label: string }[] = [
  { value: 'pending', label: 'Waiting for review' },
  { value: 'skipped', label: 'Skipped' },
  { value: 'not_duplicate', label: 'Not duplicates' },
  { value: 'merged', label: 'Merged' },
];

const bothPresent = (p: DuplicatePair): p is DuplicatePair & { a: Candidate; b: Candidate } => !!p.a && !!p.b;

/** /duplicates: the review queue, best score first; one pair at a time side by side with its evidence. */
export function ReviewQueue() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<PairStatus>('pending');
  const [selected, setSelected] = useState<string | null>(null);
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const pairs = useQuery(pairsQuery(status));
  const items = pairs.data?.items ?? [];
  const current = items.find((p) => p.id === selected) ?? items[0] ?? null;
  const decidable = current && (current.status === 'pending' || current.status === 'skipped');
  const nameOf = (p: DuplicatePair) => `${p.a?.name ?? '(gone)'} and ${p.b?.name ?? '(gone)'}`;

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['duplicate-pairs'] });
  const decide = useMutation({
    mutationFn: ({ pair, decision }: { pair: DuplicatePair; decision: 'not_duplicate' | 'skip' }) =>
      unwrap(
        api.POST('/api/v1/duplicates/pairs/{id}/decision', {
          params: { path: { id: pair.id } },
          body: { decision },
        }),
      ),
    onSuccess: async (p, { decision }) => {
      setNotice(
        decision === 'skip'
          ? `Skipped ${nameOf(p)}.`
          : `${nameOf(p)} are marked as different people; they will not be proposed again.`,
      );
      setSelected(null);
      await refresh();
    },
  });

  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Duplicates</h1>
          <p className="muted">
            Records that look like the same person, with why: merge them, keep them apart, or skip for now.
          </p>
        </div>
        <Link to="/admin/duplicate-rules" className="button">
          Rules
        </Link>
      </header>
      <div className="toolbar">
        <SelectField
          label="Show"
          value={status}
          onChange={(v) => {
            setStatus(v as PairStatus);
            setSelected(null);
            setNotice(null);
          }}
          options={STATUSES}
        />
      </div>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <ErrorAlert error={pairs.error ?? decide.error} />
      {items.length === 0 ? (
        <p className="muted">{pairs.isPending ? 'Loading…' : 'Nothing here: no pair has this status.'}</p>
      ) : (
        <div className="queue-layout">
          <nav aria-label="Pairs">
            <ul className="pair-list">
              {items.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className="button"
                    aria-current={p.id === current?.id ? 'true' : undefined}
                    onClick={() => setSelected(p.id)}
                  >
                    <span>{nameOf(p)}</span>
                    <span className="score">{p.score.toFixed(1)}</span>
                  </button>
                </li>
              ))}
            </ul>
            {pairs.data?.nextCursor ? (
              <p className="muted small">The 50 best-scored pairs are shown; decide them to see more.</p>
            ) : null}
          </nav>
          {current ? (
            <section className="panel panel-wide" aria-label={`Pair: ${nameOf(current)}`}>
              <PairComparison pair={current} />
              {decidable ? (
                <div className="form-actions">
                  <button
                    type="button"
                    className="button"
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ pair: current, decision: 'skip' })}
                  >
                    Skip
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ pair: current, decision: 'not_duplicate' })}
                  >
                    Not a duplicate
                  </button>
                  {can(session, 'duplicates:merge') && bothPresent(current) ? (
                    <button
                      type="button"
                      className="button button-primary"
                      onClick={() => {
                        setNotice(null);
                        setMerging(current);
                      }}
                    >
                      Merge…
                    </button>
                  ) : null}
                </div>
              ) : current.status === 'merged' ? (
                <div className="form-actions">
                  <UndoPairMerge
                    pairId={current.id}
                    candidateIds={[current.a?.id, current.b?.id].filter((x): x is string => !!x)}
                  />
                </div>
              ) : null}
            </section>
          ) : null}
        </div>
      )}
      {merging && bothPresent(merging) ? (
        <MergeDialog
          pair={merging}
          onMerged={() => {
            setSelected(null);
          }}
          onClose={() => {
            setMerging(null);
            void refresh();
          }}
        />
      ) : null}
    </div>
  );
}
