import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { CandidateSettings as Settings } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import { CheckboxGroup, TextField } from '../../components/Field';
import { candidateSettingsQuery } from '../candidates/queries';

/** /admin/candidate-settings: default phone region and time zone, contact policy, jurisdictions. */
export function CandidateSettings() {
  const settings = useQuery(candidateSettingsQuery);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Candidate settings</h1>
          <p className="muted">
            Defaults used when candidates are entered, and the rule that decides whether they may be
            contacted.
          </p>
        </div>
      </header>
      <ErrorAlert error={settings.error} />
      {settings.data ? <SettingsForm initial={settings.data} /> : <p className="muted">Loading…</p>}
    </div>
  );
}

function SettingsForm({ initial }: { initial: Settings }) {
  const mayConfigure = can(useSession(), 'candidates:configure');
  const queryClient = useQueryClient();
  const [s, setS] = useState<Settings>(initial);
  const zones = useMemo(
    () => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []),
    [],
  );
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/candidate-settings', {
          body: { ...s, defaultPhoneRegion: s.defaultPhoneRegion.trim().toUpperCase() },
        }),
      ),
    onSuccess: (data) => {
      queryClient.setQueryData(candidateSettingsQuery.queryKey, data);
      setS(data);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <ErrorAlert
        error={save.error}
        fields={['defaultPhoneRegion', 'defaultTimeZone', 'contactPolicy', 'basisRequiredIn']}
      />
      {save.isSuccess ? <Notice tone="success">Settings saved.</Notice> : null}
      <fieldset className="plain-fieldset" disabled={!mayConfigure}>
        <div className="form-row">
          <TextField
            label="Default phone region"
            maxLength={2}
            value={s.defaultPhoneRegion}
            onChange={(e) => setS({ ...s, defaultPhoneRegion: e.target.value })}
            error={errors.defaultPhoneRegion}
            hint="ISO country code for numbers entered without +country code, when the candidate has no country."
          />
          <TextField
            label="Default time zone"
            list="settings-zones"
            value={s.defaultTimeZone}
            onChange={(e) => setS({ ...s, defaultTimeZone: e.target.value })}
            error={errors.defaultTimeZone}
            hint="IANA zone, e.g. Europe/Berlin."
          />
          <datalist id="settings-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        <fieldset className="plain-fieldset">
          <legend className="legend">Contact policy</legend>
          {(
            [
              ['allow', 'Allow contact unless the candidate withdrew or is marked do-not-contact'],
              [
                'require_basis',
                'Require a lawful basis on record (consent, legitimate interest…) everywhere',
              ],
            ] as const
          ).map(([v, l]) => (
            <label key={v} className="radio radio-block">
              <input
                type="radio"
                name="contactPolicy"
                checked={s.contactPolicy === v}
                onChange={() => setS({ ...s, contactPolicy: v })}
              />
              {l}
            </label>
          ))}
          {errors.contactPolicy ? <p className="field-error">{errors.contactPolicy}</p> : null}
        </fieldset>
        <CheckboxGroup
          legend="A lawful basis is always required in"
          options={[
            { value: 'gdpr', label: 'GDPR (EU, EEA, UK)' },
            { value: 'ccpa', label: 'CCPA (California)' },
            { value: 'other', label: 'Other jurisdictions' },
          ]}
          value={s.basisRequiredIn}
          onChange={(v) => setS({ ...s, basisRequiredIn: v as Settings['basisRequiredIn'] })}
          error={errors.basisRequiredIn}
        />
      </fieldset>
      {mayConfigure ? (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      ) : (
        <p className="muted">Changing these needs the candidates:configure permission.</p>
      )}
    </form>
  );
}
