import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { SelectField } from '../../components/SelectField';
import {
  type EnrollResult,
  type EnrollSelection,
  formatInZone,
  SKIP_REASONS,
  senderProfileQuery,
  sequencesQuery,
  stepKindLabel,
} from './queries';
import './outreach.css';

interface Props {
  selection: EnrollSelection;
  /** What is being enrolled, in words: "3 selected candidates", "all 42 results of this search". */
  what: string;
  onClose: () => void;
}

/**
 * Enroll candidates in a sequence: choose the sequence (and sender), see who is eligible and when their first
 * sends would go out in their local time and in UTC, then enroll and see what became of each candidate.
 */
export function EnrollDialog({ selection, what, onClose }: Props) {
  const session = useSession();
  const queryClient = useQueryClient();
  const sequences = useQuery(sequencesQuery);
  const profile = useQuery(senderProfileQuery);
  const active = (sequences.data?.items ?? []).filter((s) => s.status === 'active');
  const [sequenceId, setSequenceId] = useState('');
  const [senderId, setSenderId] = useState('');
  const [result, setResult] = useState<EnrollResult | null>(null);
  const sequence = active.find((s) => s.id === sequenceId);
  const body = { selection, ...(senderId ? { senderId } : {}) };
  const preview = useQuery({
    queryKey: ['enrollment-preview', sequenceId, body],
    enabled: Boolean(sequenceId) && !result,
    queryFn: () =>
      unwrap(
        api.POST('/api/v1/outreach/sequences/{id}/enrollment-preview', {
          params: { path: { id: sequenceId } },
          body: { ...body, limit: 20 },
        }),
      ),
    retry: false,
  });
  const enroll = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/outreach/sequences/{id}/enrollments', {
          params: { path: { id: sequenceId } },
          body,
        }),
      ),
    onSuccess: async (r) => {
      setResult(r);
      await queryClient.invalidateQueries({ queryKey: ['enrollments'] });
      await queryClient.invalidateQueries({ queryKey: ['outreach-sequences'] });
    },
  });
  const names = new Map((preview.data?.items ?? []).map((p) => [p.candidateId, p.name ?? 'Unnamed']));
  const eligible = (preview.data?.items ?? []).filter((p) => p.eligible).length;
  const me = session.user;
  const senders = [
    { value: '', label: sequence?.senderId ? 'The sequence’s sender' : `Me (${me.name})` },
    ...(sequence?.senderId ? [{ value: me.id, label: `Me (${me.name})` }] : []),
    ...(profile.data?.mayActFor ?? []).map((u) => ({ value: u.id, label: `${u.name} (allows you)` })),
  ];

  return (
    <Dialog title="Enroll in sequence" onClose={onClose} wide>
      {result ? (
        <EnrollOutcome result={result} names={names} sequenceId={sequenceId} onClose={onClose} />
      ) : (
        <>
          <p className="muted">Enrolling {what}.</p>
          <div className="form-row">
            <SelectField
              label="Sequence"
              value={sequenceId}
              onChange={(v) => {
                setSequenceId(v);
                setSenderId('');
              }}
              options={[
                { value: '', label: active.length ? 'Choose a sequence…' : 'No active sequence' },
                ...active.map((s) => ({ value: s.id, label: s.name })),
              ]}
              hint={sequences.isPending ? 'Loading…' : 'Only active sequences take enrollments.'}
            />
            <SelectField
              label="Send as"
              value={senderId}
              onChange={setSenderId}
              options={senders}
              disabled={!sequenceId}
            />
          </div>
          <ErrorAlert error={preview.error ?? enroll.error} />
          {preview.data ? (
            <section aria-labelledby="enroll-preview-heading">
              <h3 id="enroll-preview-heading" className="small-heading">
                Preview: {eligible} of the first {preview.data.items.length} eligible, planned as if enrolled
                now
              </h3>
              <div className="table-wrap enroll-preview">
                <table className="table table-compact">
                  <caption className="visually-hidden">Enrollment preview</caption>
                  <thead>
                    <tr>
                      <th scope="col">Candidate</th>
                      <th scope="col">Time zone</th>
                      <th scope="col">First sends (candidate’s time · UTC)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.data.items.map((p) => (
                      <tr key={p.candidateId} className={p.eligible ? undefined : 'row-muted'}>
                        <td>
                          <span className="cell-title">{p.name ?? 'Unnamed'}</span>
                          <div>
                            {p.eligible ? (
                              <span className="badge badge-ok">eligible</span>
                            ) : (
                              <span className="badge badge-warn" title={p.message ?? undefined}>
                                {p.reason ? SKIP_REASONS[p.reason] : 'not eligible'}
                              </span>
                            )}
                          </div>
                          {!p.eligible && p.message ? <div className="muted small">{p.message}</div> : null}
                        </td>
                        <td className="small">
                          {p.timeZone ?? '—'}
                          {p.timeZoneSource === 'workspace' ? (
                            <div className="muted">workspace default</div>
                          ) : null}
                        </td>
                        <td className="small">
                          {p.eligible ? (
                            <ol className="send-list">
                              {p.steps.slice(0, 3).map((st) => (
                                <li key={st.position}>
                                  <span className="send-kind">{stepKindLabel(st.kind)}</span>{' '}
                                  <strong>{formatInZone(st.plannedAt, p.timeZone ?? 'UTC')}</strong>
                                  <span className="muted"> · {formatInZone(st.plannedAt, 'UTC')}</span>
                                </li>
                              ))}
                              {p.steps.length > 3 ? (
                                <li className="muted">+ {p.steps.length - 3} more</li>
                              ) : null}
                            </ol>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : sequenceId && preview.isPending ? (
            <p className="muted">Checking eligibility and planning…</p>
          ) : null}
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={!sequenceId || enroll.isPending || !preview.data}
              onClick={() => enroll.mutate()}
            >
              {enroll.isPending ? 'Enrolling…' : 'Enroll'}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

function EnrollOutcome({
  result,
  names,
  sequenceId,
  onClose,
}: {
  result: EnrollResult;
  names: Map<string, string>;
  sequenceId: string;
  onClose: () => void;
}) {
  return (
    <>
      <div className={`alert ${result.skipped ? 'alert-warning' : 'alert-success'}`} role="status">
        <strong>{result.enrolled} enrolled</strong>, {result.skipped} skipped.
      </div>
      <div className="table-wrap enroll-preview">
        <table className="table table-compact">
          <caption className="visually-hidden">Enrollment outcome per candidate</caption>
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col">Outcome</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {result.results.map((r) => (
              <tr key={r.candidateId}>
                <td>
                  <Link to="/candidates/$id" params={{ id: r.candidateId }}>
                    {names.get(r.candidateId) ?? `Candidate ${r.candidateId.slice(0, 8)}`}
                  </Link>
                </td>
                <td>
                  {r.outcome === 'enrolled' && r.enrollmentId ? (
                    <Link to="/enrollments/$id" params={{ id: r.enrollmentId }} className="badge badge-ok">
                      enrolled
                    </Link>
                  ) : (
                    <span className="badge badge-warn">skipped</span>
                  )}
                </td>
                <td className="small">
                  {r.reason ? <strong>{SKIP_REASONS[r.reason]}</strong> : null}
                  {r.message ? <span className="muted"> {r.message}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-actions">
        <Link to="/enrollments" search={{ sequenceId }} className="button">
          See enrollments
        </Link>
        <button type="button" className="button button-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </>
  );
}
