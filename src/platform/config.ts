import path from 'node:path';
import { z } from 'zod';

/**
 * The whole configuration, parsed once at boot. This is the only file that reads process.env:
 * everything else receives a typed Config.
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PROSPECTOR_DATA_DIR: z.string().min(1).default('./data'),
  PROSPECTOR_HOST: z.string().min(1).default('127.0.0.1'),
  PROSPECTOR_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PROSPECTOR_BASE_URL: z.url().optional(),
  PROSPECTOR_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  PROSPECTOR_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  PROSPECTOR_SECURE_COOKIES: boolish.optional(),
  PROSPECTOR_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  PROSPECTOR_AUTH_RATE_LIMIT: z.coerce.number().int().min(1).max(10000).default(10),
  PROSPECTOR_TRUST_PROXY: boolish.default(false),
  PROSPECTOR_ADMIN_EMAIL: z.email().optional(),
  PROSPECTOR_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
});

export interface Config {
  /** 'pglite' (embedded, default) or 'postgres' (DATABASE_URL set). */
  engine: 'pglite' | 'postgres';
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  baseUrl: string;
  logLevel: z.infer<typeof EnvSchema>['PROSPECTOR_LOG_LEVEL'];
  sessionTtlHours: number;
  secureCookies: boolean;
  workerConcurrency: number;
  /** Sign-in and password attempts allowed per minute per client address and per email. */
  authRateLimit: number;
  trustProxy: boolean;
  /** First run only: the admin account to create (a random password is printed when none is given). */
  initialAdmin: { email: string | undefined; password: string | undefined };
  /** Outgoing mail (outreach): smtp(s)://user:pass@host:port; unset = the built-in dev mailbox. */
  smtpUrl: string | undefined;
  /** Inbound mail (outreach replies, bounces): the embedded SMTP listener's port; unset = off. */
  inboundSmtpPort: number | undefined;
  /** The address the SMTP listener binds to (INBOUND_SMTP_HOST, default 127.0.0.1; not PROSPECTOR_HOST). */
  inboundSmtpHost: string;
}

export class ConfigError extends Error {}

export type ConfigOverrides = Partial<Pick<Config, 'dataDir' | 'port' | 'host' | 'databaseUrl' | 'logLevel'>>;

/** Parse the environment (and command-line overrides) into a Config; a bad value names its variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: ConfigOverrides = {},
): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const databaseUrl = overrides.databaseUrl ?? e.DATABASE_URL;
  const port = overrides.port ?? e.PROSPECTOR_PORT;
  const host = overrides.host ?? e.PROSPECTOR_HOST;
  const baseUrl = e.PROSPECTOR_BASE_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  return {
    engine: databaseUrl ? 'postgres' : 'pglite',
    databaseUrl,
    dataDir: path.resolve(overrides.dataDir ?? e.PROSPECTOR_DATA_DIR),
    host,
    port,
    baseUrl: baseUrl.replace(/\/$/, ''),
    logLevel: overrides.logLevel ?? e.PROSPECTOR_LOG_LEVEL,
    sessionTtlHours: e.PROSPECTOR_SESSION_TTL_HOURS,
    secureCookies: e.PROSPECTOR_SECURE_COOKIES ?? baseUrl.startsWith('https://'),
    // PGlite is one session (in its worker thread) that runs one statement at a time: more than one job of a
    // task at a time gains nothing there and multiplies the fetch queries every wake-up costs.
    workerConcurrency: e.PROSPECTOR_WORKER_CONCURRENCY ?? (databaseUrl ? 4 : 1),
    authRateLimit: e.PROSPECTOR_AUTH_RATE_LIMIT,
    trustProxy: e.PROSPECTOR_TRUST_PROXY,
    initialAdmin: { email: e.PROSPECTOR_ADMIN_EMAIL, password: e.PROSPECTOR_ADMIN_PASSWORD },
    smtpUrl: e.SMTP_URL,
    inboundSmtpPort: e.INBOUND_SMTP_PORT,
    inboundSmtpHost: e.INBOUND_SMTP_HOST,
  };
}
