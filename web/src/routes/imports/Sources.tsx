import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { CreateSourceBody, ImportSource } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { sourcesQuery, vendorsQuery } from './queries';

const KINDS: { value: ImportSource['kind']; label: string }[] = [
  { value: 'job_board', label: 'Job board' },
  { value: 'sourcing_tool', label: 'Sourcing tool' },
  { value: 'referral', label: 'Referral' },
  { value: 'career_site', label: 'Career site' },
  { value: 'agency', label: 'Agency' },
  { value: 'event', label: 'Event' },
  { value: 'internal_mobility', label: 'Internal mobility' },
  { value: 'other', label: 'Other' },
];
const CHANNELS: { value: ImportSource['channel']; label: string }[] = [
  { value: 'paid', label: 'Paid' },
  { value: 'organic', label: 'Organic' },
  { value: 'referral', label: 'Referral' },
  { value: 'owned', label: 'Owned' },
  { value: 'partner', label: 'Partner' },
];
const label = (list: { value: string; label: string }[], v: string) =>
  list.find((x) => x.value === v)?.label ?? v;
const money = (s: string) => (s.trim() === '' ? null : Number(s));

/** /admin/sources: the source catalogue: where candidates come from, through which channel, at what cost. */
export function Sources() {
  const session = useSession();
  const mayEdit = can(session, 'sources:manage');
  const sources = useQuery(sourcesQuery);
  const vendors = useQuery(vendorsQuery);
  const [editing, setEditing] = useState<ImportSource | 'new' | null>(null);
  const queryClient = useQueryClient();
  const archive = useMutation({
    mutationFn: (s: ImportSource) =>
      unwrap(
        api.PATCH('/api/v1/import-sources/{id}', {
          params: { path: { id: s.id } },
          body: { archived: !s.archived },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['import-sources'] }),
  });
  const vendorName = (id: string | null) =>
    id ? (vendors.data?.items.find((v) => v.id === id)?.name ?? '…') : '—';
  const items = sources.data?.items ?? [];
  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Sources</h1>
          <p className="muted">Every imported or captured record keeps the code of its source.</p>
        </div>
        {mayEdit ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New source
          </button>
        ) : null}
      </header>
      <ErrorAlert error={sources.error ?? archive.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Sources</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Kind</th>
              <th scope="col">Channel</th>
              <th scope="col">Vendor</th>
              <th scope="col">Cost</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} className={s.archived ? 'row-muted' : undefined}>
                <td>
                  <span className="cell-title">{s.name}</span> <code>{s.code}</code>
                  {s.archived ? <span className="badge">archived</span> : null}
                </td>
                <td>{label(KINDS, s.kind)}</td>
                <td>{label(CHANNELS, s.channel)}</td>
                <td>{vendorName(s.vendorId)}</td>
                <td className="small">
                  {s.costPerMonth !== null ? `${s.costPerMonth} ${s.currency ?? ''}/month` : null}
                  {s.costPerMonth !== null && s.costPerHire !== null ? <br /> : null}
                  {s.costPerHire !== null ? `${s.costPerHire} ${s.currency ?? ''}/hire` : null}
                  {s.costPerMonth === null && s.costPerHire === null ? '—' : null}
                </td>
                <td className="actions">
                  {mayEdit ? (
                    <>
                      <button type="button" className="button button-small" onClick={() => setEditing(s)}>
                        Edit<span className="visually-hidden"> {s.name}</span>
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={archive.isPending}
                        onClick={() => archive.mutate(s)}
                      >
                        {s.archived ? 'Restore' : 'Archive'}
                        <span className="visually-hidden"> {s.name}</span>
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {sources.isPending ? 'Loading…' : 'No sources.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {editing ? (
        <SourceDialog
          source={editing === 'new' ? null : editing}
          vendors={(vendors.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

function SourceDialog({
  source,
  vendors,
  onClose,
}: {
  source: ImportSource | null;
  vendors: { value: string; label: string }[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [code, setCode] = useState(source?.code ?? '');
  const [name, setName] = useState(source?.name ?? '');
  const [kind, setKind] = useState<ImportSource['kind']>(source?.kind ?? 'job_board');
  const [channel, setChannel] = useState<ImportSource['channel']>(source?.channel ?? 'organic');
  const [vendorId, setVendorId] = useState(source?.vendorId ?? '');
  const [perMonth, setPerMonth] = useState(source?.costPerMonth?.toString() ?? '');
  const [perHire, setPerHire] = useState(source?.costPerHire?.toString() ?? '');
  const [currency, setCurrency] = useState(source?.currency ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body: Omit<CreateSourceBody, 'code'> = {
        name: name.trim(),
        kind,
        channel,
        vendorId: vendorId || null,
        costPerMonth: money(perMonth),
        costPerHire: money(perHire),
        currency: currency.trim().toUpperCase() || null,
      };
      return source
        ? unwrap(api.PATCH('/api/v1/import-sources/{id}', { params: { path: { id: source.id } }, body }))
        : unwrap(api.POST('/api/v1/import-sources', { body: { ...body, code: code.trim() } }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['import-sources'] });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Dialog title={source ? `Edit ${source.name}` : 'New source'} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert
          error={save.error}
          fields={['code', 'name', 'kind', 'channel', 'vendorId', 'costPerMonth', 'costPerHire', 'currency']}
        />
        <div className="form-row">
          <TextField
            label="Code"
            value={code}
            disabled={!!source}
            onChange={(e) => setCode(e.target.value)}
            error={errors.code}
            hint={
              source ? 'Stable: records keep it.' : 'Lower-case letters, digits, - or _; cannot change later.'
            }
          />
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
        </div>
        <div className="form-row">
          <SelectField
            label="Kind"
            value={kind}
            onChange={(v) => setKind(v as typeof kind)}
            options={KINDS}
            error={errors.kind}
          />
          <SelectField
            label="Channel"
            value={channel}
            onChange={(v) => setChannel(v as typeof channel)}
            options={CHANNELS}
            error={errors.channel}
          />
          <SelectField
            label="Vendor"
            value={vendorId}
            onChange={setVendorId}
            options={[{ value: '', label: 'None' }, ...vendors]}
            error={errors.vendorId}
            hint="Its DPA decides whether records are stored or held."
          />
        </div>
        <div className="form-row">
          <TextField
            label="Cost per month"
            inputMode="decimal"
            value={perMonth}
            onChange={(e) => setPerMonth(e.target.value)}
            error={errors.costPerMonth}
          />
          <TextField
            label="Cost per hire"
            inputMode="decimal"
            value={perHire}
            onChange={(e) => setPerHire(e.target.value)}
            error={errors.costPerHire}
          />
          <TextField
            label="Currency"
            value={currency}
            maxLength={3}
            onChange={(e) => setCurrency(e.target.value)}
            error={errors.currency}
            hint="ISO code, e.g. EUR"
          />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : source ? 'Save source' : 'Add source'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
