import { existsSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, anonymous, requirePermission } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Ctx } from '../context.ts';
import type { Database } from '../db/client.ts';
import { queryRows, sql } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Queue } from '../queue/task.ts';
import { errorHandler, Problem } from './problem.ts';
import { pgRateLimitStore } from './rate-limit.ts';
import { requestId } from './request-id.ts';
import { securityHeaders } from './security-headers.ts';
import { serializerCompiler } from './serializer.ts';

/**
 * Who may call a route. Every /api/v1 route must say (registration fails otherwise):
 * - 'public': anyone (sign-in, health);
 * - 'authenticated': any signed-in user or token, whatever its permissions (own session, own password);
 * - { permission }: the actor must hold that permission string.
 */
export type Access = 'public' | 'authenticated' | { permission: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor;
    ctx: Ctx;
  }
}

export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
}

export interface HttpDeps {
  config: Config;
  log: Logger;
  database: Database;
  queue: Queue;
  clock: Clock;
  /** Resolve the caller from cookie or bearer token; null when neither is present or valid. */
  authenticate(req: FastifyRequest): Promise<Actor | null>;
  /** Whether the schema is current (for /readyz). */
  ready?: () => Promise<boolean>;
  /** Directory of the built web UI; served with an SPA fallback when present. */
  webDir?: string;
  version: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Build the HTTP application: plugins, conventions, security and error mapping. Modules add routes to it. */
export async function createHttpApp(deps: HttpDeps): Promise<{ app: App; routes: RouteInfo[] }> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // One line per request (on response, below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : requestId();
    },
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Signed link tokens (unsubscribe, click tracking) travel as path parameters: find-my-way's default
    // limit is 100 characters (414 beyond).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 4200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  // Security headers (helmet's, computed once: @fastify/helmet rebuilds its middleware on every request)
  // and the request id, set before anything else can answer. Hooks here take a callback: an async hook
  // costs a promise per request.
  const headers = await securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: deps.config.secureCookies,
  });
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      {
        method: req.method,
        url: req.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });

  z.globalRegistry.add(Problem, { id: 'Problem' });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    store: pgRateLimitStore(deps.database.db),
    skipOnError: false,
    errorResponseBuilder: (_req, ctx) => {
      const e = new AppError(
        'too_many_requests',
        'rate_limited',
        `Too many attempts; try again in ${ctx.after}`,
      );
      return Object.assign(e, { statusCode: 429 });
    },
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Prospector API',
        version: deps.version,
        description:
          'The public REST API of Prospector. Authenticate with a session cookie (browser; writes need the ' +
          '`x-csrf-token` header) or with `Authorization: Bearer <API token>`. Errors are RFC 9457 problem+json. ' +
          'Lists use cursor pagination: `limit` and `cursor` in, `items` and `nextCursor` out.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'prospector_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );

  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} does not declare its access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, access });
    }
  });

  app.decorateRequest('actor', null as never);
  app.decorateRequest('ctx', null as never);

  // Authentication and permission check run before body validation: an anonymous caller gets 401, not 400.
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    const actor = (await deps.authenticate(req)) ?? anonymous;
    req.actor = actor;
    req.ctx = { db: deps.database.db, actor, clock: deps.clock, log: req.log as Logger, queue: deps.queue };
    if (access === 'public') return;
    if (actor.kind === 'anonymous') {
      throw new AppError('unauthenticated', 'unauthenticated', 'Sign in or send an API token');
    }
    if (actor.csrfToken && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (sent !== actor.csrfToken) {
        throw new AppError(
          'forbidden',
          'csrf_failed',
          'Missing or wrong x-csrf-token header for a cookie session',
        );
      }
    }
    if (access !== 'authenticated') requirePermission(actor, access.permission);
  });

  app.get('/healthz', { schema: { hide: true }, config: { access: 'public' } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { schema: { hide: true }, config: { access: 'public' } }, async (_req, reply) => {
    try {
      await queryRows(deps.database.db, sql`select 1`);
      if (deps.ready && !(await deps.ready())) return reply.code(503).send({ status: 'starting' });
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });

  const webDir = deps.webDir;
  const hasWeb = webDir && existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: webDir, wildcard: true, index: 'index.html' });
  }
  app.setNotFoundHandler((req, reply) => {
    if (
      hasWeb &&
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      !path.extname(req.url.split('?')[0]!)
    ) {
      return reply.type('text/html').sendFile('index.html');
    }
    throw new AppError('not_found', 'route_not_found', `No route ${req.method} ${req.url.split('?')[0]}`);
  });

  return { app, routes };
}
