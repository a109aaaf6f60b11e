import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { ContactDecision } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { formatDate, formatDateTime } from '../../components/format';
import {
  BASIS_LABELS,
  JURISDICTION_LABELS,
  RecordConsentDialog,
  WithdrawConsentDialog,
} from './ConsentDialogs';
import { useStatusLabel, useUsers } from './queries';

const CHANNEL_LABELS: Record<string, string> = {
  email: 'Email',
  sms: 'SMS',
  phone: 'Phone',
  any: 'Any channel',
};

/** Why contact is or is not allowed. Only `do_not_contact` is the candidate status of that name. */
const REASON_LABELS: Record<ContactDecision['reason'], string> = {
  consent_on_record: 'Consent on record',
  policy_allows: 'Workspace policy allows it',
  do_not_contact: 'Candidate status: do not contact',
  withdrawn: 'Consent withdrawn',
  expired: 'Lawful basis expired',
  no_lawful_basis: 'No lawful basis',
  no_address: 'No address on record',
};

/** Per channel: may we contact now and why; the ledger behind it; record and withdraw. */
export function ConsentPanel({ candidateId }: { candidateId: string }) {
  const session = useSession();
  const { nameOf } = useUsers();
  const statusLabel = useStatusLabel();
  const reasonText = (r: ContactDecision['reason']) =>
    r === 'do_not_contact' ? `Candidate status: ${statusLabel('do_not_contact')}` : REASON_LABELS[r];
  const [dialog, setDialog] = useState<'record' | 'withdraw' | null>(null);
  const ledger = useQuery({
    queryKey: ['consents', candidateId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/candidates/{id}/consents', { params: { path: { id: candidateId } } })),
  });
  const mayWrite = can(session, 'consents:write');
  const items = ledger.data?.items ?? [];

  return (
    <section className="panel consent-panel" aria-labelledby="consent-h">
      <h2 id="consent-h" className="subheading">
        Consent and contact
      </h2>
      <ErrorAlert error={ledger.error} />
      <ul className="decisions" aria-label="May we contact now">
        {(ledger.data?.decisions ?? []).map((d) => (
          <li key={d.channel} className={d.allowed ? 'decision decision-yes' : 'decision decision-no'}>
            <span className="decision-channel">{CHANNEL_LABELS[d.channel] ?? d.channel}</span>
            <span className={d.allowed ? 'badge badge-ok' : 'badge badge-warn'}>
              {d.allowed ? 'Allowed' : 'Not allowed'}
            </span>
            <span className="small">
              <strong>{reasonText(d.reason)}</strong>: {d.message}
            </span>
            <span className="muted small">{JURISDICTION_LABELS[d.jurisdiction] ?? d.jurisdiction}</span>
          </li>
        ))}
      </ul>
      {mayWrite ? (
        <div className="button-row">
          <button type="button" className="button button-small" onClick={() => setDialog('record')}>
            Record consent
          </button>
          <button
            type="button"
            className="button button-small button-danger-quiet"
            onClick={() => setDialog('withdraw')}
          >
            Withdraw
          </button>
        </div>
      ) : null}
      <h3 className="subheading small-heading">Ledger</h3>
      {items.length === 0 ? (
        <p className="muted small">
          {ledger.isPending ? 'Loading…' : 'No entries: the workspace policy decides.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="visually-hidden">Consent ledger</caption>
            <thead>
              <tr>
                <th scope="col">Purpose</th>
                <th scope="col">Basis</th>
                <th scope="col">Dates</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} className={e.withdrawnAt ? 'row-muted' : undefined}>
                  <td>
                    <div className="cell-title">{e.purpose}</div>
                    <div className="muted small">{CHANNEL_LABELS[e.channel] ?? e.channel}</div>
                  </td>
                  <td>
                    <div>{BASIS_LABELS[e.lawfulBasis] ?? e.lawfulBasis}</div>
                    <div className="muted small">{JURISDICTION_LABELS[e.jurisdiction] ?? e.jurisdiction}</div>
                    <div className="small" title="Evidence">
                      {e.evidence}
                    </div>
                  </td>
                  <td className="small">
                    <div>Given {formatDateTime(e.givenAt)}</div>
                    {e.expiresAt ? <div>Expires {formatDate(e.expiresAt)}</div> : null}
                    {e.withdrawnAt ? (
                      <div className="text-danger">
                        Withdrawn {formatDateTime(e.withdrawnAt)}
                        {e.withdrawalReason ? `: ${e.withdrawalReason}` : ''}
                      </div>
                    ) : null}
                    {e.recordedBy ? <div className="muted">by {nameOf(e.recordedBy)}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog === 'record' ? (
        <RecordConsentDialog candidateId={candidateId} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'withdraw' ? (
        <WithdrawConsentDialog candidateId={candidateId} onClose={() => setDialog(null)} />
      ) : null}
    </section>
  );
}
