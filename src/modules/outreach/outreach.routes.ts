import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import {
  enroll,
  getEnrollment,
  listEnrollments,
  pauseEnrollment,
  previewEnrollment,
  resumeEnrollment,
  stopEnrollment,
} from './enrollments.service.ts';
import {
  DraftPreviewRequest,
  Enrollment,
  EnrollmentList,
  EnrollmentListQuery,
  EnrollPreview,
  EnrollPreviewRequest,
  EnrollRequest,
  EnrollResult,
  Holidays,
  IdParam,
  RenderedTemplate,
  SenderProfile,
  SenderProfileInput,
  Sequence,
  SequenceInput,
  SequenceList,
  SequenceUpdate,
  StopRequest,
  Template,
  TemplateInput,
  TemplateList,
  TemplateListQuery,
  TemplatePreviewRequest,
  TemplateUpdate,
} from './outreach.contract.ts';
import {
  createSequence,
  getHolidays,
  getSenderProfile,
  getSequence,
  listSequences,
  setHolidays,
  setSenderProfile,
  updateSequence,
} from './sequences.service.ts';
import {
  archiveTemplate,
  createTemplate,
  getTemplate,
  listTemplates,
  previewDraft,
  previewTemplate,
  updateTemplate,
} from './templates.service.ts';

const NoContent = z.null().describe('No content');
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const READ = { access: { permission: 'outreach:read' } } as const;
const TEMPLATES = { access: { permission: 'outreach:templates' } } as const;
const SEQUENCES = { access: { permission: 'outreach:sequences' } } as const;
const ENROLL = { access: { permission: 'outreach:enroll' } } as const;
const MANAGE = { access: { permission: 'outreach:manage' } } as const;
const tags = ['outreach'];

export async function outreachRoutes(app: App) {
  // ---- templates
  app.get(
    '/api/v1/outreach/templates',
    {
      schema: {
        tags,
        summary: 'Templates you may use: the shared library and your own',
        querystring: TemplateListQuery,
        response: { 200: TemplateList, ...errors },
      },
      config: READ,
    },
    async (req) => listTemplates(req.ctx, req.query),
  );
  app.post(
    '/api/v1/outreach/templates',
    {
      schema: {
        tags,
        summary: 'Create a template (unknown fields and filters are named with their position)',
        body: TemplateInput,
        response: { 201: Template, ...errors },
      },
      config: TEMPLATES,
    },
    async (req, reply) => reply.code(201).send(await createTemplate(req.ctx, req.body)),
  );
  app.post(
    '/api/v1/outreach/templates/preview',
    {
      schema: {
        tags,
        summary: "Render a draft template for a real candidate (the editor's live preview)",
        body: DraftPreviewRequest,
        response: { 200: RenderedTemplate, ...errors },
      },
      config: TEMPLATES,
    },
    async (req) => previewDraft(req.ctx, req.body),
  );
  app.get(
    '/api/v1/outreach/templates/:id',
    {
      schema: {
        tags,
        summary: 'One template, with the sequences that use it',
        params: IdParam,
        response: { 200: Template, ...errors },
      },
      config: READ,
    },
    async (req) => getTemplate(req.ctx, req.params.id),
  );
  app.patch(
    '/api/v1/outreach/templates/:id',
    {
      schema: {
        tags,
        summary: 'Change a template (owner or outreach manager); send the version you edited',
        params: IdParam,
        body: TemplateUpdate,
        response: { 200: Template, ...errors },
      },
      config: TEMPLATES,
    },
    async (req) => updateTemplate(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/outreach/templates/:id',
    {
      schema: {
        tags,
        summary: 'Archive a template (refused while a sequence uses it)',
        params: IdParam,
        response: { 204: NoContent, ...errors },
      },
      config: TEMPLATES,
    },
    async (req, reply) => {
      await archiveTemplate(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/outreach/templates/:id/preview',
    {
      schema: {
        tags,
        summary: 'Render a template for a real candidate, as you or a colleague you may send for',
        params: IdParam,
        body: TemplatePreviewRequest,
        response: { 200: RenderedTemplate, ...errors },
      },
      config: READ,
    },
    async (req) => previewTemplate(req.ctx, req.params.id, req.body),
  );

  // ---- sequences
  app.get(
    '/api/v1/outreach/sequences',
    {
      schema: { tags, summary: 'Sequences of the workspace', response: { 200: SequenceList, ...errors } },
      config: READ,
    },
    async (req) => listSequences(req.ctx),
  );
  app.post(
    '/api/v1/outreach/sequences',
    {
      schema: {
        tags,
        summary: 'Create a sequence with its steps',
        body: SequenceInput,
        response: { 201: Sequence, ...errors },
      },
      config: SEQUENCES,
    },
    async (req, reply) => reply.code(201).send(await createSequence(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/outreach/sequences/:id',
    {
      schema: { tags, summary: 'One sequence', params: IdParam, response: { 200: Sequence, ...errors } },
      config: READ,
    },
    async (req) => getSequence(req.ctx, req.params.id),
  );
  app.put(
    '/api/v1/outreach/sequences/:id',
    {
      schema: {
        tags,
        summary: 'Replace a sequence; steps not yet handed on to delivery follow the change',
        params: IdParam,
        body: SequenceUpdate,
        response: { 200: Sequence, ...errors },
      },
      config: SEQUENCES,
    },
    async (req) => updateSequence(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/outreach/sequences/:id/enrollments',
    {
      schema: {
        tags,
        summary: 'Enroll candidates (ids, a search, a pool or a segment); a result per candidate',
        params: IdParam,
        body: EnrollRequest,
        response: { 200: EnrollResult, ...errors },
      },
      config: ENROLL,
    },
    async (req) => enroll(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/outreach/sequences/:id/enrollment-preview',
    {
      schema: {
        tags,
        summary: 'Before enrolling: who is eligible, and each step in the candidate’s local time',
        params: IdParam,
        body: EnrollPreviewRequest,
        response: { 200: EnrollPreview, ...errors },
      },
      config: ENROLL,
    },
    async (req) => previewEnrollment(req.ctx, req.params.id, req.body),
  );

  // ---- enrollments
  app.get(
    '/api/v1/enrollments',
    {
      schema: {
        tags,
        summary: 'Enrollments, newest first',
        querystring: EnrollmentListQuery,
        response: { 200: EnrollmentList, ...errors },
      },
      config: READ,
    },
    async (req) => listEnrollments(req.ctx, req.query),
  );
  app.get(
    '/api/v1/enrollments/:id',
    {
      schema: {
        tags,
        summary:
          "An enrollment and its schedule: each step's planned time in the candidate's zone and in UTC",
        params: IdParam,
        response: { 200: Enrollment, ...errors },
      },
      config: READ,
    },
    async (req) => getEnrollment(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/enrollments/:id/pause',
    {
      schema: {
        tags,
        summary: 'Pause an enrollment',
        params: IdParam,
        response: { 200: Enrollment, ...errors },
      },
      config: ENROLL,
    },
    async (req) => pauseEnrollment(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/enrollments/:id/resume',
    {
      schema: {
        tags,
        summary: 'Resume: the remaining steps are planned again from now',
        params: IdParam,
        response: { 200: Enrollment, ...errors },
      },
      config: ENROLL,
    },
    async (req) => resumeEnrollment(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/enrollments/:id/stop',
    {
      schema: {
        tags,
        summary:
          'Stop an enrollment (planned steps, and messages still pending in the outbox, are cancelled)',
        params: IdParam,
        body: StopRequest,
        response: { 200: Enrollment, ...errors },
      },
      config: ENROLL,
    },
    async (req) => stopEnrollment(req.ctx, req.params.id, req.body.reason),
  );

  // ---- calendar and senders
  app.get(
    '/api/v1/outreach/holidays',
    {
      schema: {
        tags,
        summary: 'The workspace holiday calendar (no sends on these local dates)',
        response: { 200: Holidays, ...errors },
      },
      config: READ,
    },
    async (req) => getHolidays(req.ctx),
  );
  app.put(
    '/api/v1/outreach/holidays',
    {
      schema: {
        tags,
        summary: 'Replace the holiday calendar (live enrollments are re-planned)',
        body: Holidays,
        response: { 200: Holidays, ...errors },
      },
      config: MANAGE,
    },
    async (req) => setHolidays(req.ctx, req.body),
  );
  app.get(
    '/api/v1/outreach/senders/me',
    {
      schema: {
        tags,
        summary: 'Your sender profile: title, whom you allow to send for you, and for whom you may send',
        response: { 200: SenderProfile, ...errors },
      },
      config: READ,
    },
    async (req) => getSenderProfile(req.ctx),
  );
  app.put(
    '/api/v1/outreach/senders/me',
    {
      schema: {
        tags,
        summary: 'Set your title and the colleagues allowed to send on your behalf',
        body: SenderProfileInput,
        response: { 200: SenderProfile, ...errors },
      },
      config: ENROLL,
    },
    async (req) => setSenderProfile(req.ctx, req.body),
  );
}
