import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { Checkbox } from '../../components/Field';
import { formatDate } from '../../components/format';
import { useUsers } from '../candidates/queries';
import { TEMPLATE_KINDS, type Template, templateKindLabel, templatesQuery } from './queries';
import './outreach.css';

type Owner = 'all' | 'mine' | 'shared';

/** /templates: the template library: yours and the shared ones, who owns them and which sequences use them. */
export function Templates() {
  const session = useSession();
  const [owner, setOwner] = useState<Owner>('all');
  const [kind, setKind] = useState('');
  const [archived, setArchived] = useState(false);
  const templates = useQuery(templatesQuery(archived));
  const { nameOf } = useUsers();
  const me = session.user.id;
  const keep = (t: Template) =>
    (owner === 'all' || (owner === 'mine' ? t.ownerId === me : t.shared)) && (!kind || t.kind === kind);
  const items = (templates.data?.items ?? []).filter(keep);

  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Templates</h1>
          <p className="muted">
            Emails, texts and task instructions with personalisation fields, checked when saved.
          </p>
        </div>
        {can(session, 'outreach:templates') ? (
          <Link to="/templates/new" className="button button-primary">
            New template
          </Link>
        ) : null}
      </header>
      <div className="toolbar">
        <fieldset className="segmented" aria-label="Whose templates">
          {(['all', 'mine', 'shared'] as const).map((o) => (
            <button
              key={o}
              type="button"
              className={owner === o ? 'segmented-on' : undefined}
              aria-pressed={owner === o}
              onClick={() => setOwner(o)}
            >
              {o === 'all' ? 'All' : o === 'mine' ? 'Mine' : 'Shared library'}
            </button>
          ))}
        </fieldset>
        <label className="inline-field">
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">Any</option>
            {TEMPLATE_KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <Checkbox label="Show archived" checked={archived} onChange={setArchived} />
      </div>
      <ErrorAlert error={templates.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Templates</caption>
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Kind</th>
              <th scope="col">Owner</th>
              <th scope="col">In use by</th>
              <th scope="col">Fields</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id} className={t.archived ? 'row-muted' : undefined}>
                <td>
                  <Link to="/templates/$id" params={{ id: t.id }} className="cell-title">
                    {t.name}
                  </Link>
                  {t.shared ? <span className="badge badge-accent">shared</span> : null}
                  {t.archived ? <span className="badge">archived</span> : null}
                  {t.subject ? <div className="muted small truncate">{t.subject}</div> : null}
                </td>
                <td>{templateKindLabel(t.kind)}</td>
                <td>{t.ownerId === me ? 'You' : nameOf(t.ownerId)}</td>
                <td>
                  {t.usedBy.length ? (
                    <ul className="plain-list">
                      {t.usedBy.map((s) => (
                        <li key={s.id}>
                          <Link to="/sequences/$id" params={{ id: s.id }}>
                            {s.name}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="small">
                  {t.fields.length ? t.fields.map((f) => <code key={f}>{f} </code>) : '—'}
                </td>
                <td className="nowrap">{formatDate(t.updatedAt)}</td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {templates.isPending ? 'Loading…' : 'No templates here yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
