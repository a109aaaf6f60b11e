import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { ImportVendor } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { formatDate } from '../../components/format';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { vendorsQuery } from './queries';

const DPA_STATUSES = [
  { value: 'none', label: 'None' },
  { value: 'pending', label: 'Pending' },
  { value: 'signed', label: 'Signed' },
  { value: 'terminated', label: 'Terminated' },
];
type DpaStatus = ImportVendor['dpaStatus'];

/** /admin/vendors: who hands us personal data, and the data-processing agreement that allows it. */
export function Vendors() {
  const session = useSession();
  const mayEdit = can(session, 'vendors:manage');
  const vendors = useQuery(vendorsQuery);
  const [editing, setEditing] = useState<ImportVendor | 'new' | null>(null);
  const items = vendors.data?.items ?? [];
  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Vendors</h1>
          <p className="muted">
            Records from a vendor without a DPA in force for the candidate's region are held until someone
            releases or discards them.
          </p>
        </div>
        {mayEdit ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            New vendor
          </button>
        ) : null}
      </header>
      <ErrorAlert error={vendors.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Vendors</caption>
          <thead>
            <tr>
              <th scope="col">Vendor</th>
              <th scope="col">DPA</th>
              <th scope="col">Signed</th>
              <th scope="col">Expires</th>
              <th scope="col">Regions</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => (
              <tr key={v.id}>
                <td>
                  <span className="cell-title">{v.name}</span>
                  {v.notes ? <div className="muted small">{v.notes}</div> : null}
                </td>
                <td>
                  <span className={v.dpaInForce ? 'badge badge-ok' : 'badge badge-warn'}>{v.dpaStatus}</span>
                  <div className="muted small">{v.dpaInForce ? 'in force' : 'not in force'}</div>
                </td>
                <td className="nowrap">{formatDate(v.dpaSignedAt)}</td>
                <td className="nowrap">{formatDate(v.dpaExpiresAt)}</td>
                <td>{v.regions.length ? v.regions.join(', ') : '—'}</td>
                <td className="actions">
                  {mayEdit ? (
                    <button type="button" className="button button-small" onClick={() => setEditing(v)}>
                      Edit<span className="visually-hidden"> {v.name}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  {vendors.isPending ? 'Loading…' : 'No vendors registered.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {editing ? (
        <VendorDialog vendor={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}

function VendorDialog({ vendor, onClose }: { vendor: ImportVendor | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(vendor?.name ?? '');
  const [status, setStatus] = useState<DpaStatus>(vendor?.dpaStatus ?? 'none');
  const [signed, setSigned] = useState(vendor?.dpaSignedAt?.slice(0, 10) ?? '');
  const [expires, setExpires] = useState(vendor?.dpaExpiresAt?.slice(0, 10) ?? '');
  const [regions, setRegions] = useState(vendor?.regions.join(', ') ?? '');
  const [notes, setNotes] = useState(vendor?.notes ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        dpaStatus: status,
        dpaSignedAt: signed || null,
        dpaExpiresAt: expires || null,
        regions: regions
          .split(/[\s,;]+/)
          .map((r) => r.trim().toUpperCase())
          .filter(Boolean),
        notes,
      };
      return vendor
        ? unwrap(api.PATCH('/api/v1/import-vendors/{id}', { params: { path: { id: vendor.id } }, body }))
        : unwrap(api.POST('/api/v1/import-vendors', { body }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['import-vendors'] });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const regionError = Object.entries(errors).find(([f]) => f === 'regions' || f.startsWith('regions.'))?.[1];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Dialog title={vendor ? `Edit ${vendor.name}` : 'New vendor'} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert
          error={save.error}
          fields={[
            'name',
            'dpaStatus',
            'dpaSignedAt',
            'dpaExpiresAt',
            'notes',
            ...Object.keys(errors).filter((f) => f.startsWith('regions')),
          ]}
        />
        <TextField
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <div className="form-row">
          <SelectField
            label="DPA status"
            value={status}
            onChange={(v) => setStatus(v as DpaStatus)}
            options={DPA_STATUSES}
            error={errors.dpaStatus}
          />
          <TextField
            label="Signed on"
            type="date"
            value={signed}
            onChange={(e) => setSigned(e.target.value)}
            error={errors.dpaSignedAt}
          />
          <TextField
            label="Expires on"
            type="date"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            error={errors.dpaExpiresAt}
          />
        </div>
        <TextField
          label="Regions covered"
          value={regions}
          onChange={(e) => setRegions(e.target.value)}
          error={regionError}
          hint="Country codes (DE, US), groups (EU, EEA) or * for everywhere, separated by commas."
        />
        <TextAreaField label="Notes" rows={2} value={notes} onChange={setNotes} error={errors.notes} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : vendor ? 'Save vendor' : 'Add vendor'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
