import { randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Time-ordered UUIDv7: index-friendly primary keys that also sort by creation. */
export function newId(): string {
  return v7();
}

/** A URL-safe random secret of `bytes` bytes of entropy (session cookies, API tokens, CSRF tokens). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
