import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { candidateQuery, useUsers } from '../candidates/queries';
import { Crumbs, RecordPending } from './PageParts';
import {
  ENROLLMENT_STATUS_LABELS,
  type Enrollment,
  enrollmentQuery,
  formatInZone,
  offsetOf,
  STEP_STATUS_LABELS,
  statusTone,
  stepKindLabel,
  templatesQuery,
} from './queries';
import './outreach.css';

/** /enrollments/$id: one enrollment's schedule, step by step, in the candidate's time and UTC. */
export function EnrollmentPage({ id }: { id: string }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const enrollment = useQuery({ ...enrollmentQuery(id), refetchInterval: 10_000 });
  const e = enrollment.data;
  const candidate = useQuery({ ...candidateQuery(e?.candidateId ?? ''), enabled: Boolean(e) });
  const templates = useQuery(templatesQuery(true));
  const { nameOf } = useUsers();
  const [stopping, setStopping] = useState(false);
  const act = useMutation({
    mutationFn: (action: 'pause' | 'resume') =>
      action === 'pause'
        ? unwrap(api.POST('/api/v1/enrollments/{id}/pause', { params: { path: { id } } }))
        : unwrap(api.POST('/api/v1/enrollments/{id}/resume', { params: { path: { id } } })),
    onSuccess: (next) => updated(next),
  });
  const updated = async (next: Enrollment) => {
    queryClient.setQueryData(['enrollment', id], next);
    await queryClient.invalidateQueries({ queryKey: ['enrollments'] });
  };
  if (!e) return <RecordPending to="/enrollments" error={enrollment.error} />;
  const name = candidate.data?.name ?? '…';
  const templateName = (tid: string) => templates.data?.items.find((t) => t.id === tid)?.name ?? '—';
  const mayAct = can(session, 'outreach:enroll');
  const live = e.status === 'active' || e.status === 'paused';

  return (
    <div className="page page-wide">
      <Crumbs to="/enrollments" name={`${name} in ${e.sequenceName}`} />
      <header className="page-header">
        <div>
          <h1>
            {name} <span className="muted">in</span> {e.sequenceName}
          </h1>
          <p className="profile-meta">
            <span className={statusTone(e.status)} data-testid="enrollment-status">
              {ENROLLMENT_STATUS_LABELS[e.status]}
            </span>
            {e.stopReason ? <span>Why: {e.stopReason.replace(/_/g, ' ')}</span> : null}
            <span>
              Time zone: <strong>{e.timeZone}</strong>
            </span>
            <span>Sender: {nameOf(e.senderId)}</span>
            <span className="muted small">Enrolled {formatDateTime(e.enrolledAt)}</span>
          </p>
        </div>
        <div className="button-row">
          <Link to="/candidates/$id" params={{ id: e.candidateId }} className="button">
            Candidate
          </Link>
          <Link to="/sequences/$id" params={{ id: e.sequenceId }} className="button">
            Sequence
          </Link>
          {mayAct && e.status === 'active' ? (
            <button
              type="button"
              className="button"
              disabled={act.isPending}
              onClick={() => act.mutate('pause')}
            >
              Pause
            </button>
          ) : null}
          {mayAct && e.status === 'paused' ? (
            <button
              type="button"
              className="button"
              disabled={act.isPending}
              onClick={() => act.mutate('resume')}
            >
              Resume
            </button>
          ) : null}
          {mayAct && live ? (
            <button type="button" className="button button-danger-quiet" onClick={() => setStopping(true)}>
              Stop
            </button>
          ) : null}
        </div>
      </header>
      <ErrorAlert error={act.error} />
      {e.status === 'paused' ? (
        <div className="alert alert-warning" role="status">
          Paused {formatDateTime(e.pausedAt)}. Resuming plans the remaining steps again, the next one no
          earlier than now.
        </div>
      ) : null}
      <h2 id="schedule-heading" className="section-title">
        Schedule
      </h2>
      <div className="table-wrap">
        <table className="table schedule" aria-labelledby="schedule-heading">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Step</th>
              <th scope="col">Template</th>
              <th scope="col">Status</th>
              <th scope="col">Candidate’s time</th>
              <th scope="col">UTC</th>
            </tr>
          </thead>
          <tbody>
            {e.steps.map((st) => (
              <tr key={st.id} className={st.status === 'cancelled' ? 'row-muted' : undefined}>
                <td>{st.position}</td>
                <td>
                  {stepKindLabel(st.kind)}
                  {st.variant ? (
                    <span className="badge variant-badge" title={`Variant ${st.variant}`}>
                      {st.variant}
                    </span>
                  ) : null}
                </td>
                <td>
                  <Link to="/templates/$id" params={{ id: st.templateId }}>
                    {templateName(st.templateId)}
                  </Link>
                </td>
                <td>
                  <span className={statusTone(st.status)}>{STEP_STATUS_LABELS[st.status]}</span>
                  {st.statusReason ? <div className="small text-danger">{st.statusReason}</div> : null}
                  {st.doneAt ? <div className="muted small">{formatDateTime(st.doneAt)}</div> : null}
                </td>
                <td className="nowrap">
                  {formatInZone(st.plannedAt, e.timeZone)}
                  {st.plannedLocal ? <div className="muted small">{offsetOf(st.plannedLocal)}</div> : null}
                </td>
                <td className="nowrap">{formatInZone(st.plannedAt, 'UTC')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {stopping ? (
        <StopDialog id={id} name={name} onDone={updated} onClose={() => setStopping(false)} />
      ) : null}
    </div>
  );
}

function StopDialog({
  id,
  name,
  onDone,
  onClose,
}: {
  id: string;
  name: string;
  onDone: (e: Enrollment) => Promise<void>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const stop = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/enrollments/{id}/stop', {
          params: { path: { id } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSuccess: async (e) => {
      await onDone(e);
      onClose();
    },
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    stop.mutate();
  };
  return (
    <Dialog title={`Stop the sequence for ${name}?`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={stop.error} />
        <p>The planned steps are cancelled. The candidate can be enrolled again later.</p>
        <TextField
          label="Reason (optional)"
          value={reason}
          autoFocus
          onChange={(ev) => setReason(ev.target.value)}
          hint="Written to the candidate’s timeline."
        />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={stop.isPending}>
            {stop.isPending ? 'Stopping…' : 'Stop enrollment'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
