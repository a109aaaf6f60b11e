import type { Ctx } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import { workspaceSystemActor } from '../identity/index.ts';
import {
  ClassifyRequest,
  InboundResult,
  OneClickBody,
  PixelParam,
  Reply,
  ReplyList,
  ReplyListQuery,
  SequenceMetrics,
  TokenParam,
  TrackingSettings,
} from './engagement.contract.ts';
import {
  checkUnsubscribe,
  classifyReply,
  getReply,
  getTracking,
  listReplies,
  setTracking,
  trackClick,
  trackOpen,
  unsubscribe,
} from './engagement.service.ts';
import { PIXEL_GIF } from './engagement.ts';
import { INBOUND_MAX_BYTES } from './inbound.parse.ts';
import { receiveInbound } from './inbound.service.ts';
import { sequenceMetrics } from './metrics.service.ts';
import { IdParam } from './outreach.contract.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const READ = { access: { permission: 'outreach:read' } } as const;
const ENROLL = { access: { permission: 'outreach:enroll' } } as const;
const MANAGE = { access: { permission: 'outreach:manage' } } as const;
const PUBLIC = { access: 'public' } as const;
const tags = ['outreach'];
const RAW_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];

/** For public links: the token names the workspace; its system actor does the work. */
const asWorkspace = (base: Ctx) => (ws: string) => ({ ...base, actor: workspaceSystemActor(ws) });

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.5rem 1.25rem;cursor:pointer}</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`;
}

const INVALID_LINK = page('This link is not valid', '<p>It may have been copied incompletely.</p>');

/**
 * Inbound mail, unsubscribe, tracking, replies and metrics. Registered in its own scope: the raw MIME and
 * form parsers below apply to these routes only.
 */
export async function engagementRoutes(app: App) {
  await app.register(async (scope: App) => {
    scope.removeContentTypeParser(['text/plain']);
    scope.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.addContentTypeParser(
      ['application/x-www-form-urlencoded', 'multipart/form-data'],
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (req, body, done) => {
        const text = String(body);
        if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
          // RFC 8058 allows multipart; only the one field matters.
          const m = /name="List-Unsubscribe"\r?\n(?:[^\r\n]*\r?\n)*?\r?\n([^\r\n]*)/i.exec(text);
          return done(null, m ? { 'List-Unsubscribe': m[1]!.trim() } : {});
        }
        done(null, Object.fromEntries(new URLSearchParams(text)));
      },
    );

    // ---- inbound mail
    scope.post(
      '/api/v1/inbound/email',
      {
        bodyLimit: INBOUND_MAX_BYTES,
        schema: {
          tags,
          summary: 'Hand over one inbound email (raw MIME, as received): replies, bounces, automatic answers',
          description:
            'Body: the raw message (`Content-Type: message/rfc822` or `text/plain`), at most 10 MB (413 beyond). ' +
            'Threaded by Message-ID to what Prospector sent in the API token workspace. For a mail gateway ' +
            '(an API token with `outreach:inbound`).',
          response: { 200: InboundResult, ...errors },
        },
        config: { access: { permission: 'outreach:inbound' } },
      },
      async (req) => {
        const raw = req.body;
        if (!Buffer.isBuffer(raw) || raw.length === 0)
          throw Object.assign(new Error('Send the raw message as message/rfc822 or text/plain'), {
            statusCode: 415,
            code: 'unsupported_media_type',
          });
        return receiveInbound(req.ctx, raw, { workspaceId: req.ctx.actor.workspaceId });
      },
    );

    // ---- unsubscribe (RFC 8058): no session; the token is the authority
    scope.get(
      '/api/v1/unsubscribe/:token',
      {
        schema: {
          tags,
          summary: 'The unsubscribe confirmation page (HTML) behind the link in an email',
          params: TokenParam,
        },
        config: PUBLIC,
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
        if (!(await checkUnsubscribe(req.ctx, req.params.token, asWorkspace(req.ctx))))
          return reply.code(404).send(INVALID_LINK);
        return page(
          'Unsubscribe',
          `<p>Stop receiving these emails? Recruiters in this organisation will no longer contact you by email.</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
        );
      },
    );
    scope.post(
      '/api/v1/unsubscribe/:token',
      {
        schema: {
          tags,
          summary: 'One-click unsubscribe (RFC 8058): withdraws email contact consent, stops sequences',
          description:
            'Form-encoded body `List-Unsubscribe=One-Click`, as mail clients send it; no session or CSRF token ' +
            '(the signed token in the URL is the authority). Answers with a small HTML page.',
          params: TokenParam,
          body: OneClickBody,
        },
        config: PUBLIC,
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
        if (!(await unsubscribe(req.ctx, req.params.token, asWorkspace(req.ctx))))
          return reply.code(404).send(INVALID_LINK);
        return page(
          'You are unsubscribed',
          '<p>You will not receive further emails from these recruiters.</p>',
        );
      },
    );

    // ---- tracking: open pixel and click redirect
    scope.get(
      '/api/v1/t/o/:file',
      {
        schema: { tags, summary: 'Open pixel (1x1 GIF); `file` is `<token>.gif`', params: PixelParam },
        config: PUBLIC,
      },
      async (req, reply) => {
        const token = req.params.file.replace(/\.gif$/, '');
        const ok = await trackOpen(req.ctx, token, asWorkspace(req.ctx));
        reply.header('cache-control', 'no-store, max-age=0').header('pragma', 'no-cache');
        if (!ok) return reply.code(404).type('text/plain').send('not found');
        return reply.type('image/gif').send(PIXEL_GIF);
      },
    );
    scope.get(
      '/api/v1/t/c/:token',
      {
        schema: {
          tags,
          summary: 'Click redirect: 302 to the link the token signed (never to a URL from the request)',
          params: TokenParam,
        },
        config: PUBLIC,
      },
      async (req, reply) => {
        const target = await trackClick(req.ctx, req.params.token, asWorkspace(req.ctx));
        reply.header('cache-control', 'no-store');
        if (!target) return reply.code(404).type('text/html; charset=utf-8').send(INVALID_LINK);
        return reply.redirect(target, 302);
      },
    );
  });

  // ---- replies and metrics (signed-in users)
  app.get(
    '/api/v1/outreach/replies',
    {
      schema: {
        tags,
        summary: 'Replies received, newest first',
        querystring: ReplyListQuery,
        response: { 200: ReplyList, ...errors },
      },
      config: READ,
    },
    async (req) => listReplies(req.ctx, req.query),
  );
  app.get(
    '/api/v1/outreach/replies/:id',
    {
      schema: { tags, summary: 'One reply', params: IdParam, response: { 200: Reply, ...errors } },
      config: READ,
    },
    async (req) => getReply(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/outreach/replies/:id/classify',
    {
      schema: {
        tags,
        summary: 'Mark a reply interested or not interested (counts in the metrics, on the timeline)',
        params: IdParam,
        body: ClassifyRequest,
        response: { 200: Reply, ...errors },
      },
      config: ENROLL,
    },
    async (req) => classifyReply(req.ctx, req.params.id, req.body.classification),
  );
  app.get(
    '/api/v1/outreach/sequences/:id/metrics',
    {
      schema: {
        tags,
        summary: 'Sequence metrics per step and A/B variant',
        params: IdParam,
        response: { 200: SequenceMetrics, ...errors },
      },
      config: READ,
    },
    async (req) => sequenceMetrics(req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/outreach/tracking',
    {
      schema: {
        tags,
        summary: 'Open and click tracking switches',
        response: { 200: TrackingSettings, ...errors },
      },
      config: READ,
    },
    async (req) => getTracking(req.ctx),
  );
  app.put(
    '/api/v1/outreach/tracking',
    {
      schema: {
        tags,
        summary: 'Turn open and click tracking on or off for the workspace',
        body: TrackingSettings,
        response: { 200: TrackingSettings, ...errors },
      },
      config: MANAGE,
    },
    async (req) => setTracking(req.ctx, req.body),
  );
}
