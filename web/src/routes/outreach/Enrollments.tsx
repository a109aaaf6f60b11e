import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { SelectField } from '../../components/SelectField';
import { candidateQuery, useUsers } from '../candidates/queries';
import { CandidatePicker } from './CandidatePicker';
import { ENROLLMENT_STATUS_LABELS, type EnrollmentStatus, sequencesQuery, statusTone } from './queries';
import './outreach.css';

export interface EnrollmentSearch {
  sequenceId?: string | undefined;
  status?: EnrollmentStatus | undefined;
  candidateId?: string | undefined;
  candidateName?: string | undefined;
}

const STATUSES = Object.keys(ENROLLMENT_STATUS_LABELS) as EnrollmentStatus[];

export function validateEnrollmentSearch(s: Record<string, unknown>): EnrollmentSearch {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const status = str(s.status);
  return {
    sequenceId: str(s.sequenceId),
    status: STATUSES.includes(status as EnrollmentStatus) ? (status as EnrollmentStatus) : undefined,
    candidateId: str(s.candidateId),
    candidateName: str(s.candidateName),
  };
}

/** The names of the candidates on screen (each one is a cached read of the candidate). */
export function useCandidateNames(ids: string[]): (id: string) => string {
  const unique = [...new Set(ids)];
  const results = useQueries({ queries: unique.map((id) => ({ ...candidateQuery(id), retry: false })) });
  const names = new Map(unique.map((id, i) => [id, results[i]?.data?.name]));
  return (id) => names.get(id) ?? (results.some((r) => r.isPending) ? '…' : `Candidate ${id.slice(0, 8)}`);
}

/** /enrollments: who is in which sequence, filtered by sequence, status and candidate. */
export function Enrollments({
  search,
  onSearch,
}: {
  search: EnrollmentSearch;
  onSearch: (next: EnrollmentSearch) => void;
}) {
  const sequences = useQuery(sequencesQuery);
  const { nameOf } = useUsers();
  const query = {
    limit: 25,
    ...(search.sequenceId ? { sequenceId: search.sequenceId } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.candidateId ? { candidateId: search.candidateId } : {}),
  };
  const list = useInfiniteQuery({
    queryKey: ['enrollments', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/enrollments', {
          params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const candidateName = useCandidateNames(items.map((e) => e.candidateId));
  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Enrollments</h1>
          <p className="muted">Candidates in sequences, with their schedules in their own time zone.</p>
        </div>
      </header>
      <div className="filter-bar">
        <SelectField
          label="Sequence"
          value={search.sequenceId ?? ''}
          onChange={(v) => onSearch({ ...search, sequenceId: v || undefined })}
          options={[
            { value: '', label: 'All sequences' },
            ...(sequences.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        <SelectField
          label="Status"
          value={search.status ?? ''}
          onChange={(v) => onSearch({ ...search, status: (v || undefined) as EnrollmentStatus | undefined })}
          options={[
            { value: '', label: 'Any status' },
            ...STATUSES.map((s) => ({ value: s, label: ENROLLMENT_STATUS_LABELS[s] })),
          ]}
        />
        <CandidatePicker
          label="Candidate"
          value={
            search.candidateId
              ? { id: search.candidateId, name: search.candidateName ?? candidateName(search.candidateId) }
              : null
          }
          onChange={(c) => onSearch({ ...search, candidateId: c?.id, candidateName: c?.name })}
        />
      </div>
      <ErrorAlert error={list.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Enrollments</caption>
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col">Sequence</th>
              <th scope="col">Status</th>
              <th scope="col">Time zone</th>
              <th scope="col">Sender</th>
              <th scope="col">Enrolled</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to="/enrollments/$id" params={{ id: e.id }} className="cell-title">
                    {candidateName(e.candidateId)}
                  </Link>
                </td>
                <td>
                  <Link to="/sequences/$id" params={{ id: e.sequenceId }}>
                    {e.sequenceName}
                  </Link>
                </td>
                <td>
                  <span className={statusTone(e.status)}>{ENROLLMENT_STATUS_LABELS[e.status]}</span>
                  {e.stopReason ? <div className="muted small">{e.stopReason.replace(/_/g, ' ')}</div> : null}
                </td>
                <td className="small">{e.timeZone}</td>
                <td>{nameOf(e.senderId)}</td>
                <td className="nowrap">{formatDateTime(e.enrolledAt)}</td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {list.isPending ? 'Loading…' : 'No enrollments match.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {list.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'More enrollments'}
        </button>
      ) : null}
    </div>
  );
}
