/**
 * Canonical candidate statuses. The API speaks these codes; teams and locales see their own labels
 * (status_labels), and legacy labels from other systems map onto them (status_aliases).
 */
export const STATUSES = [
  { code: 'new', label: 'New', contactable: true },
  { code: 'contacted', label: 'Contacted', contactable: true },
  { code: 'engaged', label: 'Engaged', contactable: true },
  { code: 'interested', label: 'Interested', contactable: true },
  { code: 'applied', label: 'Applied', contactable: true },
  { code: 'screening', label: 'Screening', contactable: true },
  { code: 'interviewing', label: 'Interviewing', contactable: true },
  { code: 'offer', label: 'Offer', contactable: true },
  { code: 'hired', label: 'Hired', contactable: true },
  { code: 'not_interested', label: 'Not interested', contactable: true },
  { code: 'rejected', label: 'Rejected', contactable: true },
  { code: 'do_not_contact', label: 'Do not contact', contactable: false },
  { code: 'archived', label: 'Archived', contactable: true },
] as const;

export type StatusCode = (typeof STATUSES)[number]['code'];
export const STATUS_CODES = STATUSES.map((s) => s.code) as [StatusCode, ...StatusCode[]];
export const DEFAULT_LOCALE = 'en';

export function isStatusCode(code: string): code is StatusCode {
  return (STATUS_CODES as string[]).includes(code);
}

export function defaultStatusLabel(code: StatusCode): string {
  return STATUSES.find((s) => s.code === code)?.label ?? code;
}
