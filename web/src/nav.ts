/** The product areas of the left navigation; areas not built yet describe what they will do (product.md). */
export interface Area {
  path: string;
  label: string;
  summary: string;
  features: string[];
  /** Built: the area has its own screens (the others show what they will do). */
  ready?: boolean;
}

export const productAreas: Area[] = [
  {
    path: '/candidates',
    label: 'Candidates',
    summary: 'Search your talent pool and keep it organised in pools and segments.',
    features: [
      'Recruiter Boolean search (AND, OR, NOT, quotes, title:, company:, skill:, location:) with filters and saved searches',
      'Static pools and dynamic segments: past applicants, talent community, referrals, silver medalists',
      'Duplicate control that explains itself, with merges that can be undone',
      'Consent per purpose and channel, and data-subject access and erasure requests',
    ],
    ready: true,
  },
  {
    path: '/pools',
    label: 'Pools',
    summary: 'Static lists of candidates you curate by hand, with their membership history.',
    features: [],
    ready: true,
  },
  {
    path: '/segments',
    label: 'Segments',
    summary: 'Dynamic groups (past applicants, talent community, referrals) computed on every read.',
    features: [],
    ready: true,
  },
  {
    path: '/requisitions',
    label: 'Requisitions',
    summary: 'Sourcing objectives: what to hire, by when, and from where.',
    features: [
      'Hiring goals: time-to-fill target, quality-of-hire measure, source-of-hire benchmarks',
      'Owners (recruiter, sourcer, hiring manager) whose permissions follow the requisition',
      'Recommended proactive or reactive sourcing strategy per role',
      'Pipeline health thresholds that escalate by themselves, within budget guardrails',
    ],
  },
  {
    path: '/imports',
    label: 'Imports',
    summary: 'Bring candidates in without losing where they came from.',
    features: [
      'CSV with column mapping, JSON Resume, LinkedIn Recruiter and Gem exports, Greenhouse-style JSON',
      'Source metadata and field provenance preserved on every record',
      'Vendor register: imports from a vendor without a valid data-processing agreement are held',
      'Every sync run and failed record logged, retryable and replayable',
    ],
    ready: true,
  },
  {
    path: '/duplicates',
    label: 'Duplicates',
    summary: 'Possible duplicates with their evidence: merge them, keep them apart, undo a merge.',
    features: [],
    ready: true,
  },
  {
    path: '/sequences',
    label: 'Sequences',
    summary: 'Multi-touch outreach that respects candidates and their time.',
    features: [
      'Email, SMS, phone and LinkedIn steps with business-day delays and A/B variants',
      "Sending windows in the candidate's own time zone, holidays respected",
      'Auto-stop on reply, bounce, unsubscribe or stage change',
      'Organisation-wide contact frequency caps and do-not-contact',
    ],
    ready: true,
  },
  {
    path: '/templates',
    label: 'Templates',
    summary: 'Email, SMS and task templates with personalisation fields and a live preview.',
    features: [],
    ready: true,
  },
  {
    path: '/enrollments',
    label: 'Enrollments',
    summary: 'Who is in which sequence, and every planned step in their own time zone.',
    features: [],
    ready: true,
  },
  {
    path: '/mailbox',
    label: 'Dev mailbox',
    summary: 'Outreach delivered here while no SMTP server is configured.',
    features: [],
    ready: true,
  },
  {
    path: '/work-items',
    label: 'Work items',
    summary: 'Your calls and LinkedIn messages from sequences, due in your day.',
    features: [
      'Workload balancing by capacity, round-robin or least-loaded',
      'Reminders and conditional branching by source, role type or screening outcome',
      'A weekly adherence audit: overdue steps, unassigned work, slow feedback, bottlenecks',
    ],
    ready: true,
  },
  {
    path: '/analytics',
    label: 'Analytics',
    summary: 'Which channels work, for which roles, at what cost.',
    features: [
      'Source effectiveness by hire rate, cost and time-to-fill, per department and role',
      'Multi-touch attribution models side by side (first, last, linear, position-based, time-decay)',
      'Live sourcer dashboards and cohort analysis of hires by channel, with CSV export',
      'Privacy-safe aggregates with a minimum group size',
    ],
  },
];

export interface AdminItem {
  path:
    | '/admin/users'
    | '/admin/roles'
    | '/admin/api-tokens'
    | '/admin/audit'
    | '/admin/custom-fields'
    | '/admin/statuses'
    | '/admin/candidate-settings'
    | '/admin/duplicate-rules'
    | '/admin/sources'
    | '/admin/vendors'
    | '/admin/outreach-holidays'
    | '/admin/outreach-settings';
  label: string;
  permission: string;
  summary: string;
}

export const adminItems: AdminItem[] = [
  {
    path: '/admin/users',
    label: 'Users',
    permission: 'users:read',
    summary: 'Who can sign in, and with which roles.',
  },
  {
    path: '/admin/roles',
    label: 'Roles',
    permission: 'roles:read',
    summary: 'Built-in and custom sets of permissions.',
  },
  {
    path: '/admin/api-tokens',
    label: 'API tokens',
    permission: 'api_tokens:own',
    summary: 'Personal tokens for scripts and integrations.',
  },
  {
    path: '/admin/audit',
    label: 'Audit log',
    permission: 'audit:read',
    summary: 'Every change, hash-chained; verify it.',
  },
  {
    path: '/admin/custom-fields',
    label: 'Custom fields',
    permission: 'candidates:read',
    summary: 'Typed fields of your own on every candidate.',
  },
  {
    path: '/admin/statuses',
    label: 'Statuses',
    permission: 'candidates:read',
    summary: 'Status labels per team and locale, and legacy labels.',
  },
  {
    path: '/admin/candidate-settings',
    label: 'Candidate settings',
    permission: 'candidates:read',
    summary: 'Phone region, time zone and contact policy defaults.',
  },
  {
    path: '/admin/duplicate-rules',
    label: 'Duplicate rules',
    permission: 'duplicates:review',
    summary: 'Exact keys, scored comparisons and thresholds of duplicate detection.',
  },
  {
    path: '/admin/sources',
    label: 'Sources',
    permission: 'imports:read',
    summary: 'The source catalogue: kind, channel, vendor and cost.',
  },
  {
    path: '/admin/vendors',
    label: 'Vendors',
    permission: 'imports:read',
    summary: 'Vendors and their data-processing agreements.',
  },
  {
    path: '/admin/outreach-holidays',
    label: 'Holidays',
    permission: 'outreach:read',
    summary: 'Local dates on which no outreach is sent.',
  },
  {
    path: '/admin/outreach-settings',
    label: 'Outreach settings',
    permission: 'outreach:read',
    summary: 'Contact frequency cap, sender daily limit and domain throttles.',
  },
];
