import { definePermissions } from '../../platform/auth/permissions.ts';

definePermissions([
  {
    key: 'candidates:read',
    area: 'candidates',
    description: 'Search and read candidates, their timelines and consent ledgers',
    roles: ['recruiter', 'sourcer', 'hiring_manager', 'coordinator', 'auditor'],
  },
  {
    key: 'candidates:write',
    area: 'candidates',
    description: 'Create and change candidates, add notes, run bulk actions',
    roles: ['recruiter', 'sourcer', 'coordinator'],
  },
  {
    key: 'candidates:export',
    area: 'candidates',
    description: 'Download search results as CSV (redacted like the API)',
    roles: ['recruiter', 'sourcer'],
  },
  {
    key: 'consents:write',
    area: 'candidates',
    description: 'Record and withdraw consent in the ledger',
    roles: ['recruiter', 'sourcer', 'coordinator'],
  },
  {
    key: 'pools:write',
    area: 'candidates',
    description: 'Create pools and segments, share saved searches with the team',
    roles: ['recruiter', 'sourcer'],
  },
  {
    key: 'candidates:configure',
    area: 'administration',
    description: 'Define custom fields, status terminology and candidate settings',
    roles: [],
  },
]);
