import { ApiError, errorMessage } from '../../../api/client';
import type { CustomField } from '../../../api/types';

const NAMES: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  headline: 'Headline',
  summary: 'Summary',
  emails: 'Email',
  phones: 'Phone',
  links: 'Link',
  work: 'Position',
  education: 'School',
  skills: 'Skills',
  tags: 'Tags',
  timeZone: 'Time zone',
  'location.city': 'City',
  'location.region': 'Region',
  'location.country': 'Country',
  ownerId: 'Owner',
  status: 'Status',
  source: 'Source',
  'employee.since': 'Employee since',
  'employee.performanceRating': 'Performance rating',
  compensation: 'Compensation',
};

/** Labels of the inputs inside repeated rows, as the form shows them. */
const ROW_LABELS: Record<string, string> = {
  'emails.address': 'Email address',
  'phones.number': 'Phone number',
  'links.url': 'Link',
  'work.title': 'Title',
  'work.company': 'Company',
  'work.startDate': 'Start',
  'work.endDate': 'End',
  'work.summary': 'Summary',
  'education.institution': 'Institution',
  'education.area': 'Field of study',
  'education.studyType': 'Degree',
  'education.startDate': 'Start',
  'education.endDate': 'End',
};

/** A readable name for a field path: `emails.1.address` → "Email 2 (address)". */
export function fieldName(path: string, defs: CustomField[]): string {
  if (path.startsWith('customFields.')) {
    const key = path.slice('customFields.'.length);
    return defs.find((d) => d.key === key)?.label ?? key;
  }
  if (NAMES[path]) return NAMES[path];
  const row = /^(emails|phones|links|work|education)\.(\d+)\.(\w+)$/.exec(path);
  if (row) {
    const [, list = '', idx = '0', field = ''] = row;
    const n = Number(idx) + 1;
    const label = ROW_LABELS[`${list}.${field}`];
    if (label)
      return list === 'work' || list === 'education'
        ? `${label} (${NAMES[list]?.toLowerCase()} ${n})`
        : `${label} ${n}`;
  }
  const [head = '', idx, ...rest] = path.split('.');
  if (idx !== undefined && /^\d+$/.test(idx) && NAMES[head])
    return `${NAMES[head]} ${Number(idx) + 1}${rest.length ? ` (${rest.join('.')})` : ''}`;
  return NAMES[head] ? `${NAMES[head]} (${path.slice(head.length + 1)})` : path;
}

/** The summary above a form that failed: every field error, by name, besides the one next to its input. */
export function FormProblem({
  error,
  errors,
  defs,
}: {
  error: unknown;
  errors: Record<string, string>;
  defs: CustomField[];
}) {
  if (!error) return null;
  const entries = Object.entries(errors);
  if (!(error instanceof ApiError) || entries.length === 0)
    return (
      <div className="alert alert-error" role="alert">
        {errorMessage(error)}
      </div>
    );
  return (
    <div className="alert alert-error" role="alert">
      <p>
        {entries.length === 1 ? 'One field needs' : `${entries.length} fields need`} attention; each is marked
        below.
      </p>
      <ul className="error-summary">
        {entries.map(([path, message]) => (
          <li key={path}>
            <strong>{fieldName(path, defs)}</strong> {message}
          </li>
        ))}
      </ul>
    </div>
  );
}
