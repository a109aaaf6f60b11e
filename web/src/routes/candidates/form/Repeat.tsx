import type { ReactNode } from 'react';

interface Props<T> {
  legend: string;
  /** Singular noun for the buttons: "Add email", "Remove email 2". */
  noun: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  blank: T;
  render: (row: T, index: number, set: (patch: Partial<T>) => void) => ReactNode;
  hint?: ReactNode;
  className?: string;
  error?: string | undefined;
}

/** A repeatable group of inputs (emails, work history...) with add and remove buttons. */
export function Repeat<T extends object>({
  legend,
  noun,
  rows,
  onChange,
  blank,
  render,
  hint,
  className,
  error,
}: Props<T>) {
  const set = (i: number) => (patch: Partial<T>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className={`repeat${className ? ` ${className}` : ''}`}>
      <legend className="legend">{legend}</legend>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {rows.length === 0 ? <p className="muted small">None yet.</p> : null}
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional; errors are addressed by position too
        <div className="repeat-item" key={i}>
          <div className="repeat-fields">{render(row, i, set(i))}</div>
          <button
            type="button"
            className="button button-small button-danger-quiet repeat-remove"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            Remove
            <span className="visually-hidden">
              {' '}
              {noun} {i + 1}
            </span>
          </button>
        </div>
      ))}
      {error ? <p className="field-error">{error}</p> : null}
      <button type="button" className="button button-small" onClick={() => onChange([...rows, { ...blank }])}>
        Add {noun}
      </button>
    </fieldset>
  );
}
