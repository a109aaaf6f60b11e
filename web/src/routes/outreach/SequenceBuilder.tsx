import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api, fieldErrorsOf, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import { CheckboxGroup, TextField } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { STATUS_CODES, useStatusLabel, useUsers } from '../candidates/queries';
import { Crumbs, RecordPending } from './PageParts';
import {
  type Sequence,
  type SequenceDraft,
  senderProfileQuery,
  sequenceQuery,
  templatesQuery,
  WEEKDAYS,
} from './queries';
import { newKey, type StepForm, StepsEditor } from './StepsEditor';
import './outreach.css';

/** /sequences/new and /sequences/$id: the sequence builder. */
export function SequenceBuilder({ id }: { id?: string }) {
  const sequence = useQuery({ ...sequenceQuery(id ?? ''), enabled: Boolean(id) });
  if (id && !sequence.data) return <RecordPending to="/sequences" error={sequence.error} />;
  const s = sequence.data ?? null;
  return <SequenceForm key={s ? `${s.id}:${s.version}` : 'new'} sequence={s} />;
}

const DEFAULT_STOPS = ['hired', 'not_interested', 'rejected', 'do_not_contact'];
let justSaved: string | null = null;

function SequenceForm({ sequence }: { sequence: Sequence | null }) {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const statusLabel = useStatusLabel();
  const { nameOf } = useUsers();
  const templates = useQuery(templatesQuery(false));
  const profile = useQuery(senderProfileQuery);
  const [name, setName] = useState(sequence?.name ?? '');
  const [description, setDescription] = useState(sequence?.description ?? '');
  const [status, setStatus] = useState<Sequence['status']>(sequence?.status ?? 'active');
  const [senderId, setSenderId] = useState(sequence?.senderId ?? '');
  const [start, setStart] = useState(sequence?.window.start ?? '08:30');
  const [end, setEnd] = useState(sequence?.window.end ?? '17:30');
  const [days, setDays] = useState((sequence?.window.days ?? [1, 2, 3, 4, 5]).map(String));
  const [stops, setStops] = useState<string[]>(sequence?.stopStatuses ?? DEFAULT_STOPS);
  const [steps, setSteps] = useState<StepForm[]>(
    sequence?.steps.map((st) => ({
      key: newKey(),
      id: st.id,
      kind: st.kind,
      amount: String(st.delay.amount),
      unit: st.delay.unit,
      variants: st.variants.map((v) => v.templateId),
    })) ?? [{ key: newKey(), kind: 'email', amount: '0', unit: 'hours', variants: [''] }],
  );
  const [saved, setSaved] = useState(() => {
    const was = justSaved !== null && justSaved === sequence?.id;
    justSaved = null;
    return was;
  });
  const mayEdit =
    can(session, 'outreach:sequences') &&
    (!sequence || sequence.ownerId === session.user.id || can(session, 'outreach:manage'));

  const body = (): SequenceDraft => ({
    name: name.trim(),
    description: description.trim(),
    status,
    senderId: senderId || null,
    window: { start, end, days: days.map(Number).sort((a, b) => a - b) },
    stopStatuses: stops as SequenceDraft['stopStatuses'],
    steps: steps.map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      kind: s.kind,
      delay: { amount: Number(s.amount), unit: s.unit },
      variants: s.variants.map((templateId) => ({ templateId })),
    })),
  });
  const save = useMutation({
    mutationFn: () =>
      sequence
        ? unwrap(
            api.PUT('/api/v1/outreach/sequences/{id}', {
              params: { path: { id: sequence.id } },
              body: { ...body(), version: sequence.version },
            }),
          )
        : unwrap(api.POST('/api/v1/outreach/sequences', { body: body() })),
    onSuccess: async (s) => {
      justSaved = s.id;
      setSaved(true);
      queryClient.setQueryData(['outreach-sequence', s.id], s);
      await queryClient.invalidateQueries({ queryKey: ['outreach-sequences'] });
      await queryClient.invalidateQueries({ queryKey: ['outreach-templates'] });
      if (!sequence) await navigate({ to: '/sequences/$id', params: { id: s.id } });
    },
  });
  const errors = fieldErrorsOf(save.error);
  const stale = save.error instanceof ApiError && save.error.problem.code === 'stale_version';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const me = session.user;
  const senders = [
    { value: '', label: 'Whoever enrolls' },
    { value: me.id, label: `Me (${me.name})` },
    ...(profile.data?.mayActFor ?? []).map((u) => ({ value: u.id, label: `${u.name} (allows you)` })),
    ...(sequence?.senderId &&
    sequence.senderId !== me.id &&
    !profile.data?.mayActFor.some((u) => u.id === sequence.senderId)
      ? [{ value: sequence.senderId, label: nameOf(sequence.senderId) }]
      : []),
  ];
  const title = sequence ? sequence.name : 'New sequence';
  const fieldNames = [
    'name',
    'description',
    'status',
    'senderId',
    'window.start',
    'window.end',
    'window.days',
    'stopStatuses',
  ];
  const shown = (f: string) => fieldNames.includes(f) || f.startsWith('steps');

  return (
    <div className="page page-wide">
      <Crumbs to="/sequences" name={title} />
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            {sequence
              ? `Version ${sequence.version} · ${sequence.liveEnrollments} live enrollment${sequence.liveEnrollments === 1 ? '' : 's'}`
              : 'Steps are sent in order; each waits after the one before, inside the window in the candidate’s zone.'}
          </p>
        </div>
        {sequence ? (
          <div className="button-row">
            <Link to="/enrollments" search={{ sequenceId: sequence.id }} className="button">
              Enrollments
            </Link>
            <Link to="/sequences/$id/metrics" params={{ id: sequence.id }} className="button">
              Metrics
            </Link>
          </div>
        ) : null}
      </header>
      <form onSubmit={submit} noValidate className="panel panel-wide sequence-form" aria-label="Sequence">
        {stale ? (
          <div className="alert alert-warning" role="alert">
            <p>
              <strong>This sequence changed</strong> since you opened it (it is {errors.version ?? 'newer'}{' '}
              now). Reload it to see the other changes; your edits here will be discarded.
            </p>
            <button
              type="button"
              className="button"
              onClick={() => queryClient.invalidateQueries({ queryKey: ['outreach-sequence', sequence?.id] })}
            >
              Reload the sequence
            </button>
          </div>
        ) : save.error instanceof ApiError &&
          (save.error.problem.errors ?? []).every((e) => shown(e.field)) &&
          save.error.problem.errors?.length ? (
          <div className="alert alert-error" role="alert">
            Please correct the highlighted fields.
          </div>
        ) : (
          <ErrorAlert error={save.error} />
        )}
        {saved && !save.error ? (
          <Notice tone="success">
            Sequence saved.
            {sequence?.liveEnrollments ? ' Planned steps of live enrollments are re-planned.' : ''}
          </Notice>
        ) : null}
        {!mayEdit ? <Notice>Only its owner (or an outreach manager) can change this sequence.</Notice> : null}
        {sequence?.liveEnrollments && mayEdit ? (
          <Notice tone="warning">
            This sequence is live: steps already handed to delivery keep what they were; planned steps follow
            your changes.
          </Notice>
        ) : null}
        <div className="form-row">
          <TextField
            label="Name"
            value={name}
            disabled={!mayEdit}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
          <SelectField
            label="Status"
            value={status}
            disabled={!mayEdit}
            onChange={(v) => setStatus(v as Sequence['status'])}
            options={[
              { value: 'draft', label: 'Draft' },
              { value: 'active', label: 'Active (takes enrollments)' },
              { value: 'archived', label: 'Archived' },
            ]}
            error={errors.status}
          />
          <SelectField
            label="Sender"
            value={senderId}
            disabled={!mayEdit}
            onChange={setSenderId}
            options={senders}
            error={errors.senderId}
            hint="A colleague appears here once they allow you in their sender profile."
          />
        </div>
        <TextField
          label="Description (optional)"
          value={description}
          disabled={!mayEdit}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
        />
        <fieldset className="plain-fieldset">
          <legend className="form-section-title">Sending window (candidate’s local time)</legend>
          <div className="form-row">
            <TextField
              label="From"
              inputMode="numeric"
              value={start}
              hint="HH:MM"
              disabled={!mayEdit}
              onChange={(e) => setStart(e.target.value)}
              error={errors['window.start']}
            />
            <TextField
              label="Until"
              type="text"
              inputMode="numeric"
              pattern="[0-2][0-9]:[0-5][0-9]"
              value={end}
              disabled={!mayEdit}
              onChange={(e) => setEnd(e.target.value)}
              error={errors['window.end']}
              hint="HH:MM; 24:00 for the end of the day"
            />
          </div>
          <CheckboxGroup
            legend="Sending days"
            columns
            options={WEEKDAYS.map((d) => ({ value: String(d.value), label: d.label }))}
            value={days}
            onChange={setDays}
            error={errors['window.days']}
          />
        </fieldset>
        <CheckboxGroup
          legend="Stop when the candidate’s status becomes"
          columns
          options={STATUS_CODES.map((c) => ({ value: c, label: statusLabel(c) }))}
          value={stops}
          onChange={setStops}
          error={errors.stopStatuses}
        />
        <StepsEditor
          steps={steps}
          onChange={setSteps}
          templates={templates.data?.items ?? []}
          errors={errors}
          disabled={!mayEdit}
        />
        {mayEdit ? (
          <div className="form-actions">
            <Link to="/sequences" className="button">
              Cancel
            </Link>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : sequence ? 'Save sequence' : 'Create sequence'}
            </button>
          </div>
        ) : null}
      </form>
    </div>
  );
}
