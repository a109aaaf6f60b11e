import { Readable } from 'node:stream';
import { z } from 'zod';
import { invalid } from '../../platform/errors.ts';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import { candidateProvenance } from '../candidates/index.ts';
import { capture } from './captures.service.ts';
import { discardHeld, listHeld, releaseHeld } from './held.service.ts';
import {
  Capture,
  CaptureResult,
  CreateImportQuery,
  CreateMapping,
  CreateSource,
  CreateVendor,
  HeldPage,
  HeldQuery,
  HeldRow,
  IdParam,
  ImportPreview,
  ImportRun,
  ImportRunPage,
  Mapping,
  MappingList,
  ProvenanceList,
  RunListQuery,
  Source,
  SourceList,
  StartImport,
  UpdateSource,
  UpdateVendor,
  Vendor,
  VendorList,
} from './imports.contract.ts';
import { createMapping, deleteMapping, listMappings } from './mappings.service.ts';
import {
  cancelRun,
  createRun,
  DEFAULT_MAX_UPLOAD_BYTES,
  errorReport,
  getRun,
  listRuns,
  previewRun,
  startRun,
} from './runs.service.ts';
import {
  createSource,
  createVendor,
  listSources,
  listVendors,
  updateSource,
  updateVendor,
} from './sources.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const READ = { access: { permission: 'imports:read' } } as const;
const RUN = { access: { permission: 'imports:run' } } as const;
const SOURCES = { access: { permission: 'sources:manage' } } as const;
const VENDORS = { access: { permission: 'vendors:manage' } } as const;
const HELD = { access: { permission: 'imports:release_held' } } as const;
const CAPTURE = { access: { permission: 'captures:create' } } as const;
const NoContent = z.null().describe('No content');
const Decision = z.object({ note: z.string().max(1000).optional() }).strict();

export interface ImportRouteOptions {
  /** Largest upload accepted, in bytes (default 2 GiB). */
  maxUploadBytes?: number;
  /** Hours an upload may await its mapping before the sweeper cancels it (default 72). */
  awaitingMappingHours?: number;
  /** Per workspace, uploads still uploading or awaiting their mapping: how many (default 20) and bytes (4 GiB). */
  maxPendingUploads?: number;
  maxPendingBytes?: number;
}

export async function importRoutes(app: App, opts: ImportRouteOptions = {}) {
  // ---- source catalogue and vendor register
  app.get(
    '/api/v1/import-sources',
    {
      schema: {
        tags: ['imports'],
        summary: 'The source catalogue (defaults created on first use)',
        response: { 200: SourceList, ...errors },
      },
      config: READ,
    },
    async (req) => ({ items: await listSources(req.ctx) }),
  );
  app.post(
    '/api/v1/import-sources',
    {
      schema: {
        tags: ['imports'],
        summary: 'Add a source',
        body: CreateSource,
        response: { 201: Source, ...errors },
      },
      config: SOURCES,
    },
    async (req, reply) => reply.code(201).send(await createSource(req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/import-sources/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'Change or archive a source',
        params: IdParam,
        body: UpdateSource,
        response: { 200: Source, ...errors },
      },
      config: SOURCES,
    },
    async (req) => updateSource(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/v1/import-vendors',
    {
      schema: {
        tags: ['imports'],
        summary: 'Vendors and their data-processing agreements',
        response: { 200: VendorList, ...errors },
      },
      config: READ,
    },
    async (req) => ({ items: await listVendors(req.ctx) }),
  );
  app.post(
    '/api/v1/import-vendors',
    {
      schema: {
        tags: ['imports'],
        summary: 'Register a vendor and its DPA',
        body: CreateVendor,
        response: { 201: Vendor, ...errors },
      },
      config: VENDORS,
    },
    async (req, reply) => reply.code(201).send(await createVendor(req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/import-vendors/:id',
    {
      schema: {
        tags: ['imports'],
        summary: "Change a vendor's DPA status, dates or regions",
        params: IdParam,
        body: UpdateVendor,
        response: { 200: Vendor, ...errors },
      },
      config: VENDORS,
    },
    async (req) => updateVendor(req.ctx, req.params.id, req.body),
  );

  // ---- saved column mappings
  app.get(
    '/api/v1/import-mappings',
    {
      schema: {
        tags: ['imports'],
        summary: 'Saved column mappings and the targets a column can map to',
        response: { 200: MappingList, ...errors },
      },
      config: READ,
    },
    async (req) => listMappings(req.ctx),
  );
  app.post(
    '/api/v1/import-mappings',
    {
      schema: {
        tags: ['imports'],
        summary: 'Save a column mapping',
        body: CreateMapping,
        response: { 201: Mapping, ...errors },
      },
      config: RUN,
    },
    async (req, reply) => reply.code(201).send(await createMapping(req.ctx, req.body)),
  );
  app.delete(
    '/api/v1/import-mappings/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'Delete a saved mapping',
        params: IdParam,
        response: { 204: NoContent, ...errors },
      },
      config: RUN,
    },
    async (req, reply) => {
      await deleteMapping(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- runs: the upload takes the raw file as the body, whatever its content type, streamed to storage.
  const maxBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    (raw as unknown as App).post(
      '/api/v1/imports',
      {
        schema: {
          tags: ['imports'],
          summary:
            'Upload a file (the raw body) and start importing it; `start=false` to preview and map first',
          querystring: CreateImportQuery,
          response: { 201: ImportRun, ...errors, 429: Problem },
        },
        config: RUN,
      },
      async (req, reply) => {
        const body = req.body as AsyncIterable<Uint8Array> | undefined;
        if (
          !body ||
          typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function'
        )
          throw invalid('missing_file', 'Send the file as the request body', [
            { field: 'body', message: 'is required' },
          ]);
        return reply.code(201).send(
          await createRun(req.ctx, req.query, body, {
            maxBytes,
            ...(opts.awaitingMappingHours !== undefined
              ? { awaitingMappingHours: opts.awaitingMappingHours }
              : {}),
            ...(opts.maxPendingUploads !== undefined ? { maxPendingUploads: opts.maxPendingUploads } : {}),
            ...(opts.maxPendingBytes !== undefined ? { maxPendingBytes: opts.maxPendingBytes } : {}),
          }),
        );
      },
    );
  });
  app.get(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import history, newest first',
        querystring: RunListQuery,
        response: { 200: ImportRunPage, ...errors },
      },
      config: READ,
    },
    async (req) => listRuns(req.ctx, req.query),
  );
  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'A run: status, counts and progress',
        params: IdParam,
        response: { 200: ImportRun, ...errors },
      },
      config: READ,
    },
    async (req) => getRun(req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/imports/:id/preview',
    {
      schema: {
        tags: ['imports'],
        summary: 'Headers, first rows and the suggested mapping of an uploaded spreadsheet',
        params: IdParam,
        response: { 200: ImportPreview, ...errors },
      },
      config: READ,
    },
    async (req) => previewRun(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/imports/:id/start',
    {
      schema: {
        tags: ['imports'],
        summary: 'Start a run awaiting its mapping (a saved mapping or columns)',
        params: IdParam,
        body: StartImport,
        response: { 200: ImportRun, ...errors },
      },
      config: RUN,
    },
    async (req) => startRun(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/imports/:id/cancel',
    {
      schema: {
        tags: ['imports'],
        summary: 'Cancel a run (a running one stops after its current chunk)',
        params: IdParam,
        response: { 200: ImportRun, ...errors },
      },
      config: RUN,
    },
    async (req) => cancelRun(req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/imports/:id/errors',
    {
      schema: { tags: ['imports'], summary: 'The error report as CSV: row, field, reason', params: IdParam },
      config: READ,
    },
    async (req, reply) => {
      await getRun(req.ctx, req.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${req.params.id}-errors.csv"`)
        .send(Readable.from(errorReport(req.ctx, req.params.id)));
    },
  );

  // ---- held records (vendor without a valid DPA)
  app.get(
    '/api/v1/import-held-rows',
    {
      schema: {
        tags: ['imports'],
        summary: 'Records held because their vendor has no valid DPA for the region',
        querystring: HeldQuery,
        response: { 200: HeldPage, ...errors },
      },
      config: HELD,
    },
    async (req) => listHeld(req.ctx, req.query),
  );
  app.post(
    '/api/v1/import-held-rows/:id/release',
    {
      schema: {
        tags: ['imports'],
        summary: 'Store a held record after all (audited)',
        params: IdParam,
        body: Decision,
        response: { 200: HeldRow, ...errors },
      },
      config: HELD,
    },
    async (req) => releaseHeld(req.ctx, req.params.id, req.body.note),
  );
  app.post(
    '/api/v1/import-held-rows/:id/discard',
    {
      schema: {
        tags: ['imports'],
        summary: 'Discard a held record and erase its data (audited)',
        params: IdParam,
        body: Decision,
        response: { 200: HeldRow, ...errors },
      },
      config: HELD,
    },
    async (req) => discardHeld(req.ctx, req.params.id, req.body.note),
  );

  // ---- provenance of a candidate's values (written by imports, captures and merges)
  app.get(
    '/api/v1/candidates/:id/provenance',
    {
      schema: {
        tags: ['candidates'],
        summary: 'Where each value of the candidate came from (source, run, external id, when), oldest first',
        params: IdParam,
        response: { 200: ProvenanceList, ...errors },
      },
      config: { access: { permission: 'candidates:read' } },
    },
    async (req) => ({ items: await candidateProvenance(req.ctx, req.params.id) }),
  );

  // ---- single-prospect capture (browser extension)
  app.post(
    '/api/v1/captures',
    {
      schema: {
        tags: ['imports'],
        summary: 'Capture one prospect from a profile page',
        body: Capture,
        response: { 200: CaptureResult, ...errors },
      },
      config: CAPTURE,
    },
    async (req) => capture(req.ctx, req.body),
  );
}
