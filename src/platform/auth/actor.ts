import { AppError } from '../errors.ts';

/** Who is acting: a signed-in user (session cookie), an API token, or the system (tasks, CLI). */
export interface Actor {
  kind: 'user' | 'token' | 'system' | 'anonymous';
  workspaceId: string;
  userId: string | null;
  email: string | null;
  permissions: ReadonlySet<string>;
  /** For cookie sessions: the CSRF token every write must echo in the x-csrf-token header. */
  sessionId?: string;
  csrfToken?: string;
  tokenId?: string;
}

export const anonymous: Actor = {
  kind: 'anonymous',
  workspaceId: '',
  userId: null,
  email: null,
  permissions: new Set(),
};

/** The system actor of a workspace, holding every permission: for tasks, the CLI and seeding. */
export function systemActor(workspaceId: string, permissions: Iterable<string>): Actor {
  return { kind: 'system', workspaceId, userId: null, email: null, permissions: new Set(permissions) };
}

export function can(actor: Actor, permission: string): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: string): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'unauthenticated', 'Sign in first');
  if (!can(actor, permission)) {
    throw new AppError('forbidden', 'missing_permission', `This needs the permission ${permission}`, {
      details: { permission },
    });
  }
}
