import { Link } from '@tanstack/react-router';
import { ErrorAlert } from '../../components/Alert';

type ListPath = '/templates' | '/sequences' | '/enrollments';
const LABELS: Record<ListPath, string> = {
  '/templates': 'Templates',
  '/sequences': 'Sequences',
  '/enrollments': 'Enrollments',
};

/** Breadcrumbs from an outreach list to one of its records. */
export function Crumbs({ to, name }: { to: ListPath; name: string }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <Link to={to}>{LABELS[to]}</Link> <span aria-hidden="true">›</span> {name}
    </nav>
  );
}

/** The page while its record loads, or when it could not be read (gone, or not yours to see). */
export function RecordPending({ to, error }: { to: ListPath; error: unknown }) {
  return (
    <div className="page">
      {error ? (
        <>
          <Crumbs to={to} name="Not found" />
          <ErrorAlert error={error} />
        </>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}
