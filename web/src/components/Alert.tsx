import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client';

/**
 * The problem's `detail` of a failed request, announced to screen readers. When every field error is shown
 * next to its field (`fields` lists those the form displays), a short pointer replaces the long detail.
 */
export function ErrorAlert({ error, fields }: { error: unknown; fields?: string[] }) {
  if (!error) return null;
  const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const allShown = fields && fieldErrors.length > 0 && fieldErrors.every((e) => fields.includes(e.field));
  return (
    <div className="alert alert-error" role="alert">
      {allShown ? 'Please correct the highlighted fields.' : errorMessage(error)}
    </div>
  );
}

export function Notice({
  tone = 'info',
  children,
}: {
  tone?: 'info' | 'success' | 'warning';
  children: ReactNode;
}) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}
