import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { formatDate } from '../../components/format';
import { EnrollDialog } from './EnrollDialog';
import { ENROLLMENT_STATUS_LABELS, statusTone } from './queries';
import './outreach.css';

/** The candidate page's outreach panel: their enrollments, and enrolling them in a sequence. */
export function CandidateEnrollments({ candidateId, name }: { candidateId: string; name: string }) {
  const session = useSession();
  const [enrolling, setEnrolling] = useState(false);
  const list = useQuery({
    queryKey: ['enrollments', { candidateId }],
    enabled: can(session, 'outreach:read'),
    queryFn: () => unwrap(api.GET('/api/v1/enrollments', { params: { query: { candidateId, limit: 10 } } })),
  });
  if (!can(session, 'outreach:read')) return null;
  const items = list.data?.items ?? [];
  return (
    <section className="panel outreach-panel" aria-labelledby="outreach-heading">
      <div className="panel-head">
        <h2 id="outreach-heading" className="subheading">
          Sequences
        </h2>
        {can(session, 'outreach:enroll') ? (
          <button type="button" className="button button-small" onClick={() => setEnrolling(true)}>
            Enroll in sequence
          </button>
        ) : null}
      </div>
      <ErrorAlert error={list.error} />
      {items.length ? (
        <ul className="plain-list enrollment-list">
          {items.map((e) => (
            <li key={e.id}>
              <Link to="/enrollments/$id" params={{ id: e.id }}>
                {e.sequenceName}
              </Link>{' '}
              <span className={statusTone(e.status)}>{ENROLLMENT_STATUS_LABELS[e.status]}</span>
              <div className="muted small">since {formatDate(e.enrolledAt)}</div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{list.isPending ? 'Loading…' : 'Not in any sequence.'}</p>
      )}
      {enrolling ? (
        <EnrollDialog
          selection={{ candidateIds: [candidateId] }}
          what={name}
          onClose={() => setEnrolling(false)}
        />
      ) : null}
    </section>
  );
}
