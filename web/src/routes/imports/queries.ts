import { queryOptions } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../../api/client';
import type { ImportFormat, ImportQuery, ImportRun, ImportRunStatus } from '../../api/types';

/** The formats the server reads, with what each one is. */
export const FORMATS: { value: ImportFormat; label: string; accept: string; mapped: boolean }[] = [
  { value: 'csv', label: 'CSV spreadsheet', accept: '.csv,text/csv', mapped: true },
  { value: 'tsv', label: 'TSV spreadsheet (tab-separated)', accept: '.tsv,.tab,.txt', mapped: true },
  { value: 'linkedin', label: 'LinkedIn Recruiter export (CSV)', accept: '.csv', mapped: true },
  { value: 'gem', label: 'Gem export (CSV)', accept: '.csv', mapped: true },
  { value: 'json-resume', label: 'JSON Resume', accept: '.json', mapped: false },
  { value: 'greenhouse', label: 'Greenhouse Harvest candidates (JSON)', accept: '.json', mapped: false },
];

export const formatLabel = (f: string) => FORMATS.find((x) => x.value === f)?.label ?? f;
export const isMapped = (f: string) => FORMATS.find((x) => x.value === f)?.mapped ?? false;

/** The server refuses uploads past 2 GiB (its default bound); the wizard says so before sending anything. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

export const FINISHED: ImportRunStatus[] = ['completed', 'failed', 'cancelled'];
export const isFinished = (s: ImportRunStatus) => FINISHED.includes(s);

export const STATUS_LABELS: Record<ImportRunStatus, string> = {
  uploading: 'Uploading',
  awaiting_mapping: 'Awaiting mapping',
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const sourcesQuery = queryOptions({
  queryKey: ['import-sources'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/import-sources')),
  staleTime: 60_000,
});

export const vendorsQuery = queryOptions({
  queryKey: ['import-vendors'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/import-vendors')),
});

export const mappingsQuery = queryOptions({
  queryKey: ['import-mappings'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/import-mappings')),
});

/** A run, polled every second while it may still change. */
export const runQuery = (id: string) =>
  queryOptions({
    queryKey: ['import-run', id] as const,
    queryFn: () => unwrap(api.GET('/api/v1/imports/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : 1000),
  });

export const previewQuery = (id: string) =>
  queryOptions({
    queryKey: ['import-preview', id] as const,
    queryFn: () => unwrap(api.GET('/api/v1/imports/{id}/preview', { params: { path: { id } } })),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/**
 * Upload the file as the raw request body (the server streams it into storage). XMLHttpRequest rather than
 * fetch: it reports upload progress, which a large file needs.
 */
export function uploadImport(
  file: File,
  query: ImportQuery,
  csrfToken: string,
  onProgress: (sent: number) => void,
  signal?: AbortSignal,
): Promise<ImportRun> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports?${params}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) return resolve(body as ImportRun);
      const problem =
        body && typeof body === 'object' && 'code' in body
          ? (body as ApiError['problem'])
          : {
              type: 'about:blank',
              title: 'Upload failed',
              status: xhr.status,
              code: 'http_error',
              detail: `The server answered ${xhr.status}`,
            };
      reject(new ApiError(problem));
    };
    const fail = (detail: string) => () =>
      reject(new ApiError({ type: 'about:blank', title: detail, status: 0, code: 'network', detail }));
    xhr.onerror = fail('The upload did not reach the server');
    xhr.onabort = fail('The upload was cancelled');
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
