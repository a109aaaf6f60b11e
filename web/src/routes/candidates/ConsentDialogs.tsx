import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { RecordConsentBody, WithdrawConsentBody } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { TextAreaField } from '../../components/TextAreaField';

export const BASIS_LABELS: Record<string, string> = {
  consent: 'Consent',
  legitimate_interest: 'Legitimate interest',
  contract: 'Contract',
  legal_obligation: 'Legal obligation',
  none: 'None (objection)',
};
export const JURISDICTION_LABELS: Record<string, string> = { gdpr: 'GDPR', ccpa: 'CCPA', other: 'Other' };
const PURPOSES = { contact: 'Contact', storage: 'Data storage', marketing: 'Marketing' } as const;
const CHANNELS = { any: 'Every channel', email: 'Email', sms: 'SMS', phone: 'Phone' } as const;

function Choice({
  label,
  value,
  onChange,
  options,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Record<string, string>;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
      >
        {Object.entries(options).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

/** A local date-time input's value as an ISO instant with offset, or undefined when empty. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function useLedgerWrite<T>(candidateId: string, call: (body: T) => Promise<unknown>, onClose: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['consents', candidateId] });
      await queryClient.invalidateQueries({ queryKey: ['activities', candidateId] });
      onClose();
    },
  });
}

function Actions({
  pending,
  label,
  onClose,
}: {
  pending: boolean;
  label: string;
  onClose: () => void;
}): ReactNode {
  return (
    <div className="form-actions">
      <button type="button" className="button" onClick={onClose}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? 'Saving…' : label}
      </button>
    </div>
  );
}

export function RecordConsentDialog({ candidateId, onClose }: { candidateId: string; onClose: () => void }) {
  const [purpose, setPurpose] = useState<RecordConsentBody['purpose']>('contact');
  const [channel, setChannel] = useState<RecordConsentBody['channel']>('email');
  const [basis, setBasis] = useState<RecordConsentBody['lawfulBasis']>('consent');
  const [jurisdiction, setJurisdiction] = useState('');
  const [evidence, setEvidence] = useState('');
  const [givenAt, setGivenAt] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const save = useLedgerWrite(
    candidateId,
    (body: RecordConsentBody) =>
      unwrap(api.POST('/api/v1/candidates/{id}/consents', { params: { path: { id: candidateId } }, body })),
    onClose,
  );
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const given = instant(givenAt);
    const expires = instant(expiresAt);
    save.mutate({
      purpose,
      channel,
      lawfulBasis: basis,
      evidence,
      ...(jurisdiction
        ? { jurisdiction: jurisdiction as NonNullable<RecordConsentBody['jurisdiction']> }
        : {}),
      ...(given ? { givenAt: given } : {}),
      ...(expires ? { expiresAt: expires } : {}),
    });
  };
  const { none: _none, ...bases } = BASIS_LABELS;
  return (
    <Dialog title="Record consent" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert
          error={save.error}
          fields={['purpose', 'channel', 'lawfulBasis', 'jurisdiction', 'evidence', 'givenAt', 'expiresAt']}
        />
        <div className="form-row">
          <Choice
            label="Purpose"
            value={purpose}
            onChange={(v) => setPurpose(v as typeof purpose)}
            options={PURPOSES}
            error={errors.purpose}
          />
          <Choice
            label="Channel"
            value={channel}
            onChange={(v) => setChannel(v as typeof channel)}
            options={CHANNELS}
            error={errors.channel}
          />
        </div>
        <div className="form-row">
          <Choice
            label="Lawful basis"
            value={basis}
            onChange={(v) => setBasis(v as typeof basis)}
            options={bases}
            error={errors.lawfulBasis}
          />
          <Choice
            label="Jurisdiction"
            value={jurisdiction}
            onChange={setJurisdiction}
            options={{ '': "From the candidate's country", ...JURISDICTION_LABELS }}
            error={errors.jurisdiction}
          />
        </div>
        <TextAreaField
          label="Evidence"
          hint="Where and how it was given, e.g. reply to our email of 3 May"
          value={evidence}
          onChange={setEvidence}
          error={errors.evidence}
          required
          rows={2}
        />
        <div className="form-row">
          <TextField
            label="Given at"
            type="datetime-local"
            hint="Empty: now"
            value={givenAt}
            onChange={(e) => setGivenAt(e.target.value)}
            error={errors.givenAt}
          />
          <TextField
            label="Expires at"
            type="datetime-local"
            hint="Empty: no expiry"
            value={expiresAt}
            onChange={(e) => setExpiresAt(e.target.value)}
            error={errors.expiresAt}
          />
        </div>
        <Actions pending={save.isPending} label="Record" onClose={onClose} />
      </form>
    </Dialog>
  );
}

export function WithdrawConsentDialog({
  candidateId,
  onClose,
}: {
  candidateId: string;
  onClose: () => void;
}) {
  const [purpose, setPurpose] = useState<WithdrawConsentBody['purpose']>('contact');
  const [channel, setChannel] = useState<WithdrawConsentBody['channel']>('any');
  const [reason, setReason] = useState('');
  const save = useLedgerWrite(
    candidateId,
    (body: WithdrawConsentBody) =>
      unwrap(
        api.POST('/api/v1/candidates/{id}/consents/withdraw', {
          params: { path: { id: candidateId } },
          body,
        }),
      ),
    onClose,
  );
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ purpose, channel, reason });
  };
  return (
    <Dialog title="Withdraw consent" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={save.error} fields={['purpose', 'channel', 'reason']} />
        <p className="muted small">
          Open entries are stamped as withdrawn; with none, an objection is recorded. Nothing is deleted.
        </p>
        <div className="form-row">
          <Choice
            label="Purpose"
            value={purpose}
            onChange={(v) => setPurpose(v as typeof purpose)}
            options={PURPOSES}
            error={errors.purpose}
          />
          <Choice
            label="Channel"
            value={channel}
            onChange={(v) => setChannel(v as typeof channel)}
            options={CHANNELS}
            error={errors.channel}
          />
        </div>
        <TextAreaField
          label="Reason"
          value={reason}
          onChange={setReason}
          error={errors.reason}
          required
          rows={2}
        />
        <Actions pending={save.isPending} label="Withdraw" onClose={onClose} />
      </form>
    </Dialog>
  );
}
