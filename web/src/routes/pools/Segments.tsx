import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api, fieldErrorsOf, unwrap } from '../../api/client';
import type { SavedSearch, SearchCriteriaBody } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { TextAreaField } from '../../components/TextAreaField';
import { chipsOf } from '../candidates/filterChips';
import { QueryErrorView } from '../candidates/QueryBox';
import { savedSearchesQuery, useCustomFields, useStatusLabel, useUsers } from '../candidates/queries';
import { fromCriteria } from '../candidates/searchState';
import { EnrollButton } from '../outreach/EnrollButton';

/** /segments: dynamic groups (shared saved searches) with their live counts. */
export function Segments() {
  const session = useSession();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<SavedSearch | null>(null);
  const [deleting, setDeleting] = useState<SavedSearch | null>(null);
  const segments = useQuery(savedSearchesQuery(true));
  const items = segments.data?.items ?? [];
  const counts = useQueries({
    queries: items.map((s) => ({
      queryKey: ['segment-count', s.id],
      queryFn: () => unwrap(api.GET('/api/v1/saved-searches/{id}/count', { params: { path: { id: s.id } } })),
    })),
  });
  const statusLabel = useStatusLabel();
  const { nameOf } = useUsers();
  const { byKey } = useCustomFields();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/saved-searches/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['saved-searches'] });
      setDeleting(null);
    },
  });
  const describe = (s: SavedSearch) => {
    const search = fromCriteria(s.criteria);
    const chips = chipsOf(search, {
      statusLabel,
      ownerName: nameOf,
      poolName: () => 'a pool',
      segmentName: () => '',
      field: (k) => byKey.get(k),
    });
    return [search.q ? `“${search.q}”` : '', ...chips.map((c) => `${c.label}: ${c.value}`)]
      .filter(Boolean)
      .join(' · ');
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Segments</h1>
          <p className="muted">
            Dynamic groups such as past applicants, talent community or referrals: saved rules whose members
            are computed every time you look. Any search on the Candidates page can be saved as a segment too.
          </p>
        </div>
        {can(session, 'pools:write') ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New segment
          </button>
        ) : null}
      </header>
      <ErrorAlert error={segments.error ?? remove.error} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Segments</caption>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col">Rules</th>
              <th scope="col">Members now</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s, i) => {
              const count = counts[i];
              return (
                <tr key={s.id}>
                  <td>
                    <Link to="/candidates" search={{ segment: s.id }} className="cell-title">
                      {s.name}
                    </Link>
                    {s.description ? <div className="muted small">{s.description}</div> : null}
                    <div className="muted small">
                      by {s.ownerId === session.user.id ? 'me' : nameOf(s.ownerId)}
                    </div>
                  </td>
                  <td className="small">{describe(s) || <span className="muted">Everyone</span>}</td>
                  <td className="nowrap" aria-live="polite">
                    {count?.data ? (
                      `${count.data.totalIsEstimate ? 'about ' : ''}${count.data.total.toLocaleString()}`
                    ) : count?.error ? (
                      <span className="text-danger small">
                        {count.error instanceof ApiError ? count.error.message : 'error'}
                      </span>
                    ) : (
                      '…'
                    )}
                  </td>
                  <td className="actions">
                    <EnrollButton
                      selection={{ segmentId: s.id }}
                      what={`the members of the segment ${s.name}`}
                      label="Enroll"
                      hiddenLabel={`${s.name} in a sequence`}
                    />
                    {s.ownerId === session.user.id || can(session, 'candidates:configure') ? (
                      <button type="button" className="button button-small" onClick={() => setEditing(s)}>
                        Edit<span className="visually-hidden"> {s.name}</span>
                      </button>
                    ) : null}
                    {s.ownerId === session.user.id || can(session, 'candidates:configure') ? (
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        onClick={() => setDeleting(s)}
                      >
                        Delete<span className="visually-hidden"> {s.name}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
            {items.length === 0 ? (
              <tr>
                <td colSpan={4} className="empty">
                  {segments.isPending ? 'Loading…' : 'No segments yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {creating ? <SegmentDialog onClose={() => setCreating(false)} /> : null}
      {editing ? <SegmentDialog segment={editing} onClose={() => setEditing(null)} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete segment ${deleting.name}?`}
          confirmLabel="Delete segment"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(deleting.id)}
          onClose={() => setDeleting(null)}
        >
          <p>Only the rules go; no candidate is changed.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

const asText = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '');

/**
 * Create a segment, or edit one: name, description, query, status, tags and sources here; any other rule a
 * segment saved from the Candidates page carries (skills, years, custom fields...) is kept as it is.
 */
function SegmentDialog({ segment, onClose }: { segment?: SavedSearch; onClose: () => void }) {
  const queryClient = useQueryClient();
  const initial = (segment?.criteria ?? {}) as SearchCriteriaBody;
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [q, setQ] = useState(asText(initial.q));
  const [status, setStatus] = useState(asText(initial.status));
  const [tags, setTags] = useState(asText(initial.tags));
  const [source, setSource] = useState(asText(initial.source));
  const [sent, setSent] = useState('');
  const { q: _q, status: _s, tags: _t, source: _so, ...others } = initial;
  const otherRules = Object.keys(others).length;
  const create = useMutation({
    mutationFn: () => {
      const criteria: SearchCriteriaBody = { ...others };
      if (q.trim()) criteria.q = q.trim();
      if (status.trim()) criteria.status = status.trim();
      if (tags.trim()) criteria.tags = tags.trim();
      if (source.trim()) criteria.source = source.trim();
      setSent(q.trim());
      const body = { name: name.trim(), description: description.trim(), criteria };
      return segment
        ? unwrap(api.PATCH('/api/v1/saved-searches/{id}', { params: { path: { id: segment.id } }, body }))
        : unwrap(
            api.POST('/api/v1/saved-searches', { body: { ...body, visibility: 'team', isSegment: true } }),
          );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['saved-searches'] });
      if (segment) await queryClient.invalidateQueries({ queryKey: ['segment-count', segment.id] });
      onClose();
    },
  });
  const errors = fieldErrorsOf(create.error);
  const problem = create.error instanceof ApiError ? create.error.problem : null;
  const qErr = problem?.errors?.find((e) => e.field === 'q' || e.field === 'criteria.q');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Dialog title={segment ? `Edit segment ${segment.name}` : 'New segment'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        {qErr ? null : <ErrorAlert error={create.error} fields={['name', 'description']} />}
        <TextField
          label="Name"
          required
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          hint="e.g. Past applicants, Talent community, Referrals"
        />
        <TextField
          label="Description (optional)"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
        />
        <TextAreaField
          label="Boolean query (optional)"
          rows={2}
          value={q}
          onChange={setQ}
          hint='e.g. source:referral OR tag:"talent community"'
        />
        {qErr ? <QueryErrorView id="segment-q-error" query={sent} error={qErr} /> : null}
        <div className="form-row">
          <TextField
            label="Status codes"
            hint="Comma-separated, e.g. applied, rejected"
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            error={errors['criteria.status'] ?? errors.status}
          />
          <TextField
            label="Tags"
            hint="All must be present"
            value={tags}
            onChange={(e) => setTags(e.target.value)}
            error={errors['criteria.tags'] ?? errors.tags}
          />
          <TextField
            label="Sources"
            hint="Any of them"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            error={errors['criteria.source'] ?? errors.source}
          />
        </div>
        <p className="muted small">
          Segments are shared with the team. For every other filter, build the search on the Candidates page
          and save it as a segment.
          {otherRules
            ? ` This segment has ${otherRules} more rule${otherRules === 1 ? '' : 's'} from the Candidates page (listed in the table); they stay as they are.`
            : ''}
        </p>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : segment ? 'Save segment' : 'Create segment'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
