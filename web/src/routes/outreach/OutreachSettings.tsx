import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, fieldErrorsOf, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import { TextField } from '../../components/Field';
import './outreach.css';

type Settings = components['schemas']['OutreachDeliverySettings'];

/** /admin/outreach-settings: the guards every send passes: frequency cap, sender limit, domain throttle. */
export function OutreachSettings() {
  const settings = useQuery({
    queryKey: ['outreach-settings'],
    queryFn: () => unwrap(api.GET('/api/v1/outreach/settings')),
  });
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Outreach settings</h1>
          <p className="muted">
            Checked on every send, across all sequences and senders. A step a guard refuses is recorded as
            blocked, with the reason, on the enrollment and the candidate’s timeline.
          </p>
        </div>
      </header>
      <ErrorAlert error={settings.error} />
      {settings.data ? <SettingsForm key={settings.data.version} settings={settings.data} /> : null}
    </div>
  );
}

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

function SettingsForm({ settings }: { settings: Settings }) {
  const session = useSession();
  const mayEdit = can(session, 'outreach:manage');
  const queryClient = useQueryClient();
  const [touches, setTouches] = useState(String(settings.frequencyCap.touches));
  const [days, setDays] = useState(String(settings.frequencyCap.days));
  const [senderLimit, setSenderLimit] = useState(String(settings.senderDailyLimit));
  const [perMinute, setPerMinute] = useState(String(settings.domainThrottle.perMinute));
  const [perHour, setPerHour] = useState(String(settings.domainThrottle.perHour));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/outreach/settings', {
          body: {
            frequencyCap: { touches: num(touches), days: num(days) },
            senderDailyLimit: num(senderLimit),
            domainThrottle: { perMinute: num(perMinute), perHour: num(perHour) },
            version: settings.version,
          },
        }),
      ),
    onSuccess: (s) => {
      setSaved(true);
      queryClient.setQueryData(['outreach-settings'], s);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const stale = save.error instanceof ApiError && save.error.problem.code === 'stale_version';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const field = (label: string, value: string, set: (v: string) => void, key: string, hint: string) => (
    <TextField
      label={label}
      type="number"
      min={0}
      inputMode="numeric"
      value={value}
      disabled={!mayEdit}
      onChange={(e) => set(e.target.value)}
      error={errors[key]}
      hint={hint}
    />
  );
  return (
    <form onSubmit={submit} noValidate className="panel">
      {stale ? (
        <div className="alert alert-warning" role="alert">
          <p>
            <strong>The settings changed</strong> since you opened them. Reload to see them; your edits here
            will be discarded.
          </p>
          <button
            type="button"
            className="button"
            onClick={() => queryClient.invalidateQueries({ queryKey: ['outreach-settings'] })}
          >
            Reload the settings
          </button>
        </div>
      ) : (
        <ErrorAlert
          error={save.error}
          fields={[
            'frequencyCap.touches',
            'frequencyCap.days',
            'senderDailyLimit',
            'domainThrottle.perMinute',
            'domainThrottle.perHour',
          ]}
        />
      )}
      {saved && !save.error ? <Notice tone="success">Settings saved.</Notice> : null}
      {!mayEdit ? <Notice>Only outreach managers change these settings.</Notice> : null}
      <p>
        Email goes to{' '}
        <strong>
          {settings.delivery === 'smtp' ? 'the SMTP server (SMTP_URL)' : 'the dev mailbox (no SMTP_URL set)'}
        </strong>
        .
      </p>
      <fieldset className="plain-fieldset">
        <legend className="form-section-title">Frequency cap per candidate</legend>
        <div className="form-row">
          {field('Touches at most', touches, setTouches, 'frequencyCap.touches', '0: no cap')}
          {field('In this many days', days, setDays, 'frequencyCap.days', 'Across all sequences and senders')}
        </div>
      </fieldset>
      <fieldset className="plain-fieldset">
        <legend className="form-section-title">Throttles</legend>
        <div className="form-row">
          {field(
            'Messages per sender per day',
            senderLimit,
            setSenderLimit,
            'senderDailyLimit',
            '0: no limit',
          )}
          {field(
            'Per recipient domain per minute',
            perMinute,
            setPerMinute,
            'domainThrottle.perMinute',
            '0: no limit',
          )}
          {field(
            'Per recipient domain per hour',
            perHour,
            setPerHour,
            'domainThrottle.perHour',
            '0: no limit',
          )}
        </div>
      </fieldset>
      {mayEdit ? (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      ) : null}
    </form>
  );
}
