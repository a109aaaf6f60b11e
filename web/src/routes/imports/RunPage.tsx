import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { ImportRun } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateTime } from '../../components/format';
import { ProgressBar, Steps } from '../../components/ProgressBar';
import { HeldRecords } from './HeldRecords';
import { WIZARD_STEPS } from './ImportWizard';
import { MappingStep } from './MappingEditor';
import { formatBytes, formatLabel, isFinished, runQuery, STATUS_LABELS } from './queries';

const COUNTS: { key: keyof ImportRun['counts']; label: string }[] = [
  { key: 'rowsRead', label: 'Rows read' },
  { key: 'created', label: 'Created' },
  { key: 'merged', label: 'Merged' },
  { key: 'heldForReview', label: 'Held for review' },
  { key: 'heldForDpa', label: 'Held for DPA' },
  { key: 'rejected', label: 'Rejected' },
  { key: 'unchanged', label: 'Unchanged' },
];

export function statusBadge(status: ImportRun['status']) {
  const tone =
    status === 'completed'
      ? 'badge badge-ok'
      : status === 'failed' || status === 'cancelled'
        ? 'badge badge-warn'
        : 'badge badge-accent';
  return <span className={tone}>{STATUS_LABELS[status]}</span>;
}

/** /imports/$id: the mapping step while the run waits for it, then live progress, counts, errors, holds. */
export function RunPage({ id }: { id: string }) {
  const session = useSession();
  const run = useQuery(runQuery(id));
  const r = run.data;
  if (run.error && !r)
    return (
      <div className="page">
        <Crumbs name="Not found" />
        <ErrorAlert error={run.error} />
      </div>
    );
  if (!r)
    return (
      <div className="page">
        <p className="muted">Loading…</p>
      </div>
    );
  const name = r.fileName ?? `${formatLabel(r.format)} import`;
  const mayRun = can(session, 'imports:run');
  return (
    <div className="page page-wide">
      <Crumbs name={name} />
      <header className="page-header">
        <div>
          <h1>Import: {name}</h1>
          <p className="muted">
            {formatLabel(r.format)} · {formatBytes(r.fileBytes)} · source <strong>{r.source.code}</strong>
            {r.campaign ? ` · campaign ${r.campaign}` : ''} · uploaded {formatDateTime(r.createdAt)} by{' '}
            {r.createdByName ?? 'the system'}
          </p>
        </div>
        {mayRun && !isFinished(r.status) ? <CancelRun run={r} /> : null}
      </header>
      <Steps steps={WIZARD_STEPS} current={r.status === 'awaiting_mapping' ? 1 : 2} />
      {r.status === 'awaiting_mapping' ? (
        mayRun ? (
          <section className="panel panel-wide">
            <MappingStep run={r} />
          </section>
        ) : (
          <p className="muted">This run waits for someone allowed to run imports to map its columns.</p>
        )
      ) : (
        <Progress run={r} />
      )}
    </div>
  );
}

function Crumbs({ name }: { name: string }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <Link to="/imports">Imports</Link> <span aria-hidden="true">›</span> {name}
    </nav>
  );
}

function Progress({ run: r }: { run: ImportRun }) {
  const session = useSession();
  const done = isFinished(r.status);
  const percent = r.status === 'queued' ? null : r.progress.percent;
  return (
    <section className="panel panel-wide" aria-labelledby="progress-h">
      <h2 id="progress-h" className="subheading">
        Progress
      </h2>
      {/* Announced when the status changes, not on every poll. */}
      <p role="status" aria-live="polite">
        Status: {statusBadge(r.status)} {r.status === 'running' ? `${r.progress.percent}% of the file` : null}
        {r.status === 'completed' && r.finishedAt ? ` on ${formatDateTime(r.finishedAt)}` : null}
      </p>
      <ProgressBar
        label="Import progress"
        percent={r.status === 'cancelled' ? r.progress.percent : percent}
      />
      <p className="muted small">
        {formatBytes(r.progress.bytesDone)} of {formatBytes(r.progress.fileBytes)} processed
      </p>
      {r.error ? (
        <div className="alert alert-error" role="alert">
          {r.error}
        </div>
      ) : null}
      <dl className="counts" aria-label="Counts">
        {COUNTS.map((c) => (
          <div key={c.key}>
            <dt>{c.label}</dt>
            <dd>{r.counts[c.key].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      <div className="toolbar">
        {r.counts.rejected > 0 || done ? (
          <a className="button" href={`/api/v1/imports/${r.id}/errors`} download>
            Download error report
            {r.counts.rejected ? ` (${r.counts.rejected.toLocaleString()} rejected)` : ''}
          </a>
        ) : null}
        {r.counts.heldForReview > 0 && can(session, 'duplicates:review') ? (
          <Link to="/duplicates" className="button">
            Review possible duplicates
          </Link>
        ) : null}
        <Link to="/imports" className="button">
          All imports
        </Link>
      </div>
      {r.counts.heldForDpa > 0 && can(session, 'imports:release_held') ? <HeldRecords runId={r.id} /> : null}
    </section>
  );
}

function CancelRun({ run }: { run: ImportRun }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/imports/{id}/cancel', { params: { path: { id: run.id } } })),
    onSuccess: async (next) => {
      queryClient.setQueryData(['import-run', run.id], next);
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
      setAsking(false);
    },
  });
  return (
    <>
      <button
        type="button"
        className="button button-danger-quiet"
        onClick={() => {
          cancel.reset();
          setAsking(true);
        }}
      >
        Cancel import
      </button>
      {asking ? (
        <ConfirmDialog
          title="Cancel this import?"
          confirmLabel="Cancel import"
          pending={cancel.isPending}
          error={cancel.error}
          onConfirm={() => cancel.mutate()}
          onClose={() => setAsking(false)}
        >
          <p>
            {run.status === 'running'
              ? 'The run stops after the chunk it is processing; the rows already committed stay.'
              : 'The run stops now and its uploaded file is deleted.'}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
