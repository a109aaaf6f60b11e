import { definePermissions } from '../../platform/auth/permissions.ts';

definePermissions([
  {
    key: 'outreach:read',
    area: 'outreach',
    description: 'See templates, sequences, enrollments and their schedules',
    roles: ['recruiter', 'sourcer', 'coordinator', 'hiring_manager', 'auditor'],
  },
  {
    key: 'outreach:templates',
    area: 'outreach',
    description: 'Write message templates (your own, and share them in the library)',
    roles: ['recruiter', 'sourcer', 'coordinator'],
  },
  {
    key: 'outreach:sequences',
    area: 'outreach',
    description: 'Build and change your sequences',
    roles: ['recruiter', 'sourcer'],
  },
  {
    key: 'outreach:enroll',
    area: 'outreach',
    description:
      'Enroll candidates in sequences; pause, resume and stop enrollments; allow colleagues to send for you',
    roles: ['recruiter', 'sourcer', 'coordinator'],
  },
  {
    key: 'outreach:manage',
    area: 'administration',
    description:
      "Change anyone's templates and sequences; the workspace holiday calendar; delivery settings (caps, limits, throttles)",
    roles: [],
  },
  {
    key: 'outreach:inbound',
    area: 'outreach',
    description:
      'Hand inbound mail (replies, bounces) to POST /api/v1/inbound/email: for the API token of a mail gateway',
    roles: [],
  },
]);
