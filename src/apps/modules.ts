import path from 'node:path';
import { auditRoutes } from '../modules/audit/index.ts';
import {
  candidateRoutes,
  configChangeChannel,
  onCandidateWritten,
  onConsentWithdrawn,
  searchRoutes,
} from '../modules/candidates/index.ts';
import {
  duplicateRoutes,
  duplicatesOnCandidatesWritten,
  duplicatesOnCandidateWritten,
  rescanTask,
} from '../modules/duplicates/index.ts';
import {
  authChangeChannel,
  identityRoutes,
  purgeExpired,
  workspaceSystemActor,
} from '../modules/identity/index.ts';
import { importRoutes, processImport, sweepImports } from '../modules/imports/index.ts';
import {
  configureDelivery,
  deliveryRoutes,
  dispatchTask,
  engagementRoutes,
  handoffTask,
  outreachOnCandidateWritten,
  outreachOnConsentWithdrawn,
  outreachRoutes,
  replanTask,
  startInboundSmtp,
} from '../modules/outreach/index.ts';
import type { Config } from '../platform/config.ts';
import type { Ctx } from '../platform/context.ts';
import type { Database } from '../platform/db/client.ts';
import type { ChangeChannel } from '../platform/db/notifications.ts';
import type { App } from '../platform/http/app.ts';
import type { AnyTask } from '../platform/queue/runtime.ts';

/**
 * The modules this build is made of. A new module adds its routes and tasks here; nothing else in apps/
 * needs to know it exists.
 */
export async function registerRoutes(app: App, config: Config): Promise<void> {
  await identityRoutes(app, {
    sessionTtlHours: config.sessionTtlHours,
    secureCookies: config.secureCookies,
    authRateLimit: config.authRateLimit,
  });
  await auditRoutes(app);
  await candidateRoutes(app);
  await searchRoutes(app);
  await outreachRoutes(app);
  await deliveryRoutes(app);
  await engagementRoutes(app);
  await importRoutes(app);
  await duplicateRoutes(app);
}

/**
 * The change channels of the modules' process-local caches (authentication, workspace configuration), heard
 * by every serving process: a cache is used only while its channel is heard.
 */
export function changeChannels(database: Database): ChangeChannel[] {
  return [authChangeChannel(database), configChangeChannel(database)];
}

export const tasks: AnyTask[] = [
  purgeExpired,
  rescanTask as AnyTask,
  processImport as AnyTask,
  sweepImports as AnyTask,
  replanTask as AnyTask,
  handoffTask as AnyTask,
  dispatchTask as AnyTask,
];

/** Per-process module configuration from the environment (called by the runtime before workers start). */
export function configureModules(config: Config): void {
  configureDelivery({
    smtpUrl: config.smtpUrl,
    baseUrl: config.baseUrl,
    // PostgreSQL only: PGlite's database dies with the worker (docs/outreach.md, "Exactly once").
    asyncStartedCommit: config.engine === 'postgres',
    // Embedded: attempts begin in a journal beside the database (one process owns the directory), not as rows
    // on PGlite's one session (docs/outreach.md, "Exactly once").
    attemptJournal:
      config.engine === 'pglite' ? path.join(config.dataDir, 'outreach-attempts.journal') : undefined,
  });
}

/**
 * Listeners besides HTTP, started by the serving process: the embedded inbound SMTP listener
 * (INBOUND_SMTP_PORT) that hands replies and bounces to outreach. Returns what to close on shutdown.
 */
export async function startInboundMail(
  config: Config,
  base: Omit<Ctx, 'actor'>,
): Promise<{ close(): Promise<void> } | null> {
  if (config.inboundSmtpPort === undefined) return null;
  return startInboundSmtp({
    host: config.inboundSmtpHost,
    port: config.inboundSmtpPort,
    base,
    asWorkspace: (ws) => ({ ...base, actor: workspaceSystemActor(ws) }),
  });
}

// Candidate write listeners: duplicate control keeps its blocking keys and finds pairs on every create.
onCandidateWritten(duplicatesOnCandidateWritten, duplicatesOnCandidatesWritten);
// Outreach: a status that stops a sequence (and hired) ends the candidate's live enrollments.
onCandidateWritten(outreachOnCandidateWritten);
// Outreach: a consent withdrawal stops the live enrollments that would still use that channel.
onConsentWithdrawn(outreachOnConsentWithdrawn);
