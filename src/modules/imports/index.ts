import { definePermissions } from '../../platform/auth/permissions.ts';

definePermissions([
  {
    key: 'imports:read',
    area: 'imports',
    description: 'See the source catalogue, vendors, saved mappings, import runs and their error reports',
    roles: ['recruiter', 'sourcer', 'coordinator', 'auditor'],
  },
  {
    key: 'imports:run',
    area: 'imports',
    description: 'Upload files, map columns, start and cancel imports',
    roles: ['recruiter', 'sourcer'],
  },
  {
    key: 'captures:create',
    area: 'imports',
    description: 'Capture single prospects (browser extension, integrations)',
    roles: ['recruiter', 'sourcer'],
  },
  {
    key: 'imports:release_held',
    area: 'administration',
    description: 'Release or discard records held for a missing data-processing agreement',
    roles: [],
  },
  {
    key: 'sources:manage',
    area: 'administration',
    description: 'Edit the source catalogue (codes, channels, costs)',
    roles: [],
  },
  {
    key: 'vendors:manage',
    area: 'administration',
    description: 'Edit the vendor register and data-processing agreements',
    roles: [],
  },
]);

export { findUnfinishedRun } from './cli-support.ts';
export type { CreateImportQuery, ImportFormat, ImportRun } from './imports.contract.ts';
/** HTTP routes: sources, vendors, mappings, import runs, held records, captures. */
export { type ImportRouteOptions, importRoutes } from './imports.routes.ts';
/** The background task that processes runs (listed in src/apps/modules.ts). */
export { processImport, sweepImports } from './imports.tasks.ts';
export { processRunSlice, type SliceResult } from './process.service.ts';
/** For the CLI: upload and run an import in-process, resumable. */
export { createRun, getRun } from './runs.service.ts';
