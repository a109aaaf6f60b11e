import { type KeyboardEvent, useId, useState } from 'react';

interface Props {
  label: string;
  value: string[];
  onChange: (next: string[]) => void;
  hint?: string;
  error?: string | undefined;
  placeholder?: string;
}

/**
 * A list of short values (skills, tags): type and press Enter or comma to add; each token has its own remove
 * button; Backspace in the empty box removes the last one. Text left in the box is added when it loses focus.
 */
export function TokenInput({ label, value, onChange, hint, error, placeholder }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const commit = () => {
    const parts = text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const next = [...value];
    for (const p of parts) if (!next.some((v) => v.toLowerCase() === p.toLowerCase())) next.push(p);
    if (parts.length) onChange(next);
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Backspace' && text === '' && value.length) {
      onChange(value.slice(0, -1));
    }
  };
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="token-box">
        {value.length ? (
          <ul className="tokens" aria-label={`${label} added`}>
            {value.map((v) => (
              <li key={v} className="token">
                {v}
                <button
                  type="button"
                  className="token-remove"
                  aria-label={`Remove ${v}`}
                  onClick={() => onChange(value.filter((x) => x !== v))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          id={id}
          value={text}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          onBlur={commit}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
        />
      </div>
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
