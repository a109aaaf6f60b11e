import { definePermissions } from '../../platform/auth/permissions.ts';

definePermissions([
  {
    key: 'duplicates:review',
    area: 'duplicates',
    description: 'See the duplicate review queue with its evidence; mark pairs not duplicate or skip them',
    roles: ['recruiter', 'sourcer', 'coordinator'],
  },
  {
    key: 'duplicates:merge',
    area: 'duplicates',
    description: 'Merge duplicate candidates and undo merges',
    roles: ['recruiter', 'sourcer', 'coordinator'],
  },
  {
    key: 'duplicates:configure',
    area: 'administration',
    description: 'Set the duplicate match rules and thresholds, run full re-scans',
    roles: [],
  },
]);
