import { z } from 'zod';
import { listFieldGroups } from '../../platform/auth/redaction.ts';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import {
  addNote,
  createCandidate,
  getCandidate,
  listTimeline,
  updateCandidate,
} from './candidate.service.ts';
import {
  ActivityPage,
  ActivityQuery,
  AddNote,
  Candidate,
  CreateCandidate,
  IdParam,
  UpdateCandidate,
} from './candidates.contract.ts';
import {
  Consent,
  ConsentLedger,
  ContactabilityQuery,
  ContactDecision,
  RecordConsent,
  WithdrawConsent,
} from './consent.contract.ts';
import { consentLedger, mayContact, recordConsent, withdrawConsent } from './consent.service.ts';
import { createCustomField, listCustomFields, updateCustomField } from './custom-fields.service.ts';
import {
  CandidateSettings,
  CreateCustomField,
  CustomField,
  CustomFieldList,
  StatusTerminology,
  UpdateCandidateSettings,
  UpdateCustomField,
  UpdateStatusTerminology,
} from './settings.contract.ts';
import {
  getCandidateSettings,
  getStatusTerminology,
  updateCandidateSettings,
  updateStatusTerminology,
} from './settings.service.ts';

const NoContent = z.null().describe('No content');
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const READ = { access: { permission: 'candidates:read' } } as const;
const WRITE = { access: { permission: 'candidates:write' } } as const;
const CONFIGURE = { access: { permission: 'candidates:configure' } } as const;

export async function candidateRoutes(app: App) {
  // ---- records
  app.post(
    '/api/v1/candidates',
    {
      schema: {
        tags: ['candidates'],
        summary: 'Create a candidate (normalised and validated; every bad field named)',
        body: CreateCandidate,
        response: { 201: Candidate, ...errors },
      },
      config: WRITE,
    },
    async (req, reply) => reply.code(201).send(await createCandidate(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/candidates/:id',
    {
      schema: {
        tags: ['candidates'],
        summary:
          'One candidate (sensitive groups you may not read are left out and listed in redactedFields)',
        params: IdParam,
        response: { 200: Candidate, ...errors },
      },
      config: READ,
    },
    async (req) => getCandidate(req.ctx, req.params.id),
  );
  app.patch(
    '/api/v1/candidates/:id',
    {
      schema: {
        tags: ['candidates'],
        summary: 'Change a candidate; lists replace the stored list; send version to detect concurrent edits',
        params: IdParam,
        body: UpdateCandidate,
        response: { 200: Candidate, ...errors },
      },
      config: WRITE,
    },
    async (req) => updateCandidate(req.ctx, req.params.id, req.body),
  );

  // ---- timeline
  app.get(
    '/api/v1/candidates/:id/activities',
    {
      schema: {
        tags: ['candidates'],
        summary: "The candidate's timeline, newest first",
        params: IdParam,
        querystring: ActivityQuery,
        response: { 200: ActivityPage, ...errors },
      },
      config: READ,
    },
    async (req) => listTimeline(req.ctx, req.params.id, req.query),
  );
  app.post(
    '/api/v1/candidates/:id/notes',
    {
      schema: {
        tags: ['candidates'],
        summary: 'Add a note to the timeline',
        params: IdParam,
        body: AddNote,
        response: { 204: NoContent, ...errors },
      },
      config: WRITE,
    },
    async (req, reply) => {
      await addNote(req.ctx, req.params.id, req.body.body);
      return reply.code(204).send(null);
    },
  );

  // ---- consent ledger
  app.get(
    '/api/v1/candidates/:id/consents',
    {
      schema: {
        tags: ['consent'],
        summary: 'The consent ledger and the current contact decision per channel',
        params: IdParam,
        response: { 200: ConsentLedger, ...errors },
      },
      config: READ,
    },
    async (req) => consentLedger(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/candidates/:id/consents',
    {
      schema: {
        tags: ['consent'],
        summary: 'Record a lawful basis (consent, legitimate interest...) for a purpose and channel',
        params: IdParam,
        body: RecordConsent,
        response: { 201: Consent, ...errors },
      },
      config: { access: { permission: 'consents:write' } },
    },
    async (req, reply) => reply.code(201).send(await recordConsent(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/candidates/:id/consents/withdraw',
    {
      schema: {
        tags: ['consent'],
        summary: 'Withdraw a purpose on a channel (or on every channel)',
        params: IdParam,
        body: WithdrawConsent,
        response: { 200: ConsentLedger, ...errors },
      },
      config: { access: { permission: 'consents:write' } },
    },
    async (req) => withdrawConsent(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/v1/candidates/:id/contactability',
    {
      schema: {
        tags: ['consent'],
        summary: 'May we contact this candidate on this channel now, and why not',
        params: IdParam,
        querystring: ContactabilityQuery,
        response: { 200: ContactDecision, ...errors },
      },
      config: READ,
    },
    async (req) => mayContact(req.ctx, req.params.id, req.query.channel),
  );

  // ---- configuration
  app.get(
    '/api/v1/custom-fields',
    {
      schema: {
        tags: ['configuration'],
        summary: 'Custom fields on candidates (retired ones included)',
        response: { 200: CustomFieldList, ...errors },
      },
      config: READ,
    },
    async (req) => ({ items: await listCustomFields(req.ctx), fieldGroups: listFieldGroups() }),
  );
  app.post(
    '/api/v1/custom-fields',
    {
      schema: {
        tags: ['configuration'],
        summary: 'Define a custom field',
        body: CreateCustomField,
        response: { 201: CustomField, ...errors },
      },
      config: CONFIGURE,
    },
    async (req, reply) => reply.code(201).send(await createCustomField(req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/custom-fields/:id',
    {
      schema: {
        tags: ['configuration'],
        summary:
          'Change a custom field: label, help, required, group, options (renames keep history), retire',
        params: IdParam,
        body: UpdateCustomField,
        response: { 200: CustomField, ...errors },
      },
      config: CONFIGURE,
    },
    async (req) => updateCustomField(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/v1/status-terminology',
    {
      schema: {
        tags: ['configuration'],
        summary: 'Canonical statuses with their labels per team and locale and their legacy aliases',
        response: { 200: StatusTerminology, ...errors },
      },
      config: READ,
    },
    async (req) => getStatusTerminology(req.ctx),
  );
  app.put(
    '/api/v1/status-terminology',
    {
      schema: {
        tags: ['configuration'],
        summary: 'Replace the labels and legacy aliases',
        body: UpdateStatusTerminology,
        response: { 200: StatusTerminology, ...errors },
      },
      config: CONFIGURE,
    },
    async (req) => updateStatusTerminology(req.ctx, req.body),
  );
  app.get(
    '/api/v1/candidate-settings',
    {
      schema: {
        tags: ['configuration'],
        summary: 'Default phone region and time zone, contact policy',
        response: { 200: CandidateSettings, ...errors },
      },
      config: READ,
    },
    async (req) => getCandidateSettings(req.ctx),
  );
  app.patch(
    '/api/v1/candidate-settings',
    {
      schema: {
        tags: ['configuration'],
        summary: 'Change the candidate settings',
        body: UpdateCandidateSettings,
        response: { 200: CandidateSettings, ...errors },
      },
      config: CONFIGURE,
    },
    async (req) => updateCandidateSettings(req.ctx, req.body),
  );
}
