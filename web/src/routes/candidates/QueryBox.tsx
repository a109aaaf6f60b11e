import { type FormEvent, useEffect, useRef, useState } from 'react';

export interface QueryError {
  message: string;
  position?: number | undefined;
  length?: number | undefined;
}

interface Props {
  /** The query the results (and any error) belong to. */
  submitted: string;
  onSubmit: (q: string) => void;
  error: QueryError | null;
  id?: string;
  label?: string;
}

/**
 * The Boolean query box. A syntax error from the server is shown under the box with the faulty span marked in
 * a copy of the query (a caret when the span is empty, e.g. a missing closing parenthesis at the end), and
 * "Show in the query" selects that span in the box itself.
 */
export function QueryBox({
  submitted,
  onSubmit,
  error,
  id = 'candidate-query',
  label = 'Search query',
}: Props) {
  const [text, setText] = useState(submitted);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(submitted), [submitted]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(text);
  };
  const select = () => {
    const el = input.current;
    if (!el || error?.position === undefined) return;
    setText(submitted);
    el.focus();
    requestAnimationFrame(() =>
      el.setSelectionRange(error.position ?? 0, (error.position ?? 0) + (error.length ?? 0)),
    );
  };
  const errorId = `${id}-error`;

  return (
    <search className="query-box">
      <form onSubmit={submit} aria-label="Candidate search">
        <label htmlFor={id} className="query-label">
          {label}
        </label>
        <div className="query-row">
          <input
            ref={input}
            id={id}
            type="search"
            className="query-input mono"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder='e.g. title:"data engineer" AND (python OR go) NOT company:acme'
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${id}-hint` : `${id}-hint`}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" className="button button-primary">
            Search
          </button>
        </div>
        <p className="field-hint" id={`${id}-hint`}>
          AND, OR, NOT in capitals; "exact phrases"; (groups); prefixes title: company: skill: school:
          location: tag: source: status: and custom field keys.
        </p>
        {error ? <QueryErrorView id={errorId} query={submitted} error={error} onSelect={select} /> : null}
      </form>
    </search>
  );
}

export function QueryErrorView({
  id,
  query,
  error,
  onSelect,
}: {
  id: string;
  query: string;
  error: QueryError;
  onSelect?: (() => void) | undefined;
}) {
  const hasSpan = error.position !== undefined && error.position >= 0 && error.position <= query.length;
  const start = hasSpan ? (error.position ?? 0) : 0;
  const len = Math.max(0, Math.min(error.length ?? 0, query.length - start));
  return (
    <div className="query-error" id={id} role="alert">
      <p className="field-error">
        {error.message}
        {hasSpan ? <span className="muted"> (at character {start + 1})</span> : null}
      </p>
      {hasSpan ? (
        <>
          <pre className="query-echo" data-testid="query-echo">
            <span>{query.slice(0, start)}</span>
            <mark className={len === 0 ? 'query-caret' : undefined} title="The problem is here">
              {len === 0 ? ' ' : query.slice(start, start + len)}
            </mark>
            <span>{query.slice(start + len)}</span>
          </pre>
          {onSelect ? (
            <button type="button" className="link-button" onClick={onSelect}>
              Show in the query
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
