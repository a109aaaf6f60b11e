import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { ImportPreview, ImportRun } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { useCustomFields } from '../candidates/queries';
import { mappingsQuery, previewQuery } from './queries';

const TARGET_LABELS: Record<string, string> = {
  ignore: '— Ignore this column —',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name (split at the last space)',
  headline: 'Headline',
  summary: 'Summary',
  email: 'Email',
  emails: 'Emails (several in one cell)',
  phone: 'Phone',
  phones: 'Phones (several in one cell)',
  city: 'City',
  region: 'Region',
  country: 'Country',
  location: 'Location (“City, Region, Country”)',
  linkedin: 'LinkedIn URL',
  github: 'GitHub URL',
  website: 'Website',
  profileUrl: 'Original profile URL',
  currentTitle: 'Current title',
  currentCompany: 'Current company',
  school: 'School',
  skills: 'Skills',
  tags: 'Tags',
  externalId: 'External id',
  campaign: 'Campaign',
  sourcer: 'Sourcer',
};

/** The first rows of a file as a table (the browser preview and the server's). */
export function PreviewTable({
  headers,
  rows,
  caption,
}: {
  headers: string[];
  rows: (string[] | Record<string, string>)[];
  caption: string;
}) {
  const cell = (r: string[] | Record<string, string>, h: string, i: number) =>
    Array.isArray(r) ? (r[i] ?? '') : (r[h] ?? '');
  return (
    <div className="table-wrap">
      <table className="table preview-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {headers.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here (values may repeat)
              <th scope="col" key={`${i}-${h}`}>
                {h || `(column ${i + 1})`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity but their position
            <tr key={ri}>
              {headers.map((h, i) => {
                const v = cell(r, h, i);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here (values may repeat)
                  <td key={`${i}-${h}`} title={v}>
                    {v}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Step 2 of the wizard, for a spreadsheet run awaiting its mapping: suggested mapping, saved ones, preview. */
export function MappingStep({ run }: { run: ImportRun }) {
  const preview = useQuery(previewQuery(run.id));
  if (preview.error) return <ErrorAlert error={preview.error} />;
  if (!preview.data) return <p className="muted">Reading the first rows…</p>;
  return <MappingForm run={run} preview={preview.data} />;
}

function MappingForm({ run, preview }: { run: ImportRun; preview: ImportPreview }) {
  const queryClient = useQueryClient();
  const mappings = useQuery(mappingsQuery);
  const { byKey } = useCustomFields();
  const [columns, setColumns] = useState<Record<string, string>>(() =>
    Object.fromEntries(preview.headers.map((h) => [h, preview.suggestedMapping[h] ?? 'ignore'])),
  );
  const [saveAs, setSaveAs] = useState('');
  const [applied, setApplied] = useState('');
  const saved = (mappings.data?.items ?? []).filter((m) => m.format === run.format);
  const start = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/imports/{id}/start', {
          params: { path: { id: run.id } },
          body: { columns, ...(saveAs.trim() ? { saveMappingAs: saveAs.trim() } : {}) },
        }),
      ),
    onSuccess: async (next) => {
      queryClient.setQueryData(['import-run', run.id], next);
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
      if (saveAs.trim()) await queryClient.invalidateQueries({ queryKey: ['import-mappings'] });
    },
  });
  const errors = fieldErrorsOf(start.error);
  const targetLabel = (t: string) => {
    if (t.startsWith('customFields.')) {
      const key = t.slice('customFields.'.length);
      return `Custom field: ${byKey.get(key)?.label ?? key}`;
    }
    return TARGET_LABELS[t] ?? t;
  };
  const targets = preview.targets.includes('ignore') ? preview.targets : [...preview.targets, 'ignore'];
  const options = [
    { value: 'ignore', label: targetLabel('ignore') },
    ...targets.filter((t) => t !== 'ignore').map((t) => ({ value: t, label: targetLabel(t) })),
  ];
  const applySaved = (id: string) => {
    setApplied(id);
    const m = saved.find((x) => x.id === id);
    if (m) setColumns(Object.fromEntries(preview.headers.map((h) => [h, m.columns[h] ?? 'ignore'])));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  const givesName = Object.values(columns).some((t) => t === 'firstName' || t === 'fullName');
  const fieldNames = ['columns', 'saveMappingAs', ...preview.headers.map((h) => `columns.${h}`)];

  return (
    <form onSubmit={submit} noValidate aria-labelledby="mapping-h">
      <h2 id="mapping-h" className="subheading">
        Map the columns
      </h2>
      <p className="muted small">
        Each column of the file goes to a candidate field, or is ignored. The suggestion comes from the
        headers; adjust it, and save it to reuse it for the next file of this kind.
      </p>
      <ErrorAlert error={start.error} fields={fieldNames} />
      {saved.length ? (
        <SelectField
          label="Use a saved mapping"
          value={applied}
          onChange={applySaved}
          options={[
            { value: '', label: 'The suggestion from the headers' },
            ...saved.map((m) => ({ value: m.id, label: m.name })),
          ]}
        />
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Column mapping</caption>
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">Goes to</th>
              <th scope="col">First values</th>
            </tr>
          </thead>
          <tbody>
            {preview.headers.map((h) => (
              <tr key={h}>
                <th scope="row">{h}</th>
                <td>
                  <MappingSelect
                    header={h}
                    value={columns[h] ?? 'ignore'}
                    options={options}
                    error={errors[`columns.${h}`]}
                    onChange={(v) => setColumns((c) => ({ ...c, [h]: v }))}
                  />
                </td>
                <td className="muted small truncate">
                  {preview.rows
                    .slice(0, 3)
                    .map((r) => r[h] ?? '')
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {errors.columns || !givesName ? (
        <p className={errors.columns ? 'field-error' : 'alert alert-warning'} role="alert">
          {errors.columns ? `Mapping ${errors.columns}` : 'Map a column to First name or Full name.'}
        </p>
      ) : null}
      <h3 className="subheading">Preview: the first {preview.rows.length} rows</h3>
      <PreviewTable
        headers={preview.headers}
        rows={preview.rows}
        caption="First rows as the server read them"
      />
      <TextField
        label="Save this mapping as (optional)"
        value={saveAs}
        maxLength={100}
        onChange={(e) => setSaveAs(e.target.value)}
        error={errors.saveMappingAs}
        hint="A name to pick this mapping again for the next file."
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={start.isPending || !givesName}>
          {start.isPending ? 'Starting…' : 'Start import'}
        </button>
      </div>
    </form>
  );
}

function MappingSelect({
  header,
  value,
  options,
  error,
  onChange,
}: {
  header: string;
  value: string;
  options: { value: string; label: string }[];
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  const known = options.some((o) => o.value === value);
  return (
    <div className={error ? 'field-invalid' : undefined}>
      <select
        className="mapping-select"
        aria-label={`Field for column ${header}`}
        value={value}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {known ? null : <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}
