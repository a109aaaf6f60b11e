import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { api, unwrap } from '../../api/client';

export interface PickedCandidate {
  id: string;
  name: string;
}

/** The value after it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * Choose one real candidate by name or query: a search box with the first matches as buttons. The chosen one
 * shows as a chip that can be cleared.
 */
export function CandidatePicker({
  label,
  value,
  onChange,
  hint,
}: {
  label: string;
  value: PickedCandidate | null;
  onChange: (c: PickedCandidate | null) => void;
  hint?: string;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const results = useQuery({
    queryKey: ['candidates', 'picker', q],
    enabled: q.length > 1 && !value,
    queryFn: () => unwrap(api.GET('/api/v1/candidates', { params: { query: { q, limit: 6 } } })),
    placeholderData: keepPreviousData,
  });
  if (value)
    return (
      <div className="field">
        <span className="field-label">{label}</span>
        <div className="picked">
          <span className="chip">
            <span className="chip-label">{value.name}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={`Clear ${label.toLowerCase()}`}
              onClick={() => onChange(null)}
            >
              ×
            </button>
          </span>
        </div>
      </div>
    );
  const items = q.length > 1 ? (results.data?.items ?? []) : [];
  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder="Type a name…"
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {items.length ? (
        <ul className="picker-list" aria-label={`Matches for ${label.toLowerCase()}`}>
          {items.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="picker-item"
                onClick={() => {
                  onChange({ id: c.id, name: c.name });
                  setText('');
                }}
              >
                <span>{c.name}</span>
                {c.headline ? <span className="muted small"> · {c.headline}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : q.length > 1 && results.data && !results.isFetching ? (
        <p className="muted small">No candidate matches “{q}”.</p>
      ) : null}
    </div>
  );
}
