import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { Activity, CustomField } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { TextAreaField } from '../../components/TextAreaField';
import { UndoMergeAction } from '../duplicates/UndoMerge';
import { fieldName } from './form/FormProblem';
import { showCustomValue, useStatusLabel, useUsers } from './queries';

interface Change {
  field: string;
  before?: unknown;
  after?: unknown;
  hidden?: boolean;
}

const LABELS: Record<string, string> = {
  city: 'City',
  region: 'Region',
  country: 'Country',
  isEmployee: 'Employee',
  employeeSince: 'Employee since',
  performanceRating: 'Performance rating',
  diversity: 'Diversity',
};

function isChange(x: unknown): x is Change {
  return typeof x === 'object' && x !== null && typeof (x as Change).field === 'string';
}

function plain(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return v
      .map((x) => {
        if (typeof x !== 'object' || x === null) return String(x);
        const o = x as Record<string, unknown>;
        return String(
          o.address ??
            o.number ??
            o.url ??
            o.name ??
            ([o.title, o.company].filter(Boolean).join(' at ') || o.institution || JSON.stringify(o)),
        );
      })
      .join(', ');
  }
  return JSON.stringify(v);
}

/** The candidate's timeline, newest first, paged; with a note box for writers. */
export function Timeline({ candidateId, defs }: { candidateId: string; defs: CustomField[] }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const activities = useInfiniteQuery({
    queryKey: ['activities', candidateId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/candidates/{id}/activities', {
          params: {
            path: { id: candidateId },
            query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/candidates/{id}/notes', {
          params: { path: { id: candidateId } },
          body: { body: note },
        }),
      ),
    onSuccess: async () => {
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['activities', candidateId] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const rows = activities.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="panel panel-wide timeline" aria-labelledby="timeline-h">
      <h2 id="timeline-h" className="subheading">
        Timeline
      </h2>
      {can(session, 'candidates:write') ? (
        <form onSubmit={submit} className="note-form" noValidate>
          <TextAreaField
            label="Add a note"
            rows={2}
            value={note}
            onChange={setNote}
            error={fieldErrorsOf(add.error).body}
          />
          <ErrorAlert error={add.error} fields={['body']} />
          <div className="form-actions form-actions-tight">
            <button type="submit" className="button" disabled={add.isPending || !note.trim()}>
              {add.isPending ? 'Adding…' : 'Add note'}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorAlert error={activities.error} />
      <ol className="timeline-list" aria-label="Activities, newest first">
        {rows.map((a) => (
          <ActivityItem key={a.id} activity={a} defs={defs} />
        ))}
      </ol>
      {activities.isPending ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : null}
      {activities.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => activities.fetchNextPage()}
          disabled={activities.isFetchingNextPage}
        >
          {activities.isFetchingNextPage ? 'Loading…' : 'Older activity'}
        </button>
      ) : null}
    </section>
  );
}

function ActivityItem({ activity: a, defs }: { activity: Activity; defs: CustomField[] }) {
  const statusLabel = useStatusLabel();
  const { nameOf } = useUsers();
  const changes = Array.isArray(a.data.changes) ? a.data.changes.filter(isChange) : [];
  const show = (field: string, v: unknown) => {
    if (field === 'status' && typeof v === 'string') return statusLabel(v);
    if (field === 'ownerId') return v ? nameOf(String(v)) : 'nobody';
    if (field.startsWith('customFields.')) {
      const def = defs.find((d) => d.key === field.slice('customFields.'.length));
      return showCustomValue(def, v, nameOf);
    }
    return plain(v);
  };
  const body = a.kind === 'note.added' && typeof a.data.body === 'string' ? a.data.body : null;
  const merged = a.kind === 'candidate.merged';
  const mergeId = typeof a.data.mergeId === 'string' ? a.data.mergeId : null;
  return (
    <li className={`activity activity-${a.kind.replace(/\W+/g, '-')}`}>
      <div className="activity-head">
        <span className="activity-summary">{body ? 'Note' : a.summary}</span>
        <span className="muted small">
          {formatDateTime(a.occurredAt)} · {a.actor.name ?? 'system'}
          {a.source ? ` · ${a.source}` : ''}
          {a.channel ? ` · ${a.channel}` : ''}
        </span>
      </div>
      {body ? <p className="note-body">{body}</p> : null}
      {merged ? (
        <UndoMergeAction candidateId={a.candidateId} mergeId={mergeId} occurredAt={a.occurredAt} />
      ) : null}
      {changes.length ? (
        <table className="activity-diff">
          <caption className="visually-hidden">Changes</caption>
          <thead>
            <tr>
              <th scope="col" className="diff-cell diff-head">
                Field
              </th>
              <th scope="col" className="diff-cell diff-head">
                Before
              </th>
              <th scope="col" className="diff-cell diff-head">
                After
              </th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field}>
                <th scope="row" className="diff-cell">
                  {LABELS[c.field] ?? fieldName(c.field, defs)}
                </th>
                {c.hidden ? (
                  <td colSpan={2} className="diff-cell">
                    <span className="badge">hidden</span>
                  </td>
                ) : (
                  <>
                    <td className="diff-cell diff-before">{show(c.field, c.before)}</td>
                    <td className="diff-cell diff-after">{show(c.field, c.after)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </li>
  );
}
