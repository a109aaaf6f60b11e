import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/Alert';
import { CandidatePicker, type PickedCandidate, useDebounced } from './CandidatePicker';
import type { TemplateDraft } from './queries';

/**
 * An HTML body shown safely: a sandboxed frame (no scripts, no same-origin, no forms, no navigation) whose
 * document is the HTML itself, with a Content-Security-Policy that loads no remote content.
 */
export function HtmlFrame({ html, title }: { html: string; title: string }) {
  const doc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"><style>body{font-family:system-ui,sans-serif;font-size:14px;line-height:1.5;color:#1d2320;margin:12px}</style></head><body>${html}</body></html>`;
  return <iframe className="html-frame" title={title} sandbox="" srcDoc={doc} referrerPolicy="no-referrer" />;
}

let remembered: PickedCandidate | null = null;

/**
 * The editor's live preview: the draft rendered for a real candidate by the server (the same engine and
 * checks as sending), re-rendered a moment after typing stops.
 */
export function TemplatePreview({ draft }: { draft: TemplateDraft }) {
  const [candidate, setCandidateState] = useState<PickedCandidate | null>(remembered);
  const setCandidate = (c: PickedCandidate | null) => {
    remembered = c;
    setCandidateState(c);
  };
  const settled = useDebounced(draft, 400);
  const preview = useQuery({
    queryKey: ['outreach-template-preview', candidate?.id, settled],
    enabled: Boolean(candidate),
    queryFn: () =>
      unwrap(
        api.POST('/api/v1/outreach/templates/preview', {
          body: { candidateId: candidate?.id ?? '', template: settled },
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const problems = preview.error instanceof ApiError ? (preview.error.problem.errors ?? []) : [];
  const r = preview.isError ? undefined : preview.data;
  const typing = JSON.stringify(settled) !== JSON.stringify(draft) || preview.isFetching;
  return (
    <section className="panel preview-panel" aria-labelledby="preview-heading">
      <div className="panel-head">
        <h2 id="preview-heading" className="subheading">
          Live preview
        </h2>
        {candidate && typing ? <span className="muted small">updating…</span> : null}
      </div>
      <CandidatePicker
        label="Preview for candidate"
        value={candidate}
        onChange={setCandidate}
        hint="Rendered by the server with this candidate's values and you as the sender."
      />
      {!candidate ? (
        <p className="muted">Choose a candidate to see the message as they would get it.</p>
      ) : null}
      {preview.error ? (
        problems.length ? (
          <div className="alert alert-warning" role="status">
            <p>{preview.error instanceof ApiError ? preview.error.message : 'Cannot render'}</p>
            <ul>
              {problems.map((p) => (
                <li key={`${p.field}:${p.message}:${p.position ?? ''}`}>
                  <code>{p.field.replace(/^template\./, '')}</code> {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ErrorAlert error={preview.error} />
        )
      ) : null}
      {r ? (
        <div className="rendered" aria-live="polite">
          {draft.kind === 'email' ? (
            <dl className="rendered-head">
              <dt>Subject</dt>
              <dd data-testid="preview-subject">{r.subject || <span className="muted">(none)</span>}</dd>
            </dl>
          ) : null}
          {draft.kind === 'email' && r.html ? (
            <>
              <h3 className="small-heading">HTML</h3>
              <HtmlFrame html={r.html} title="HTML preview" />
            </>
          ) : null}
          <h3 className="small-heading">
            {draft.kind === 'email' ? 'Plain text' : draft.kind === 'sms' ? 'Message' : 'Instructions'}
          </h3>
          <pre className="rendered-text" data-testid="preview-text">
            {r.body}
          </pre>
          {draft.kind === 'sms' ? (
            <p className="muted small">
              {r.body.length} characters · {Math.max(1, Math.ceil(r.body.length / 160))} SMS part
              {r.body.length > 160 ? 's' : ''}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
