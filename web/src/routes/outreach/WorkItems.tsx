import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { useCandidateNames } from './Enrollments';
import { formatInZone, stepKindLabel } from './queries';
import './outreach.css';

type WorkItem = components['schemas']['OutreachWorkItem'];
type Status = WorkItem['status'];

/** The calendar date of an instant in a zone (YYYY-MM-DD), to group items by the assignee's day. */
function dayIn(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

/** /work-items: your calls and LinkedIn messages from sequences, due in your day; done or skipped moves on. */
export function WorkItems() {
  const [status, setStatus] = useState<Status>('open');
  const items = useQuery({
    queryKey: ['work-items', { status }],
    queryFn: () =>
      unwrap(api.GET('/api/v1/outreach/work-items', { params: { query: { mine: '1', status } } })),
    refetchInterval: 30_000,
  });
  const list = items.data?.items ?? [];
  const name = useCandidateNames(list.map((w) => w.candidateId));
  const now = new Date().toISOString();
  const groups: { title: string; items: WorkItem[] }[] =
    status === 'open'
      ? [
          {
            title: 'Overdue',
            items: list.filter((w) => dayIn(w.dueAt, w.timeZone) < dayIn(now, w.timeZone)),
          },
          {
            title: 'Due today',
            items: list.filter((w) => dayIn(w.dueAt, w.timeZone) === dayIn(now, w.timeZone)),
          },
          { title: 'Later', items: list.filter((w) => dayIn(w.dueAt, w.timeZone) > dayIn(now, w.timeZone)) },
        ]
      : [{ title: status === 'done' ? 'Done' : 'Skipped', items: list }];
  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>My work items</h1>
          <p className="muted">
            Phone calls and LinkedIn messages that your sequences hand to you, due in your working day.
            Completing one moves the candidate’s sequence on.
          </p>
        </div>
      </header>
      <div className="toolbar">
        <fieldset className="segmented" aria-label="Which work items">
          {(['open', 'done', 'skipped'] as const).map((s) => (
            <button
              key={s}
              type="button"
              className={status === s ? 'segmented-on' : undefined}
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
            >
              {s === 'open' ? 'To do' : s === 'done' ? 'Done' : 'Skipped'}
            </button>
          ))}
        </fieldset>
      </div>
      <ErrorAlert error={items.error} />
      {items.isPending ? <p className="muted">Loading…</p> : null}
      {!items.isPending && list.length === 0 ? (
        <p className="muted">{status === 'open' ? 'Nothing to do: all caught up.' : 'None.'}</p>
      ) : null}
      {groups
        .filter((g) => g.items.length)
        .map((g) => (
          <section key={g.title} aria-label={g.title} className="work-group">
            <h2 className="section-title">
              {g.title} <span className="muted">({g.items.length})</span>
            </h2>
            <ul className="work-list">
              {g.items.map((w) => (
                <WorkCard
                  key={w.id}
                  item={w}
                  candidate={name(w.candidateId)}
                  overdue={g.title === 'Overdue'}
                />
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}

function WorkCard({ item, candidate, overdue }: { item: WorkItem; candidate: string; overdue: boolean }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const finish = useMutation({
    mutationFn: (verb: 'complete' | 'skip') =>
      verb === 'complete'
        ? unwrap(
            api.POST('/api/v1/outreach/work-items/{id}/complete', {
              params: { path: { id: item.id } },
              body: note.trim() ? { note: note.trim() } : {},
            }),
          )
        : unwrap(
            api.POST('/api/v1/outreach/work-items/{id}/skip', {
              params: { path: { id: item.id } },
              body: note.trim() ? { note: note.trim() } : {},
            }),
          ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['work-items'] });
      await queryClient.invalidateQueries({ queryKey: ['enrollment', item.enrollmentId] });
    },
  });
  return (
    <li className={`panel panel-wide work-card${overdue ? ' work-overdue' : ''}`} aria-label={item.title}>
      <div className="panel-head">
        <div>
          <span className="badge badge-accent">{stepKindLabel(item.kind)}</span> <strong>{item.title}</strong>
          <div className="small">
            <Link to="/candidates/$id" params={{ id: item.candidateId }}>
              {candidate}
            </Link>{' '}
            ·{' '}
            <Link to="/enrollments/$id" params={{ id: item.enrollmentId }}>
              Sequence schedule
            </Link>
          </div>
        </div>
        <div className="work-due">
          <span className={overdue ? 'text-danger' : undefined}>
            Due {formatInZone(item.dueAt, item.timeZone)}
          </span>
        </div>
      </div>
      {item.instructions ? <pre className="rendered-text">{item.instructions}</pre> : null}
      <ErrorAlert error={finish.error} />
      {item.status === 'open' ? (
        <div className="work-actions">
          <input
            aria-label={`Note for ${item.title}`}
            placeholder="Note (optional): what happened"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button
            type="button"
            className="button button-primary"
            disabled={finish.isPending}
            onClick={() => finish.mutate('complete')}
          >
            Done
          </button>
          <button
            type="button"
            className="button"
            disabled={finish.isPending}
            onClick={() => finish.mutate('skip')}
          >
            Skip
          </button>
        </div>
      ) : (
        <p className="muted small">
          {item.status === 'done' ? 'Done' : 'Skipped'} {formatDateTime(item.completedAt)}
          {item.note ? ` · ${item.note}` : ''}
        </p>
      )}
    </li>
  );
}
