import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, assertUnreachable, type ErrorKind } from '../errors.ts';
import { ResponseShapeError } from './serializer.ts';

/** RFC 9457 problem details, the body of every error response. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().describe('Stable machine-readable error code'),
    instance: z.string().optional().describe('The request id, as in the logs'),
    errors: z
      .array(
        z.object({
          field: z.string().describe('Dotted path of the bad field, e.g. `email` or `emails.1.address`'),
          in: z.enum(['body', 'query', 'params', 'headers']).optional(),
          message: z.string(),
          position: z
            .number()
            .int()
            .optional()
            .describe(
              'Where in the value the problem is (0-based character offset), e.g. a query syntax error',
            ),
          length: z.number().int().optional().describe('How many characters from `position` are at fault'),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'gone':
      return 410;
    case 'too_many_requests':
      return 429;
    case 'unavailable':
      return 503;
    default:
      return assertUnreachable(kind);
  }
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function problem(
  status: number,
  code: string,
  detail: string,
  req: FastifyRequest,
  errors?: Problem['errors'],
) {
  return {
    type: `about:blank#${code}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    instance: req.id,
    ...(errors?.length ? { errors } : {}),
  } satisfies Problem;
}

function jsonPointerToField(instancePath: string): string {
  return instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
}

/** The one place where errors become HTTP responses. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  let body: Problem;
  if (err instanceof AppError) {
    body = problem(
      statusOf(err.kind),
      err.code,
      err.message,
      req,
      err.fields.map((f) => ({
        field: f.field,
        message: f.message,
        ...(f.position !== undefined ? { position: f.position, length: f.length ?? 0 } : {}),
      })),
    );
  } else if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext;
    const inPart = where === 'querystring' ? 'query' : (where as 'body' | 'params' | 'headers' | undefined);
    const errors = err.validation.flatMap((v) => {
      // fastify-type-provider-zod puts the zod issue code in `keyword` and its other fields in `params`.
      const at = jsonPointerToField(v.instancePath);
      const keys = (v.params as { keys?: unknown } | undefined)?.keys;
      const fields =
        v.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length
          ? keys.map((k) => [at, String(k)].filter(Boolean).join('.'))
          : [at];
      return fields.map((field) => ({
        field: field || (inPart ?? 'body'),
        ...(inPart ? { in: inPart as 'body' | 'query' | 'params' | 'headers' } : {}),
        message: v.keyword === 'unrecognized_keys' ? 'is not a known field' : (v.message ?? 'invalid'),
      }));
    });
    const list = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    body = problem(400, 'validation_failed', `Invalid request: ${list}`, req, errors);
  } else if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
    body = problem(500, 'internal', 'The server produced an invalid response', req);
  } else if (err instanceof ResponseShapeError) {
    req.log.error({ err }, 'response did not match its schema');
    body = problem(500, 'internal', 'The server produced an invalid response', req);
  } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, body too large, unsupported media type, rate limit...
    const code = err.statusCode === 429 ? 'rate_limited' : (err.code ?? 'bad_request').toLowerCase();
    body = problem(err.statusCode, code, err.message, req);
  } else {
    req.log.error({ err }, 'unhandled error');
    body = problem(
      500,
      'internal',
      'Something went wrong on our side; the request id identifies it in the logs',
      req,
    );
  }
  return reply.status(body.status).type('application/problem+json').send(body);
}
