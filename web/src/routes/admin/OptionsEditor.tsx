import type { CustomField } from '../../api/types';
import { formatDateTime } from '../../components/format';

export interface OptionRow {
  code: string;
  label: string;
  retired: boolean;
  /** Stored already: its code is fixed and its history is shown. */
  stored: boolean;
  history: CustomField['options'][number]['labelHistory'];
}

interface Props {
  rows: OptionRow[];
  onChange: (rows: OptionRow[]) => void;
  errors: Record<string, string>;
  disabled?: boolean;
}

/** Picklist options: add, rename (earlier labels kept), retire, reorder. Codes of stored options never change. */
export function OptionsEditor({ rows, onChange, errors, disabled }: Props) {
  const set = (i: number, patch: Partial<OptionRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= rows.length) return;
    const next = [...rows];
    [next[i], next[j]] = [next[j] as OptionRow, next[i] as OptionRow];
    onChange(next);
  };
  return (
    <fieldset className="plain-fieldset options-editor" disabled={disabled}>
      <legend className="legend">Options</legend>
      <p className="field-hint">
        The code is what the API, imports and search store; the label is what people see. Renaming keeps the
        earlier labels; retired options keep their meaning on existing records but cannot be chosen any more.
      </p>
      <ol className="option-list">
        {rows.map((r, i) => {
          const n = i + 1;
          const err = errors[`options.${i}.code`] ?? errors[`options.${i}.label`] ?? errors[`options.${i}`];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: new rows have no code yet; the order is the identity
            <li key={i} className={r.retired ? 'option-row row-muted' : 'option-row'}>
              <div className="option-fields">
                <input
                  aria-label={`Option ${n} code`}
                  className="mono"
                  value={r.code}
                  readOnly={r.stored}
                  onChange={(e) => set(i, { code: e.target.value })}
                  placeholder="code"
                />
                <input
                  aria-label={`Option ${n} label`}
                  value={r.label}
                  onChange={(e) => set(i, { label: e.target.value })}
                  placeholder="Label"
                />
                <label className="radio">
                  <input
                    type="checkbox"
                    checked={r.retired}
                    onChange={(e) => set(i, { retired: e.target.checked })}
                  />
                  Retired<span className="visually-hidden"> option {n}</span>
                </label>
                <button
                  type="button"
                  className="icon-button small"
                  aria-label={`Move option ${n} up`}
                  onClick={() => move(i, -1)}
                  disabled={i === 0}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button small"
                  aria-label={`Move option ${n} down`}
                  onClick={() => move(i, 1)}
                  disabled={i === rows.length - 1}
                >
                  ↓
                </button>
                {r.stored ? null : (
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    Remove<span className="visually-hidden"> option {n}</span>
                  </button>
                )}
              </div>
              {err ? <p className="field-error">{err}</p> : null}
              {r.history.length ? (
                <p className="muted small option-history">
                  Earlier labels:{' '}
                  {r.history.map((h) => (
                    <span key={h.until}>
                      “{h.label}” until {formatDateTime(h.until)}
                      {'; '}
                    </span>
                  ))}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {errors.options ? <p className="field-error">{errors.options}</p> : null}
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          onChange([...rows, { code: '', label: '', retired: false, stored: false, history: [] }])
        }
      >
        Add option
      </button>
    </fieldset>
  );
}
