import { useId, useRef } from 'react';
import { ApiError } from '../../api/client';

/** A field error as the template checks report it: where in the text, and how long the bad part is. */
export interface PlacedError {
  message: string;
  position?: number | undefined;
  length?: number | undefined;
}

/** The server's field errors grouped by field, keeping position and length ("template.body" → "body"). */
export function placedErrors(error: unknown, prefix = ''): Record<string, PlacedError[]> {
  const out: Record<string, PlacedError[]> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const field = prefix && e.field.startsWith(prefix) ? e.field.slice(prefix.length) : e.field;
    const list = out[field] ?? [];
    list.push({ message: e.message, position: e.position, length: e.length });
    out[field] = list;
  }
  return out;
}

/** Line and column (1-based) of a character offset, as an editor shows them. */
function lineCol(text: string, position: number): { line: number; col: number } {
  const before = text.slice(0, position).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * A template text (subject, HTML, text): monospace, with each error shown under it, its place in the text
 * named (line, column) and quoted with the bad part marked, and a button that selects it in the field.
 */
export function TemplateField({
  label,
  value,
  onChange,
  errors,
  rows,
  single,
  hint,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  errors?: PlacedError[] | undefined;
  rows?: number;
  single?: boolean;
  hint?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const invalid = !!errors?.length;
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(' ');
  const select = (e: PlacedError) => {
    const el = ref.current;
    if (!el || e.position === undefined) return;
    el.focus();
    el.setSelectionRange(e.position, e.position + Math.max(1, e.length ?? 1));
  };
  const common = {
    id,
    value,
    disabled,
    spellCheck: false,
    className: 'mono-input',
    'aria-invalid': invalid ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
  return (
    <div className={`field${invalid ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {single ? (
        <input ref={ref} {...common} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <textarea ref={ref} rows={rows ?? 6} {...common} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <ul className="field-error template-errors" id={`${id}-error`}>
          {errors?.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity; the list is replaced whole
            <li key={i}>
              {e.message}
              {e.position !== undefined ? (
                <>
                  {' '}
                  <Where text={value} error={e} />{' '}
                  <button type="button" className="link-button" onClick={() => select(e)}>
                    Show in text
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Where({ text, error }: { text: string; error: PlacedError }) {
  const pos = error.position ?? 0;
  const len = Math.max(1, error.length ?? 1);
  const { line, col } = lineCol(text, pos);
  const from = Math.max(0, pos - 20);
  const to = Math.min(text.length, pos + len + 20);
  return (
    <span className="where">
      (line {line}, column {col}:{' '}
      <code className="snippet">
        {from > 0 ? '…' : ''}
        {text.slice(from, pos)}
        <mark>{text.slice(pos, pos + len)}</mark>
        {text.slice(pos + len, to)}
        {to < text.length ? '…' : ''}
      </code>
      )
    </span>
  );
}
