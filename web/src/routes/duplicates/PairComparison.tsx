import { Link } from '@tanstack/react-router';
import type { Candidate, DuplicatePair } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { useCustomFields } from '../candidates/queries';
import { fieldLabel, showField } from './queries';

const OUTCOME_LABELS: Record<string, string> = {
  exact: 'exact match',
  agree: 'agrees',
  partial: 'partly agrees',
  disagree: 'disagrees',
  missing: 'missing on one side',
};
const NOTE_LABELS: Record<string, string> = {
  nickname: 'nickname',
  phonetic: 'sounds alike',
  names_swapped: 'first and last names swapped',
  day_month_swap: 'day and month swapped',
  transposition: 'digits transposed',
};
const DECISIONS: Record<string, string> = {
  merge: 'strong enough to merge automatically',
  review: 'needs a reviewer',
  distinct: 'below the review threshold',
};

const SHOWN = [
  'headline',
  'emails',
  'phones',
  'location',
  'currentTitle',
  'currentCompany',
  'links',
  'source',
];
const SHOWN_LABELS: Record<string, string> = { currentTitle: 'Title', currentCompany: 'Company' };

export const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(1)}`;

function Card({ c, label }: { c: Candidate | null; label: string }) {
  if (!c)
    return (
      <section className="compare-card" aria-label={label}>
        <p className="muted">This record is no longer available.</p>
      </section>
    );
  const hidden = new Set(c.redactedFields ?? []);
  return (
    <section className="compare-card" aria-label={`${label}: ${c.name}`}>
      <h3>
        <Link to="/candidates/$id" params={{ id: c.id }}>
          {c.name}
        </Link>
      </h3>
      <dl>
        {SHOWN.map((f) => (
          <div key={f} style={{ display: 'contents' }}>
            <dt>{SHOWN_LABELS[f] ?? fieldLabel(f)}</dt>
            <dd>
              {hidden.has(f) ? (
                <span className="badge">hidden</span>
              ) : (
                showField(c, f) || <span className="muted">—</span>
              )}
            </dd>
          </div>
        ))}
        <dt>Created</dt>
        <dd>{formatDateTime(c.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatDateTime(c.updatedAt)}</dd>
      </dl>
    </section>
  );
}

/** Both records side by side and the evidence: which fields agreed, how strongly, and the score. */
export function PairComparison({ pair }: { pair: DuplicatePair }) {
  const { byKey } = useCustomFields();
  const e = pair.evidence;
  const label = (f: string) => fieldLabel(f, (k) => byKey.get(k)?.label);
  return (
    <div>
      <p>
        Score <span className="score">{pair.score.toFixed(1)}</span>: {DECISIONS[e.decision] ?? e.decision}.
        Found by {pair.foundBy.replace(/_/g, ' ')} on {formatDateTime(pair.detectedAt)} (rules version{' '}
        {e.rulesVersion}).
      </p>
      <div className="compare">
        <Card c={pair.a} label="Record A" />
        <Card c={pair.b} label="Record B" />
      </div>
      <h3 className="subheading">Evidence</h3>
      {e.exactKeys.length ? (
        <p>
          Shared exact keys:{' '}
          {e.exactKeys.map((k, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here (values may repeat)
            <span key={`${k.kind}-${i}`} className="badge badge-ok">
              {k.kind}
              {k.value ? `: ${k.value}` : ''}
            </span>
          ))}
        </p>
      ) : (
        <p className="muted small">No exact key (email, phone, profile, external id) is shared.</p>
      )}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Evidence per field</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Record A</th>
              <th scope="col">Record B</th>
              <th scope="col">Similarity</th>
              <th scope="col">Outcome</th>
              <th scope="col">Weight</th>
            </tr>
          </thead>
          <tbody>
            {e.items.map((i, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here (values may repeat)
              <tr key={`${i.field}-${n}`}>
                <th scope="row">
                  {label(i.field)}
                  <div className="muted small">{i.comparator.replace(/_/g, ' ')}</div>
                </th>
                {i.hidden ? (
                  <td colSpan={2}>
                    <span className="badge">hidden</span>
                  </td>
                ) : (
                  <>
                    <td>{i.a ?? <span className="muted">—</span>}</td>
                    <td>{i.b ?? <span className="muted">—</span>}</td>
                  </>
                )}
                <td>{i.similarity === null ? '—' : i.similarity.toFixed(2)}</td>
                <td className={`outcome-${i.outcome}`}>
                  {OUTCOME_LABELS[i.outcome] ?? i.outcome}
                  {i.note ? (
                    <div className="small">{NOTE_LABELS[i.note] ?? i.note.replace(/_/g, ' ')}</div>
                  ) : null}
                </td>
                <td className="score">{signed(i.weight)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
