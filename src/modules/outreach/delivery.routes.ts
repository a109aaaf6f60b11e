import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import {
  DeliverySettings,
  DeliverySettingsInput,
  DevMail,
  DevMailList,
  DevMailQuery,
  OutboxList,
  OutboxQuery,
  WorkItem,
  WorkItemDone,
  WorkItemList,
  WorkItemQuery,
} from './delivery.contract.ts';
import {
  finishWorkItem,
  getDeliverySettings,
  getDevMail,
  listDevMailbox,
  listOutbox,
  listWorkItems,
  setDeliverySettings,
} from './delivery.service.ts';

const IdParam = z.object({ id: z.uuid('must be a UUID') });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const READ = { access: { permission: 'outreach:read' } } as const;
const ENROLL = { access: { permission: 'outreach:enroll' } } as const;
const MANAGE = { access: { permission: 'outreach:manage' } } as const;
const tags = ['outreach'];

/** Delivery: settings (caps, limits, throttles), the outbox, the dev mailbox, work items. */
export async function deliveryRoutes(app: App) {
  app.get(
    '/api/v1/outreach/settings',
    {
      schema: {
        tags,
        summary: 'Delivery settings: frequency cap, sender daily limit, recipient-domain throttle',
        response: { 200: DeliverySettings, ...errors },
      },
      config: READ,
    },
    async (req) => getDeliverySettings(req.ctx),
  );
  app.put(
    '/api/v1/outreach/settings',
    {
      schema: {
        tags,
        summary: 'Change the delivery settings (send the version you edited)',
        body: DeliverySettingsInput,
        response: { 200: DeliverySettings, ...errors },
      },
      config: MANAGE,
    },
    async (req) => setDeliverySettings(req.ctx, req.body),
  );
  app.get(
    '/api/v1/outreach/outbox',
    {
      schema: {
        tags,
        summary: 'Messages handed to delivery, newest first',
        querystring: OutboxQuery,
        response: { 200: OutboxList, ...errors },
      },
      config: READ,
    },
    async (req) => listOutbox(req.ctx, req.query),
  );
  app.get(
    '/api/v1/outreach/dev-mailbox',
    {
      schema: {
        tags,
        summary: 'The dev mailbox: email (and SMS) "sent" while no SMTP server is configured, newest first',
        querystring: DevMailQuery,
        response: { 200: DevMailList, ...errors },
      },
      config: READ,
    },
    async (req) => listDevMailbox(req.ctx, req.query),
  );
  app.get(
    '/api/v1/outreach/dev-mailbox/:id',
    {
      schema: {
        tags,
        summary: 'One message of the dev mailbox, with its headers',
        params: IdParam,
        response: { 200: DevMail, ...errors },
      },
      config: READ,
    },
    async (req) => getDevMail(req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/outreach/work-items',
    {
      schema: {
        tags,
        summary: 'Manual steps (calls, LinkedIn messages) by due time; `mine=1` for yours',
        querystring: WorkItemQuery,
        response: { 200: WorkItemList, ...errors },
      },
      config: READ,
    },
    async (req) => listWorkItems(req.ctx, req.query),
  );
  for (const [verb, outcome] of [
    ['complete', 'done'],
    ['skip', 'skipped'],
  ] as const)
    app.post(
      `/api/v1/outreach/work-items/:id/${verb}`,
      {
        schema: {
          tags,
          summary:
            verb === 'complete'
              ? 'Mark a work item done (assignee or outreach manager); the enrollment moves on'
              : 'Skip a work item; the enrollment moves on',
          params: IdParam,
          body: WorkItemDone,
          response: { 200: WorkItem, ...errors },
        },
        config: ENROLL,
      },
      async (req) => finishWorkItem(req.ctx, req.params.id, outcome, req.body.note),
    );
}
