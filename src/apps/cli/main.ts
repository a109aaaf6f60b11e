import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, type ConfigOverrides, loadConfig } from '../../platform/config.ts';
import { DataDirLockedError } from '../../platform/db/lock.ts';
import { SchemaMismatchError } from '../../platform/db/migrate.ts';
import { AppError } from '../../platform/errors.ts';
import { version } from '../runtime.ts';
import { auditVerify, migrate, tokenCreate, userCreate } from './admin.ts';
import { importCommand } from './import.ts';
import { search } from './search.ts';
import { seed } from './seed.ts';
import { start } from './start.ts';
import { worker } from './worker.ts';

const program = new Command('prospector')
  .description('Prospector: open-source candidate sourcing')
  .version(version)
  .option('--data-dir <dir>', 'embedded database directory (env PROSPECTOR_DATA_DIR, default ./data)')
  .option('--database-url <url>', 'PostgreSQL URL for server mode (env DATABASE_URL)');

function config(extra: ConfigOverrides = {}) {
  const g = program.opts<{ dataDir?: string; databaseUrl?: string }>();
  return loadConfig(process.env, {
    ...(g.dataDir ? { dataDir: g.dataDir } : {}),
    ...(g.databaseUrl ? { databaseUrl: g.databaseUrl } : {}),
    ...extra,
  });
}

function int(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
    return n;
  };
}

const list = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

program
  .command('start')
  .description(
    'Run everything in one process: API, web UI and workers (embedded database unless DATABASE_URL)',
  )
  .option('--port <port>', 'HTTP port (env PROSPECTOR_PORT, default 3000)', int('port'))
  .option('--host <host>', 'HTTP address (env PROSPECTOR_HOST, default 127.0.0.1)')
  .action((o: { port?: number; host?: string }) =>
    start(
      config({ ...(o.port !== undefined ? { port: o.port } : {}), ...(o.host ? { host: o.host } : {}) }),
      {
        work: true,
        migrate: true,
        firstRun: true,
        purpose: 'start',
      },
    ),
  );

program
  .command('serve')
  .description(
    'Server mode: API and web UI only (run `prospector worker` beside it); needs a migrated PostgreSQL',
  )
  .option('--port <port>', 'HTTP port', int('port'))
  .option('--host <host>', 'HTTP address')
  .action((o: { port?: number; host?: string }) => {
    const c = config({
      ...(o.port !== undefined ? { port: o.port } : {}),
      ...(o.host ? { host: o.host } : {}),
    });
    if (c.engine !== 'postgres')
      throw new AppError(
        'invalid',
        'serve_needs_postgres',
        'serve is for server mode: set DATABASE_URL (or use `prospector start`)',
      );
    return start(c, { work: false, migrate: false, firstRun: true, purpose: 'serve' });
  });

program
  .command('worker')
  .description('Server mode: run background tasks (any number of these on one PostgreSQL)')
  .action(() => {
    const c = config();
    if (c.engine !== 'postgres')
      throw new AppError(
        'invalid',
        'worker_needs_postgres',
        'worker is for server mode: set DATABASE_URL (`prospector start` runs workers in-process)',
      );
    return worker(c);
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(() => migrate(config()));

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user (prints a generated password unless --password is given)')
  .requiredOption('--email <email>', 'email address')
  .option(
    '--role <key>',
    'role key (repeat or comma-separate): admin, recruiter, sourcer, hiring_manager, coordinator, auditor',
    list,
    [],
  )
  .option('--name <name>', 'display name')
  .option('--password <password>', 'initial password (12+ characters)')
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .action((o) => userCreate(config(), o));

const token = program.command('token').description('Manage API tokens');
token
  .command('create')
  .description('Create an API token for a user and print it once')
  .requiredOption('--user <email>', 'owner of the token')
  .requiredOption(
    '--scopes <list>',
    'permission strings, comma-separated, or "all" (all of the user\'s permissions)',
    list,
  )
  .option('--days <n>', 'days until it expires', int('days'), 90)
  .option('--name <name>', 'a name to recognise it', 'cli')
  .action((o) => tokenCreate(config(), o));

const audit = program.command('audit').description('The tamper-evident change log');
audit
  .command('verify')
  .description('Walk every hash chain and name the first broken entry (exit code 1 if any)')
  .action(async () => {
    process.exitCode = await auditVerify(config());
  });

program
  .command('search')
  .description('Search candidates with the Boolean query language (docs/search.md)')
  .argument('[query]', 'e.g. \'title:"staff engineer" AND (skill:go OR skill:rust) NOT company:acme\'', '')
  .option('--json', 'print the result page as JSON')
  .option('--limit <n>', 'how many to show (1-200)', int('limit'), 20)
  .option('--sort <key>', 'relevance, recent, created or name')
  .option(
    '--filter <name=value>',
    'a filter as in the API, e.g. country=DE or minYears=5 (repeatable)',
    (v: string, p: string[] = []) => [...p, v],
    [],
  )
  .option('--as <email>', 'search as this user (their permissions and redaction)')
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .action((query: string, o) => search(config(), query, o));

program
  .command('import')
  .description(
    'Import candidates from a file (docs/imports.md); the same command again resumes an interrupted run',
  )
  .argument('<file>', 'the file to import')
  .requiredOption('--format <format>', 'csv, tsv, json-resume, linkedin, gem or greenhouse')
  .requiredOption(
    '--source <code>',
    'source code from the catalogue, e.g. linkedin, gem, referral, spreadsheet',
  )
  .option('--mapping <id|file>', 'a saved mapping id, or a JSON file of column header -> target')
  .option('--campaign <name>', 'campaign recorded on every touchpoint')
  .option('--sourcer <name>', 'sourcer recorded on every touchpoint')
  .option('--as <email>', 'import as this user (their permissions; audited as them)')
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .option('--chunk-rows <n>', 'rows per chunk (default 500)', int('chunk-rows'))
  .action((file: string, o) => {
    if (!['csv', 'tsv', 'json-resume', 'linkedin', 'gem', 'greenhouse'].includes(o.format))
      throw new InvalidArgumentError(`--format must be csv, tsv, json-resume, linkedin, gem or greenhouse`);
    return importCommand(config(), file, o);
  });

program
  .command('seed')
  .description('Fill a workspace with realistic generated data')
  .requiredOption('--demo', 'generate demo data')
  .option('--seed <n>', 'random seed (same seed, same data)', int('seed'), 42)
  .option('--candidates <n>', 'how many candidates to generate', int('candidates'), 300)
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .action((o: { seed: number; workspace?: string; candidates: number }) => seed(config(), o));

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof SchemaMismatchError) {
    process.stderr.write(`${err.message}\n`);
  } else if (err instanceof AppError) {
    const fields = err.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('');
    process.stderr.write(`${err.message}${fields}\n`);
  } else {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
