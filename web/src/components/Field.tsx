import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
}

/** A labelled input with its hint and its error, wired for screen readers. */
export function TextField({ label, error, hint, id, className, ...input }: FieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface CheckboxProps {
  label: string;
  description?: string | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean | undefined;
}

/** A checkbox named by its label alone; the description is its accessible description. */
export function Checkbox({ label, description, checked, onChange, disabled }: CheckboxProps) {
  const id = useId();
  return (
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={description ? `${id}-description` : undefined}
      />
      <span>
        <label htmlFor={id} className="checkbox-label">
          {label}
        </label>
        {description ? (
          <span className="checkbox-description" id={`${id}-description`}>
            {description}
          </span>
        ) : null}
      </span>
    </div>
  );
}

interface CheckboxGroupProps {
  legend: string;
  options: { value: string; label: string; description?: string | undefined }[];
  value: string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
  columns?: boolean;
}

/** A fieldset of checkboxes bound to a list of selected values. */
export function CheckboxGroup({ legend, options, value, onChange, error, columns }: CheckboxGroupProps) {
  const errorId = useId();
  const toggle = (v: string, on: boolean) => onChange(on ? [...value, v] : value.filter((x) => x !== v));
  return (
    <fieldset
      className={`checkbox-group${error ? ' field-invalid' : ''}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>{legend}</legend>
      <div className={columns ? 'checkbox-list checkbox-columns' : 'checkbox-list'}>
        {options.map((o) => (
          <Checkbox
            key={o.value}
            label={o.label}
            description={o.description}
            checked={value.includes(o.value)}
            onChange={(on) => toggle(o.value, on)}
          />
        ))}
      </div>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
