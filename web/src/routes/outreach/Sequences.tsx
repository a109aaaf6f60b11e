import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { formatDate } from '../../components/format';
import { useUsers } from '../candidates/queries';
import {
  SEQUENCE_STATUS_LABELS,
  type Sequence,
  sequencesQuery,
  statusTone,
  stepKindLabel,
  WEEKDAYS,
} from './queries';
import './outreach.css';

export function windowText(w: Sequence['window']): string {
  const days = [...w.days].sort((a, b) => a - b);
  const contiguous = days.length > 2 && days.every((d, i) => i === 0 || d === (days[i - 1] ?? 0) + 1);
  const short = (d: number) => WEEKDAYS.find((x) => x.value === d)?.short ?? String(d);
  const dayText =
    days.length === 7
      ? 'every day'
      : contiguous
        ? `${short(days[0] ?? 1)}–${short(days.at(-1) ?? 5)}`
        : days.map(short).join(', ');
  return `${w.start}–${w.end}, ${dayText}`;
}

/** /sequences: every sequence with its steps, window and live enrollments. */
export function Sequences() {
  const session = useSession();
  const sequences = useQuery(sequencesQuery);
  const { nameOf } = useUsers();
  const items = sequences.data?.items ?? [];
  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Sequences</h1>
          <p className="muted">
            Multi-touch outreach, sent inside a window in each candidate's own time zone, never on holidays.
          </p>
        </div>
        <div className="button-row">
          {can(session, 'outreach:enroll') ? (
            <Link to="/outreach/sender" className="button">
              My sender profile
            </Link>
          ) : null}
          {can(session, 'outreach:sequences') ? (
            <Link to="/sequences/new" className="button button-primary">
              New sequence
            </Link>
          ) : null}
        </div>
      </header>
      <ErrorAlert error={sequences.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Sequences</caption>
          <thead>
            <tr>
              <th scope="col">Sequence</th>
              <th scope="col">Status</th>
              <th scope="col">Steps</th>
              <th scope="col">Sending window</th>
              <th scope="col">Live enrollments</th>
              <th scope="col">Owner</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} className={s.status === 'archived' ? 'row-muted' : undefined}>
                <td>
                  <Link to="/sequences/$id" params={{ id: s.id }} className="cell-title">
                    {s.name}
                  </Link>
                  {s.description ? <div className="muted small truncate">{s.description}</div> : null}
                </td>
                <td>
                  <span className={statusTone(s.status)}>{SEQUENCE_STATUS_LABELS[s.status]}</span>
                </td>
                <td className="small">
                  {s.steps.map((st) => stepKindLabel(st.kind)).join(' → ') || '—'}
                  {s.steps.some((st) => st.variants.length > 1) ? (
                    <span className="badge badge-accent">A/B</span>
                  ) : null}
                </td>
                <td className="small">{windowText(s.window)}</td>
                <td>
                  {s.liveEnrollments ? (
                    <Link to="/enrollments" search={{ sequenceId: s.id }}>
                      {s.liveEnrollments.toLocaleString()}
                    </Link>
                  ) : (
                    '0'
                  )}
                </td>
                <td>{s.ownerId === session.user.id ? 'You' : nameOf(s.ownerId)}</td>
                <td className="nowrap">{formatDate(s.updatedAt)}</td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty">
                  {sequences.isPending ? 'Loading…' : 'No sequences yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
