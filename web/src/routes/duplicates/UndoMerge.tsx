import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Merge } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { mergesQuery } from './queries';

/** Undo a merge: both records and their links come back; later edits to the survivor stay. */
export function useUndoMerge(onDone?: (m: Merge) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: string) =>
      unwrap(api.POST('/api/v1/merges/{id}/undo', { params: { path: { id: mergeId } } })),
    onSuccess: async (m) => {
      for (const id of [m.survivorId, m.loserId]) {
        await queryClient.invalidateQueries({ queryKey: ['candidate', id] });
        await queryClient.invalidateQueries({ queryKey: ['activities', id] });
        await queryClient.invalidateQueries({ queryKey: ['merges', id] });
      }
      await queryClient.invalidateQueries({ queryKey: ['duplicate-pairs'] });
      await queryClient.invalidateQueries({ queryKey: ['candidates'] });
      onDone?.(m);
    },
  });
}

/**
 * The "Undo merge" action of a merge row on the survivor's timeline (hidden once undone). The row names its
 * merge in `data.mergeId` when the merge changed no field; otherwise the merge is the survivor's merge recorded
 * closest to the row's time.
 */
export function UndoMergeAction({
  candidateId,
  mergeId,
  occurredAt,
}: {
  candidateId: string;
  mergeId: string | null;
  occurredAt: string;
}) {
  const session = useSession();
  const merges = useQuery({ ...mergesQuery(candidateId), enabled: can(session, 'duplicates:merge') });
  const [asking, setAsking] = useState(false);
  const undo = useUndoMerge(() => setAsking(false));
  if (!can(session, 'duplicates:merge')) return null;
  const merge = mergeId
    ? merges.data?.merges.find((m) => m.id === mergeId)
    : closest(merges.data?.merges.filter((m) => m.survivorId === candidateId) ?? [], occurredAt);
  if (!merge) return null;
  if (merge.undoneAt) return <span className="badge">undone</span>;
  if (merge.survivorId !== candidateId) return null;
  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          undo.reset();
          setAsking(true);
        }}
      >
        Undo merge
      </button>
      {asking ? (
        <ConfirmDialog
          title="Undo this merge?"
          confirmLabel="Undo merge"
          pending={undo.isPending}
          error={undo.error}
          onConfirm={() => undo.mutate(merge.id)}
          onClose={() => setAsking(false)}
        >
          <p>
            The merged-away record comes back with its timeline, consents and pool memberships. What the merge
            brought to this candidate is taken back; edits made since the merge stay. The pair returns to the
            review queue.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/** The merge recorded nearest to `at` (within a minute), for timeline rows that do not name theirs. */
function closest(merges: Merge[], at: string): Merge | undefined {
  const t = Date.parse(at);
  let best: Merge | undefined;
  for (const m of merges) {
    const d = Math.abs(Date.parse(m.createdAt) - t);
    if (d <= 60_000 && (!best || d < Math.abs(Date.parse(best.createdAt) - t))) best = m;
  }
  return best;
}

/** In the queue's merged list: undo the merge that decided this pair. */
export function UndoPairMerge({ pairId, candidateIds }: { pairId: string; candidateIds: string[] }) {
  const session = useSession();
  const mayMerge = can(session, 'duplicates:merge');
  const merges = useQuery({
    queryKey: ['pair-merges', pairId, ...candidateIds] as const,
    queryFn: async () => {
      for (const id of candidateIds) {
        const r = await unwrap(api.GET('/api/v1/candidates/{id}/merges', { params: { path: { id } } }));
        const m = r.merges.find((x) => x.pairId === pairId && !x.undoneAt);
        if (m) return m;
      }
      return null;
    },
    enabled: mayMerge,
  });
  const undo = useUndoMerge();
  if (!mayMerge || !merges.data) return null;
  const merge = merges.data;
  return (
    <>
      <ErrorAlert error={undo.error} />
      <button
        type="button"
        className="button"
        disabled={undo.isPending}
        onClick={() => undo.mutate(merge.id)}
      >
        {undo.isPending ? 'Undoing…' : 'Undo merge'}
      </button>
    </>
  );
}

/** On a merged-away record: where it lives now. */
export function MergedIntoNotice({ candidateId }: { candidateId: string }) {
  const merges = useQuery(mergesQuery(candidateId));
  const into = merges.data?.mergedInto;
  if (!into) return null;
  return (
    <div className="alert alert-info" role="status">
      This record was merged into{' '}
      <Link to="/candidates/$id" params={{ id: into }}>
        another candidate
      </Link>
      ; it is kept so that the merge can be undone from that candidate's timeline.
    </div>
  );
}
