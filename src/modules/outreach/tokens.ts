import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../platform/db/client.ts';
import { findOutreachSettings, loadOutreachSettings } from './delivery.repository.ts';

/**
 * Signed link tokens (unsubscribe, open pixel, click redirect): `base64url(JSON payload).base64url(HMAC)`,
 * HMAC-SHA256 over the payload part with the workspace's secret (`outreach_settings.token_secret`, created
 * with the workspace's delivery settings). The payload names the workspace, so a public route can find the
 * secret before it trusts anything else in it.
 */
export interface LinkToken {
  /** What the link does: 'unsubscribe', 'open', 'click' ... (a token for one purpose is refused for another). */
  purpose: string;
  workspaceId: string;
  /** The outbox row (message) the link was sent in. */
  outboxId: string;
  /** Purpose-specific extra (e.g. the click target). */
  data?: string;
}

/** A canonical UUID (lower-case hex, 8-4-4-4-12): anything else is refused before it reaches a uuid column. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/** Sign a payload with a secret (pure). */
export function signToken(secret: string, t: LinkToken): string {
  const body = b64(JSON.stringify({ p: t.purpose, w: t.workspaceId, o: t.outboxId, d: t.data ?? null }));
  return `${body}.${b64(mac(secret, body))}`;
}

/** The payload of a token, unverified (only to find the workspace whose secret verifies it). */
export function peekToken(token: string): LinkToken | null {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || token.length > 4096) return null;
  try {
    const j = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof j.p !== 'string' || typeof j.w !== 'string' || typeof j.o !== 'string') return null;
    if (!UUID.test(j.w) || !UUID.test(j.o)) return null;
    return {
      purpose: j.p,
      workspaceId: j.w,
      outboxId: j.o,
      ...(typeof j.d === 'string' ? { data: j.d } : {}),
    };
  } catch {
    return null;
  }
}

/** Verify a token against a secret and a purpose (pure, constant-time compare); null when it does not hold. */
export function verifyToken(secret: string, token: string, purpose: string): LinkToken | null {
  const t = peekToken(token);
  if (!t || t.purpose !== purpose) return null;
  const [body, sig] = token.split('.') as [string, string];
  const want = mac(secret, body);
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  return t;
}

/** Sign with the workspace's secret (created on first use). */
export async function signLinkToken(db: Executor, t: LinkToken): Promise<string> {
  const s = await loadOutreachSettings(db, t.workspaceId);
  return signToken(s.tokenSecret, t);
}

/**
 * Verify a token from a public link: the workspace it names, its secret, the purpose. Null when invalid.
 * Read-only: the payload is not trusted yet, so a workspace without settings (hence without a secret, so
 * nothing was ever signed for it) is simply invalid, never created.
 */
export async function verifyLinkToken(
  db: Executor,
  token: string,
  purpose: string,
): Promise<LinkToken | null> {
  const t = peekToken(token);
  if (!t) return null;
  const s = await findOutreachSettings(db, t.workspaceId);
  if (!s) return null;
  return verifyToken(s.tokenSecret, token, purpose);
}
