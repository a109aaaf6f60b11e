import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { ApiError, api, fieldErrorsOf, unwrap } from '../../api/client';
import type { Candidate, CustomField } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { MergedIntoNotice } from '../duplicates/UndoMerge';
import { CandidateEnrollments } from '../outreach/CandidateEnrollments';
import { CandidateDetails } from './CandidateDetails';
import { ConsentPanel } from './ConsentPanel';
import { CandidateForm } from './form/CandidateForm';
import { FormProblem } from './form/FormProblem';
import { buildPatch, type FormState, formOf, type IndexMaps, translateErrors } from './form/formState';
import { candidateQuery, customFieldsQuery, useStatusLabel, useUsers } from './queries';
import { Timeline } from './Timeline';

/** /candidates/$id: the profile, its edit mode, the timeline and the consent ledger. */
export function CandidatePage({ id }: { id: string }) {
  const candidate = useQuery(candidateQuery(id));
  const fields = useQuery(customFieldsQuery);
  const [editing, setEditing] = useState(false);
  const session = useSession();
  const statusLabel = useStatusLabel();
  const { nameOf } = useUsers();
  const c = candidate.data;

  if (candidate.error)
    return (
      <div className="page">
        <Crumbs name="Not found" />
        <ErrorAlert error={candidate.error} />
      </div>
    );
  if (!c || fields.isPending)
    return (
      <div className="page">
        <p className="muted">Loading…</p>
      </div>
    );
  const defs = fields.data?.items ?? [];

  return (
    <div className="page page-wide">
      <Crumbs name={c.name} />
      <header className="page-header profile-header">
        <div>
          <h1>{c.name}</h1>
          {c.headline ? <p className="profile-headline">{c.headline}</p> : null}
          <p className="profile-meta">
            <span className={`badge status-${c.status}`} title={`Status code: ${c.status}`}>
              {statusLabel(c.status)}
            </span>
            <span>
              Owner: <strong>{c.ownerId ? nameOf(c.ownerId) : 'nobody'}</strong>
            </span>
            {c.archivedAt ? <span className="badge badge-warn">Archived</span> : null}
            <span className="muted small">Version {c.version}</span>
          </p>
        </div>
        {can(session, 'candidates:write') && !editing ? (
          <button type="button" className="button button-primary" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
      </header>
      <ErrorAlert error={fields.error} />
      {c.archivedAt ? <MergedIntoNotice candidateId={c.id} /> : null}
      <div className="profile-grid">
        <div className="profile-main">
          {editing ? (
            <EditCandidate
              key={c.version}
              candidate={c}
              defs={defs}
              onDone={() => setEditing(false)}
              onReload={() => candidate.refetch()}
            />
          ) : (
            <CandidateDetails candidate={c} defs={defs} />
          )}
          <Timeline candidateId={c.id} defs={defs} />
        </div>
        <aside className="profile-side" aria-label="Consent">
          <ConsentPanel candidateId={c.id} />
          <CandidateEnrollments candidateId={c.id} name={c.name} />
        </aside>
      </div>
    </div>
  );
}

function Crumbs({ name }: { name: string }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <Link to="/candidates">Candidates</Link> <span aria-hidden="true">›</span> {name}
    </nav>
  );
}

function EditCandidate({
  candidate,
  defs,
  onDone,
  onReload,
}: {
  candidate: Candidate;
  defs: CustomField[];
  onDone: () => void;
  onReload: () => void;
}) {
  const queryClient = useQueryClient();
  const maps = useRef<IndexMaps | null>(null);
  const redacted = candidate.redactedFields ?? [];
  const before = formOf(candidate, defs);
  const save = useMutation({
    mutationFn: async (f: FormState) => {
      const { body, maps: m } = buildPatch(before, f, defs, redacted, candidate.version);
      maps.current = m;
      if (Object.keys(body).length === 1) return null; // only the version: nothing changed
      return unwrap(api.PATCH('/api/v1/candidates/{id}', { params: { path: { id: candidate.id } }, body }));
    },
    onSuccess: async (next) => {
      if (next) {
        queryClient.setQueryData(['candidate', candidate.id], next);
        await queryClient.invalidateQueries({ queryKey: ['activities', candidate.id] });
        await queryClient.invalidateQueries({ queryKey: ['candidates'] });
      }
      onDone();
    },
  });
  const stale = save.error instanceof ApiError && save.error.problem.code === 'stale_version';
  const errors = maps.current && !stale ? translateErrors(fieldErrorsOf(save.error), maps.current) : {};
  const banner = stale ? (
    <div className="alert alert-warning" role="alert">
      <p>
        <strong>Someone else changed this candidate</strong> since you started editing (you had version{' '}
        {candidate.version}). Reload to see their changes; your edits here will be discarded.
      </p>
      <button type="button" className="button" onClick={onReload}>
        Reload the candidate
      </button>
    </div>
  ) : (
    <FormProblem error={save.error} errors={errors} defs={defs} />
  );

  return (
    <section aria-label="Edit candidate" className="panel panel-wide">
      <h2 className="subheading">Edit</h2>
      <CandidateForm
        initial={before}
        defs={defs}
        redacted={redacted}
        errors={errors}
        banner={banner}
        pending={save.isPending}
        submitLabel="Save changes"
        onSubmit={(f) => save.mutate(f)}
        onCancel={onDone}
        inferredTimeZone={
          candidate.timeZone && candidate.timeZoneSource !== 'explicit'
            ? `${candidate.timeZone} (from ${candidate.timeZoneSource})`
            : null
        }
      />
    </section>
  );
}
