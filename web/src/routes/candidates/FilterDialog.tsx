import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { can, useSession } from '../../auth/session';
import { Dialog } from '../../components/Dialog';
import { CheckboxGroup, TextField } from '../../components/Field';
import { CustomFilterRows } from './CustomFilterRows';
import { poolsQuery, STATUS_CODES, useCustomFields, useStatusLabel, useUsers } from './queries';
import type { CandidateSearch } from './searchState';

const FILTER_KEYS: (keyof CandidateSearch)[] = [
  'skills',
  'skillsMode',
  'minYears',
  'maxYears',
  'minTenureMonths',
  'maxTenureMonths',
  'company',
  'country',
  'region',
  'city',
  'status',
  'source',
  'owner',
  'tags',
  'activityAfter',
  'activityBefore',
  'employee',
  'minRating',
  'maxRating',
  'pool',
  'cf',
];

/** The search without its structured filters (query, sort and segment stay). */
export function clearFilters(s: CandidateSearch): CandidateSearch {
  const next = { ...s };
  for (const k of FILTER_KEYS) delete next[k];
  return next;
}

function tidy(s: CandidateSearch): CandidateSearch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (Array.isArray(v)) {
      const kept = v.filter((x) => !x.endsWith(':'));
      if (kept.length) out[k] = kept;
    } else if (typeof v === 'string' && v.trim()) out[k] = v.trim();
  }
  return out as CandidateSearch;
}

/** Every structured filter of the search in one form; Apply writes them to the URL. */
export function FilterDialog({
  value,
  onApply,
  onClose,
}: {
  value: CandidateSearch;
  onApply: (next: CandidateSearch) => void;
  onClose: () => void;
}) {
  const session = useSession();
  const [d, setD] = useState<CandidateSearch>(value);
  const set = (patch: Partial<CandidateSearch>) => setD((x) => ({ ...x, ...patch }));
  const text = (key: keyof CandidateSearch) => ({
    value: (d[key] as string | undefined) ?? '',
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }),
  });
  const statusLabel = useStatusLabel();
  const { users, nameOf } = useUsers();
  // A chosen owner who is no longer active (not in the directory) stays selectable.
  const ownerChoices =
    d.owner && !['me', 'none'].includes(d.owner) && !users.some((u) => u.id === d.owner)
      ? [...users, { id: d.owner, name: d.owner.includes(',') ? 'Several owners' : nameOf(d.owner) }]
      : users;
  const pools = useQuery(poolsQuery());
  const { fields } = useCustomFields();
  const ratings = can(session, 'fields.performance:read');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(tidy(d));
  };

  return (
    <Dialog title="Filters" onClose={onClose} wide>
      <form onSubmit={submit} noValidate className="filter-form">
        <div className="form-row">
          <TextField label="Skills" hint="Comma-separated, e.g. go, c++, node.js" {...text('skills')} />
          <fieldset className="plain-fieldset">
            <legend className="legend">Skills must match</legend>
            <div className="radio-row">
              {(['all', 'any'] as const).map((m) => (
                <label key={m} className="radio">
                  <input
                    type="radio"
                    name="skillsMode"
                    checked={(d.skillsMode ?? 'all') === m}
                    onChange={() => set({ skillsMode: m })}
                  />
                  {m === 'all' ? 'All of them' : 'Any of them'}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="form-row">
          <TextField label="Min. years of experience" type="number" min={0} max={80} {...text('minYears')} />
          <TextField label="Max. years of experience" type="number" min={0} max={80} {...text('maxYears')} />
          <TextField label="Min. months in current role" type="number" min={0} {...text('minTenureMonths')} />
          <TextField label="Max. months in current role" type="number" min={0} {...text('maxTenureMonths')} />
        </div>
        <div className="form-row">
          <TextField label="Current company" hint="Contains, any case" {...text('company')} />
          <TextField label="Country" hint="ISO codes, comma-separated, e.g. DE, FR" {...text('country')} />
          <TextField label="Region" {...text('region')} />
          <TextField label="City" {...text('city')} />
        </div>
        <CheckboxGroup
          legend="Status"
          columns
          options={STATUS_CODES.map((c) => ({ value: c, label: statusLabel(c) }))}
          value={d.status ? d.status.split(',') : []}
          onChange={(v) => set({ status: v.join(',') })}
        />
        <p className="field-hint">
          Archived candidates are left out unless “{statusLabel('archived')}” is ticked.
        </p>
        <div className="form-row">
          <TextField label="Source" hint="Comma-separated" {...text('source')} />
          <TextField label="Tags" hint="Every tag must be present; comma-separated" {...text('tags')} />
          <div className="field">
            <label htmlFor="f-owner">Owner</label>
            <select id="f-owner" {...text('owner')}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="none">Nobody</option>
              {ownerChoices
                .filter((u) => u.id !== session.user.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-pool">Pool</label>
            <select id="f-pool" {...text('pool')}>
              <option value="">Any</option>
              {(pools.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-row">
          <TextField label="Last activity on or after" type="date" {...text('activityAfter')} />
          <TextField label="Last activity before" type="date" {...text('activityBefore')} />
          <div className="field">
            <label htmlFor="f-employee">Employees</label>
            <select id="f-employee" {...text('employee')}>
              <option value="">Everyone</option>
              <option value="true">Internal employees only</option>
              <option value="false">External candidates only</option>
            </select>
          </div>
        </div>
        {ratings ? (
          <div className="form-row">
            <TextField label="Min. performance rating" type="number" min={1} max={5} {...text('minRating')} />
            <TextField label="Max. performance rating" type="number" min={1} max={5} {...text('maxRating')} />
          </div>
        ) : null}
        <CustomFilterRows value={d.cf ?? []} onChange={(cf) => set({ cf })} fields={fields} />
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setD(clearFilters(d))}>
            Clear all
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
        </div>
      </form>
    </Dialog>
  );
}
