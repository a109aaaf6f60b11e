import { type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import type { CustomField } from '../../../api/types';
import { Checkbox, TextField } from '../../../components/Field';
import { TextAreaField } from '../../../components/TextAreaField';
import { TokenInput } from '../../../components/TokenInput';
import { STATUS_CODES, useStatusLabel, useUsers } from '../queries';
import { ContactSection } from './ContactSection';
import { CustomFieldInputs } from './CustomFieldInputs';
import type { FormState, Period } from './formState';
import { HistorySection } from './HistorySection';

interface Props {
  initial: FormState;
  defs: CustomField[];
  /** Fields the reader may not see (from the record's redactedFields): shown as hidden, never sent. */
  redacted?: string[];
  errors: Record<string, string>;
  /** Above the form: the problem summary, a conflict notice... */
  banner?: ReactNode;
  pending: boolean;
  submitLabel: string;
  onSubmit: (state: FormState) => void;
  onCancel: () => void;
  /** The zone and how it was found, for the hint when no zone is given. */
  inferredTimeZone?: string | null;
}

function errorUnder(errors: Record<string, string>, prefix: string): string | undefined {
  const key = Object.keys(errors).find((k) => k === prefix || k.startsWith(`${prefix}.`));
  return key ? errors[key] : undefined;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="form-section" aria-labelledby={id}>
      <h2 id={id} className="form-section-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Create and edit a candidate: every main field, the workspace's custom fields, errors next to inputs. */
export function CandidateForm(props: Props) {
  const { initial, defs, redacted = [], errors, banner, pending, submitLabel, onSubmit, onCancel } = props;
  const [f, setF] = useState<FormState>(initial);
  const set = (patch: Partial<FormState>) => setF((x) => ({ ...x, ...patch }));
  const statusLabel = useStatusLabel();
  const { users, nameOf, label: userLabel } = useUsers();
  const zones = useMemo(
    () => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []),
    [],
  );
  const zonesId = useId();
  const bind = (key: keyof FormState) => ({
    value: f[key] as string,
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value } as Partial<FormState>),
    error: errors[key] ?? undefined,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(f);
  };
  const ownerChoices =
    f.ownerId && !users.some((u) => u.id === f.ownerId)
      ? [...users, { id: f.ownerId, name: nameOf(f.ownerId) }]
      : users;

  return (
    <form className="candidate-form" onSubmit={submit} noValidate>
      {banner}
      <Section title="Profile">
        <div className="form-row">
          <TextField label="First name" required autoComplete="off" {...bind('firstName')} />
          <TextField label="Last name" autoComplete="off" {...bind('lastName')} />
        </div>
        <TextField
          label="Headline"
          hint="e.g. Senior backend engineer, Go and PostgreSQL"
          {...bind('headline')}
        />
        <TextAreaField
          label="Summary"
          value={f.summary}
          onChange={(summary) => set({ summary })}
          error={errors.summary}
        />
      </Section>
      <ContactSection f={f} set={set} errors={errors} redacted={redacted} />
      <Section title="Location">
        <div className="form-row">
          <TextField label="City" {...bind('city')} error={errors['location.city']} />
          <TextField label="Region" {...bind('region')} error={errors['location.region']} />
          <TextField
            label="Country"
            hint="ISO code or English name"
            {...bind('country')}
            error={errors['location.country']}
          />
          <TextField
            label="Time zone (optional)"
            list={zonesId}
            hint={
              props.inferredTimeZone && !f.timeZone
                ? `Now inferred: ${props.inferredTimeZone}. Leave empty to keep inferring it from region, country or phone.`
                : 'IANA zone such as Europe/Berlin. Leave empty to infer it from region, country or phone.'
            }
            {...bind('timeZone')}
          />
          <datalist id={zonesId}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
      </Section>
      <HistorySection f={f} set={set} errors={errors} />
      <Section title="Skills and tags">
        <TokenInput
          label="Skills"
          hint="Press Enter or comma after each skill; C++, C#, .NET and Node.js stay distinct."
          value={f.skills}
          onChange={(skills) => set({ skills })}
          error={errorUnder(errors, 'skills')}
        />
        <TokenInput
          label="Tags"
          hint="Press Enter or comma after each tag."
          value={f.tags}
          onChange={(tags) => set({ tags })}
          error={errorUnder(errors, 'tags')}
        />
      </Section>
      <Section title="Pipeline">
        <div className="form-row">
          <SelectField
            label="Status"
            value={f.status}
            onChange={(v) => set({ status: v as FormState['status'] })}
            error={errors.status}
          >
            {STATUS_CODES.map((c) => (
              <option key={c} value={c}>
                {statusLabel(c)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Owner"
            value={f.ownerId}
            onChange={(ownerId) => set({ ownerId })}
            error={errors.ownerId}
          >
            <option value="">Nobody</option>
            {ownerChoices.map((u) => (
              <option key={u.id} value={u.id}>
                {userLabel(u)}
              </option>
            ))}
          </SelectField>
          <TextField label="Source" hint="Where the candidate came from, e.g. referral" {...bind('source')} />
        </div>
      </Section>
      <Section title="Internal employee">
        <Checkbox
          label="Is an employee"
          description="For internal mobility searches."
          checked={f.isEmployee}
          onChange={(isEmployee) => set({ isEmployee })}
        />
        {f.isEmployee ? (
          <div className="form-row">
            <TextField
              label="Employee since"
              type="date"
              {...bind('employeeSince')}
              error={errors['employee.since']}
            />
            {redacted.includes('employee.performanceRating') ? (
              <div className="field">
                <span className="field-label">Performance rating</span>
                <span className="badge">hidden</span>
              </div>
            ) : (
              <TextField
                label="Performance rating (1-5)"
                type="number"
                min={1}
                max={5}
                {...bind('performanceRating')}
                error={errors['employee.performanceRating']}
              />
            )}
          </div>
        ) : null}
      </Section>
      {redacted.includes('compensation') ? null : (
        <Section title="Compensation">
          <div className="form-row">
            <TextField
              label="Currency"
              hint="ISO 4217, e.g. EUR"
              maxLength={3}
              {...bind('compCurrency')}
              error={errors['compensation.currency'] ?? errors.compensation}
            />
            <TextField
              label="Current"
              type="number"
              min={0}
              {...bind('compCurrent')}
              error={errors['compensation.current']}
            />
            <TextField
              label="Expected"
              type="number"
              min={0}
              {...bind('compExpected')}
              error={errors['compensation.expected']}
            />
            <SelectField
              label="Per"
              value={f.compPeriod}
              onChange={(v) => set({ compPeriod: v as Period })}
              error={errors['compensation.period']}
            >
              <option value="year">year</option>
              <option value="month">month</option>
              <option value="hour">hour</option>
            </SelectField>
          </div>
        </Section>
      )}
      <CustomFieldInputs
        defs={defs}
        values={f.custom}
        onChange={(key, v) => set({ custom: { ...f.custom, [key]: v } })}
        errors={errors}
        redacted={redacted}
        users={users}
        nameOf={nameOf}
        userLabel={userLabel}
      />
      <div className="form-actions form-actions-sticky">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

function SelectField({
  label,
  value,
  onChange,
  error,
  children,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  children: ReactNode;
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
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {children}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
