import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { fieldErrorsOf } from '../../api/client';
import type { ImportFormat } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { ProgressBar, Steps } from '../../components/ProgressBar';
import { SelectField } from '../../components/SelectField';
import { guessFormat, type LocalPreview, previewFile } from './localPreview';
import { PreviewTable } from './MappingEditor';
import { FORMATS, formatBytes, isMapped, MAX_UPLOAD_BYTES, sourcesQuery, uploadImport } from './queries';

export const WIZARD_STEPS = ['Choose the file', 'Map the columns', 'Run'];

/**
 * /imports/new, step 1: the file (previewed in the browser), its format and its source; then the upload.
 * Spreadsheets continue on the run's page with the column mapping; JSON formats start at once.
 */
export function ImportWizard() {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sources = useQuery(sourcesQuery);
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [source, setSource] = useState('spreadsheet');
  const [campaign, setCampaign] = useState('');
  const [preview, setPreview] = useState<LocalPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const [fileError, setFileError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  useEffect(() => {
    setPreview(null);
    setPreviewError(null);
    if (!file || !isMapped(format)) return;
    let live = true;
    previewFile(file, format)
      .then((p) => live && setPreview(p))
      .catch((e: unknown) => live && setPreviewError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [file, format]);

  const upload = useMutation({
    mutationFn: () => {
      if (!file) throw new Error('Choose a file first');
      abort.current = new AbortController();
      return uploadImport(
        file,
        {
          format,
          source,
          fileName: file.name.slice(0, 255),
          start: isMapped(format) ? 'false' : 'true',
          ...(campaign.trim() ? { campaign: campaign.trim() } : {}),
        },
        session.csrfToken ?? '',
        setSent,
        abort.current.signal,
      );
    },
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
      queryClient.setQueryData(['import-run', run.id], run);
      await navigate({ to: '/imports/$id', params: { id: run.id } });
    },
  });

  const choose = (f: File | null) => {
    setFileError(null);
    if (f && f.size > MAX_UPLOAD_BYTES) {
      setFileError(
        `is ${formatBytes(f.size)}; the largest file accepted is ${formatBytes(MAX_UPLOAD_BYTES)}`,
      );
      setFile(null);
      return;
    }
    if (f && f.size === 0) {
      setFileError('is empty');
      setFile(null);
      return;
    }
    setFile(f);
    if (f) setFormat(guessFormat(f.name));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFileError('choose a file to import');
      return;
    }
    upload.mutate();
  };
  const errors = fieldErrorsOf(upload.error);
  const sourceOptions = (sources.data?.items ?? [])
    .filter((s) => !s.archived)
    .map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }));
  const shownFileError = fileError ?? errors.body;

  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/imports">Imports</Link> <span aria-hidden="true">›</span> New import
      </nav>
      <header className="page-header">
        <div>
          <h1>New import</h1>
          <p className="muted">
            Spreadsheets, LinkedIn Recruiter and Gem exports, JSON Resume and Greenhouse files. Every record
            keeps its source; duplicates are merged or sent to review.
          </p>
        </div>
      </header>
      <Steps steps={WIZARD_STEPS} current={0} />
      <form onSubmit={submit} noValidate className="panel panel-wide">
        <ErrorAlert error={upload.error} fields={['body', 'format', 'source', 'campaign']} />
        <div className={`field${shownFileError ? ' field-invalid' : ''}`}>
          <label htmlFor={fileId}>File</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,.tsv,.tab,.txt,.json,text/csv,application/json"
            aria-invalid={shownFileError ? true : undefined}
            aria-describedby={`${fileId}-hint${shownFileError ? ` ${fileId}-error` : ''}`}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
            disabled={upload.isPending}
          />
          <p className="field-hint" id={`${fileId}-hint`}>
            {file
              ? `${file.name}: ${formatBytes(file.size)}`
              : `Up to ${formatBytes(MAX_UPLOAD_BYTES)}; the file is streamed, never loaded whole.`}
          </p>
          {shownFileError ? (
            <p className="field-error" id={`${fileId}-error`}>
              File {shownFileError}
            </p>
          ) : null}
        </div>
        <div className="form-row">
          <SelectField
            label="Format"
            value={format}
            onChange={(v) => setFormat(v as ImportFormat)}
            options={FORMATS}
            error={errors.format}
            disabled={upload.isPending}
          />
          <SelectField
            label="Source"
            value={source}
            onChange={setSource}
            options={sourceOptions.length ? sourceOptions : [{ value: source, label: source }]}
            error={errors.source}
            hint="Recorded on every record as its touchpoint and provenance."
            disabled={upload.isPending}
          />
          <TextField
            label="Campaign (optional)"
            value={campaign}
            maxLength={200}
            onChange={(e) => setCampaign(e.target.value)}
            error={errors.campaign}
            disabled={upload.isPending}
          />
        </div>
        {previewError ? (
          <div className="alert alert-warning" role="alert">
            The file could not be previewed: {previewError}
          </div>
        ) : null}
        {preview ? (
          <section aria-labelledby="local-preview-h">
            <h2 id="local-preview-h" className="subheading">
              First rows of the file
            </h2>
            <p className="muted small">
              {preview.headers.length} columns, separated by{' '}
              {preview.delimiter === '\t' ? 'tabs' : `“${preview.delimiter}”`}. You map them in the next step.
            </p>
            <PreviewTable headers={preview.headers} rows={preview.rows} caption="First rows of the file" />
          </section>
        ) : null}
        {upload.isPending && file ? (
          <div role="status">
            <p className="muted small">
              Uploading {formatBytes(sent)} of {formatBytes(file.size)}…
            </p>
            <ProgressBar label="Upload" percent={file.size ? Math.floor((100 * sent) / file.size) : null} />
          </div>
        ) : null}
        <div className="form-actions">
          {upload.isPending ? (
            <button type="button" className="button" onClick={() => abort.current?.abort()}>
              Cancel upload
            </button>
          ) : (
            <Link to="/imports" className="button">
              Cancel
            </Link>
          )}
          <button type="submit" className="button button-primary" disabled={upload.isPending}>
            {upload.isPending
              ? 'Uploading…'
              : isMapped(format)
                ? 'Upload and map columns'
                : 'Upload and start import'}
          </button>
        </div>
      </form>
    </div>
  );
}
