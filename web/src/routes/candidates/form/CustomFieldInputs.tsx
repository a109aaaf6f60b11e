import { useId } from 'react';
import type { CustomField } from '../../../api/types';
import { CheckboxGroup, TextField } from '../../../components/Field';
import { TextAreaField } from '../../../components/TextAreaField';
import { showCustomValue, type UserChoice } from '../queries';
import type { CustomInput } from './formState';

interface Props {
  defs: CustomField[];
  values: Record<string, CustomInput>;
  onChange: (key: string, value: CustomInput) => void;
  errors: Record<string, string>;
  redacted: string[];
  users: UserChoice[];
  nameOf: (id: string) => string;
  userLabel: (u: UserChoice) => string;
}

/** The workspace's custom fields, each rendered by its type, with help text and required marks. */
export function CustomFieldInputs({
  defs,
  values,
  onChange,
  errors,
  redacted,
  users,
  nameOf,
  userLabel,
}: Props) {
  const id = useId();
  const shown = defs
    .filter((d) => !d.retired || (values[d.key] !== undefined && values[d.key]?.length))
    .sort((a, b) => a.position - b.position);
  if (shown.length === 0) return null;
  return (
    <section className="form-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="form-section-title">
        Custom fields
      </h2>
      <div className="form-grid">
        {shown.map((d) => {
          const error = errors[`customFields.${d.key}`];
          if (redacted.includes(`customFields.${d.key}`))
            return (
              <div className="field" key={d.key}>
                <span className="field-label">{d.label}</span>
                <span className="badge">hidden</span>
              </div>
            );
          if (d.retired)
            return (
              <div className="field" key={d.key}>
                <span className="field-label">
                  {d.label} <span className="badge">retired</span>
                </span>
                <span>{showCustomValue(d, values[d.key], nameOf)}</span>
              </div>
            );
          return (
            <CustomInputFor
              key={d.key}
              def={d}
              value={values[d.key] ?? (d.type === 'multi_select' ? [] : '')}
              onChange={(v) => onChange(d.key, v)}
              error={error}
              users={users}
              nameOf={nameOf}
              userLabel={userLabel}
            />
          );
        })}
      </div>
    </section>
  );
}

function CustomInputFor({
  def,
  value,
  onChange,
  error,
  users,
  nameOf,
  userLabel,
}: {
  def: CustomField;
  value: CustomInput;
  onChange: (v: CustomInput) => void;
  error: string | undefined;
  users: UserChoice[];
  nameOf: (id: string) => string;
  userLabel: (u: UserChoice) => string;
}) {
  const id = useId();
  const label = def.required ? `${def.label} (required)` : def.label;
  const hint = [def.helpText, def.fieldGroup ? `Sensitive: ${def.fieldGroup}` : '']
    .filter(Boolean)
    .join(' · ');
  const text = typeof value === 'string' ? value : '';
  const live = def.options.filter(
    (o) => !o.retired || (Array.isArray(value) ? value.includes(o.code) : value === o.code),
  );

  if (def.type === 'multi_select')
    return (
      <div>
        <CheckboxGroup
          legend={label}
          options={live.map((o) => ({ value: o.code, label: o.retired ? `${o.label} (retired)` : o.label }))}
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
          error={error}
        />
        {hint ? <p className="field-hint">{hint}</p> : null}
      </div>
    );
  if (def.type === 'long_text')
    return (
      <TextAreaField
        label={label}
        value={text}
        onChange={onChange}
        error={error}
        hint={hint || undefined}
        required={def.required}
      />
    );
  if (def.type === 'single_select' || def.type === 'boolean' || def.type === 'user') {
    const choices =
      def.type === 'single_select'
        ? live.map((o) => ({ value: o.code, label: o.retired ? `${o.label} (retired)` : o.label }))
        : def.type === 'boolean'
          ? [
              { value: 'true', label: 'Yes' },
              { value: 'false', label: 'No' },
            ]
          : users.map((u) => ({ value: u.id, label: userLabel(u) }));
    if (text && !choices.some((c) => c.value === text))
      choices.push({ value: text, label: def.type === 'user' ? nameOf(text) : text });
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-required={def.required || undefined}
          aria-describedby={
            [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
          }
        >
          <option value="">—</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        {hint ? (
          <p className="field-hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  const type =
    { number: 'number', date: 'date', url: 'url', email: 'email', text: 'text' }[def.type] ?? 'text';
  return (
    <TextField
      label={label}
      type={type}
      value={text}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      hint={hint || undefined}
      aria-required={def.required || undefined}
    />
  );
}
