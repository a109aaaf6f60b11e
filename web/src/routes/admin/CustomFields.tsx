import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CustomField } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { customFieldsQuery } from '../candidates/queries';
import { CustomFieldDialog, TYPE_LABELS } from './CustomFieldDialog';

/** /admin/custom-fields: the typed fields of candidates, retired ones included. */
export function CustomFields() {
  const mayConfigure = can(useSession(), 'candidates:configure');
  const fields = useQuery(customFieldsQuery);
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const items = [...(fields.data?.items ?? [])].sort(
    (a, b) => Number(a.retired) - Number(b.retired) || a.position - b.position,
  );

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Custom fields</h1>
          <p className="muted">
            Fields of your own on every candidate, validated on every write (form, API, import). Search them
            with
            <code> key:value</code>.
          </p>
        </div>
        {mayConfigure ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New field
          </button>
        ) : null}
      </header>
      <ErrorAlert error={fields.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Custom fields</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Type</th>
              <th scope="col">Rules</th>
              <th scope="col">Options</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.id} className={f.retired ? 'row-muted' : undefined}>
                <td>
                  <div className="cell-title">
                    {f.label} {f.retired ? <span className="badge">retired</span> : null}
                  </div>
                  <div className="muted small">
                    <code>{f.key}</code>
                    {f.helpText ? ` · ${f.helpText}` : ''}
                  </div>
                </td>
                <td>{TYPE_LABELS[f.type]}</td>
                <td>
                  {f.required ? (
                    <span className="badge badge-accent">required</span>
                  ) : (
                    <span className="muted">optional</span>
                  )}
                  {f.fieldGroup ? (
                    <span className="badge badge-warn">
                      sensitive:{' '}
                      {fields.data?.fieldGroups.find((g) => g.key === f.fieldGroup)?.label ?? f.fieldGroup}
                    </span>
                  ) : null}
                </td>
                <td className="small">
                  {f.options.length
                    ? f.options
                        .filter((o) => !o.retired)
                        .map((o) => o.label)
                        .join(', ') +
                      (f.options.some((o) => o.retired)
                        ? ` (+${f.options.filter((o) => o.retired).length} retired)`
                        : '')
                    : '—'}
                </td>
                <td className="actions">
                  <button type="button" className="button button-small" onClick={() => setEditing(f)}>
                    {mayConfigure ? 'Edit' : 'View'}
                    <span className="visually-hidden"> {f.label}</span>
                  </button>
                </td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={5} className="empty">
                  {fields.isPending ? 'Loading…' : 'No custom fields yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {editing ? (
        <CustomFieldDialog
          field={editing === 'new' ? null : editing}
          readOnly={!mayConfigure}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}
