/**
 * Typed errors. A service throws an AppError with a kind (which decides the HTTP status, in one place:
 * http/problem.ts) and a stable, module-specific code that clients can branch on.
 */
export type ErrorKind =
  | 'invalid' // 400: the input breaks a rule; `fields` names each bad field
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: the state of the data forbids it (duplicate, stale version...)
  | 'gone' // 410
  | 'too_many_requests' // 429
  | 'unavailable'; // 503

export interface FieldError {
  /** Dotted path of the field, e.g. `email` or `emails.1.address`. */
  field: string;
  message: string;
  /** For text values: where in the value the problem is (0-based) and how long the faulty part is. */
  position?: number;
  length?: number;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown> | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    opts: { fields?: FieldError[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.fields = opts.fields ?? [];
    this.details = opts.details;
  }
}

export const invalid = (code: string, message: string, fields: FieldError[] = []) =>
  new AppError('invalid', code, message, { fields });
export const notFound = (entity: string) =>
  new AppError('not_found', `${entity}_not_found`, `${entity} not found`);
export const forbidden = (code: string, message: string) => new AppError('forbidden', code, message);
export const conflict = (code: string, message: string, fields: FieldError[] = []) =>
  new AppError('conflict', code, message, { fields });

export function assertUnreachable(x: never): never {
  throw new Error(`unreachable: ${String(x)}`);
}
