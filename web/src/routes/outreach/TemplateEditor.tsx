import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Checkbox, TextField } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { useUsers } from '../candidates/queries';
import { Crumbs, RecordPending } from './PageParts';
import {
  TEMPLATE_KINDS,
  type Template,
  type TemplateDraft,
  type TemplateKind,
  templateQuery,
} from './queries';
import { placedErrors, TemplateField } from './TemplateField';
import { TemplatePreview } from './TemplatePreview';
import './outreach.css';

const FIELDS_HELP =
  'Fields: first_name, last_name, full_name, current_title, current_company, location, city, region, country, custom.<key>, sender.name, sender.email, sender.title. Fallback: {{ first_name | default: "there" }}';

/** /templates/new and /templates/$id: the template form beside its live preview. */
export function TemplateEditor({ id }: { id?: string }) {
  const template = useQuery({ ...templateQuery(id ?? ''), enabled: Boolean(id) });
  if (id && !template.data) return <RecordPending to="/templates" error={template.error} />;
  const t = template.data ?? null;
  return <TemplateForm key={t ? `${t.id}:${t.version}` : 'new'} template={t} />;
}

let justSaved: string | null = null;

function TemplateForm({ template }: { template: Template | null }) {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { nameOf } = useUsers();
  const [name, setName] = useState(template?.name ?? '');
  const [kind, setKind] = useState<TemplateKind>(template?.kind ?? 'email');
  const [shared, setShared] = useState(template?.shared ?? false);
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [html, setHtml] = useState(template?.html ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [archiving, setArchiving] = useState(false);
  // A save remounts the form on the new version: the notice survives it.
  const [saved, setSaved] = useState(() => {
    const was = justSaved !== null && justSaved === template?.id;
    justSaved = null;
    return was;
  });
  const mine = !template || template.ownerId === session.user.id;
  const mayEdit =
    can(session, 'outreach:templates') && (mine || can(session, 'outreach:manage')) && !template?.archived;
  const email = kind === 'email';
  const draft: TemplateDraft = {
    name: name.trim() || 'Untitled',
    kind,
    shared,
    subject: email ? subject : null,
    html: email && html.trim() ? html : null,
    body,
  };

  const save = useMutation({
    mutationFn: () => {
      const fields = { shared, subject: draft.subject, html: draft.html, body };
      return template
        ? unwrap(
            api.PATCH('/api/v1/outreach/templates/{id}', {
              params: { path: { id: template.id } },
              body: { ...fields, name: name.trim(), version: template.version },
            }),
          )
        : unwrap(api.POST('/api/v1/outreach/templates', { body: { ...fields, name: name.trim(), kind } }));
    },
    onSuccess: async (t) => {
      queryClient.setQueryData(['outreach-template', t.id], t);
      await queryClient.invalidateQueries({ queryKey: ['outreach-templates'] });
      justSaved = t.id;
      setSaved(true);
      if (!template) await navigate({ to: '/templates/$id', params: { id: t.id } });
    },
  });
  const archive = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/outreach/templates/{id}', { params: { path: { id: template?.id ?? '' } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['outreach-templates'] });
      await navigate({ to: '/templates' });
    },
  });
  const errors = placedErrors(save.error);
  const stale = save.error instanceof ApiError && save.error.problem.code === 'stale_version';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const title = template ? template.name : 'New template';

  return (
    <div className="page page-wide">
      <Crumbs to="/templates" name={title} />
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          {template ? (
            <p className="muted">
              {template.shared ? 'In the shared library' : 'Only you (and outreach managers) see it'} · owner{' '}
              {mine ? 'you' : nameOf(template.ownerId)} · version {template.version}
              {template.archived ? ' · archived' : ''}
            </p>
          ) : (
            <p className="muted">Checked when saved: unknown fields and filters are shown where they are.</p>
          )}
        </div>
        {template && mayEdit ? (
          <button
            type="button"
            className="button button-danger-quiet"
            onClick={() => {
              archive.reset();
              setArchiving(true);
            }}
          >
            Archive
          </button>
        ) : null}
      </header>
      {template?.usedBy.length ? (
        <p className="used-by">
          In use by{' '}
          {template.usedBy.map((s, i) => (
            <span key={s.id}>
              {i ? ', ' : ''}
              <Link to="/sequences/$id" params={{ id: s.id }}>
                {s.name}
              </Link>
            </span>
          ))}
          .
        </p>
      ) : null}
      <div className="editor-grid">
        <form onSubmit={submit} noValidate className="panel editor-form" aria-label="Template">
          {stale ? (
            <div className="alert alert-warning" role="alert">
              <p>
                <strong>This template changed</strong> since you opened it (someone saved version{' '}
                {save.error instanceof ApiError ? save.error.fieldErrors.version?.replace('is ', '') : ''}).
                Reload it to see their version; your edits here will be discarded.
              </p>
              <button
                type="button"
                className="button"
                onClick={() =>
                  queryClient.invalidateQueries({ queryKey: ['outreach-template', template?.id] })
                }
              >
                Reload the template
              </button>
            </div>
          ) : (
            <ErrorAlert error={save.error} fields={['name', 'kind', 'shared', 'subject', 'html', 'body']} />
          )}
          {saved && !save.isPending && !save.error ? <Notice tone="success">Template saved.</Notice> : null}
          {!mayEdit ? (
            <Notice>
              {template?.archived ? 'This template is archived.' : 'Only its owner can change this template.'}
            </Notice>
          ) : null}
          <div className="form-row">
            <TextField
              label="Name"
              value={name}
              disabled={!mayEdit}
              onChange={(e) => setName(e.target.value)}
              error={errors.name?.[0]?.message}
            />
            <SelectField
              label="Kind"
              value={kind}
              disabled={!!template}
              onChange={(v) => setKind(v as TemplateKind)}
              options={TEMPLATE_KINDS}
              error={errors.kind?.[0]?.message}
              hint={template ? 'Fixed once created.' : undefined}
            />
          </div>
          <Checkbox
            label="Share in the workspace library"
            description="Everyone can use it in their sequences; only you can change it."
            checked={shared}
            disabled={!mayEdit}
            onChange={setShared}
          />
          {email ? (
            <>
              <TemplateField
                label="Subject"
                single
                value={subject}
                disabled={!mayEdit}
                onChange={setSubject}
                errors={errors.subject}
              />
              <TemplateField
                label="HTML"
                rows={8}
                value={html}
                disabled={!mayEdit}
                onChange={setHtml}
                errors={errors.html}
                hint="Optional. Values are HTML-escaped; scripts never run in the preview."
              />
            </>
          ) : null}
          <TemplateField
            label={email ? 'Plain text' : kind === 'sms' ? 'Message' : 'Instructions'}
            rows={email ? 6 : 8}
            value={body}
            disabled={!mayEdit}
            onChange={setBody}
            errors={errors.body}
            hint={kind === 'sms' ? `At most 1,600 characters (${body.length} now).` : undefined}
          />
          <details className="disclosure fields-help">
            <summary>Personalisation fields</summary>
            <p className="small">{FIELDS_HELP}</p>
          </details>
          {mayEdit ? (
            <div className="form-actions">
              <Link to="/templates" className="button">
                Cancel
              </Link>
              <button type="submit" className="button button-primary" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : template ? 'Save template' : 'Create template'}
              </button>
            </div>
          ) : null}
        </form>
        <TemplatePreview draft={draft} />
      </div>
      {archiving && template ? (
        <ConfirmDialog
          title={`Archive template ${template.name}?`}
          confirmLabel="Archive template"
          pending={archive.isPending}
          error={archive.error}
          onConfirm={() => archive.mutate()}
          onClose={() => setArchiving(false)}
        >
          <p>
            It leaves the library. A template that a sequence uses cannot be archived: change those sequences
            first.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
