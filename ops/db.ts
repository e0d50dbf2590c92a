import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../src/app/config.ts';
import {
  CannotCheckError, current, describeTarget, history, migrate, MigrationFailedError, MigrationLockedError,
  MigrationPlanError, MIGRATIONS_FOLDER, openDatabase, stamp, UsageError, type DbArgs,
} from './db-commands.ts';
import { consoleOutput, type Output } from './db-output.ts';

/**
 * `npm run db -- <command>`: the migration CLI. The target database comes from APP_ENV and the
 * DB_* / USE_SQLITE settings, exactly as for the application. Exit codes: 0 success (check:
 * clean), 1 failure (check: mismatch), 2 usage error, bad configuration or (check) cannot check.
 */
export const USAGE = `usage: npm run db -- <command> [options]
  upgrade [head|<migration>] [--sql]        apply migrations (--sql: print the SQL, change nothing)
  downgrade <-N|<migration>|base> [--sql]   revert migrations
  current                                   the applied head and whether it is the newest
  history                                   every migration: applied / pending / unknown / changed
  check [--json]                            migrations and schema against the declaration (0 clean, 1 mismatch, 2 cannot check)
  rehearse [--json]                         check as it will be after upgrade head, on a scratch copy (the database is not changed)
  revision -m "message" [--autogenerate] [--allow-destructive]   write db/migrations/<UTC timestamp>_<slug>.ts
  stamp <migration|head>                    record the database as at a migration, running nothing
options: --lock-timeout <seconds> (default 30), --migrations-dir <dir>, --schema-module <file exporting declaredSchema>`;

export function parseDbArgs(argv: readonly string[]): DbArgs {
  // `downgrade -1`: a negative number is a positional, not an option
  const negative = (a: string) => /^-\d+$/.test(a);
  const args = argv.filter((a) => !negative(a));
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        sql: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        message: { type: 'string', short: 'm' },
        autogenerate: { type: 'boolean', default: false },
        'allow-destructive': { type: 'boolean', default: false },
        'lock-timeout': { type: 'string', default: '30' },
        'migrations-dir': { type: 'string' },
        'schema-module': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [command, ...positionals] = [...parsed.positionals, ...argv.filter(negative)];
  const v = parsed.values;
  if (!/^\d+$/.test(v['lock-timeout'])) throw new UsageError(`--lock-timeout must be a whole number of seconds (got "${v['lock-timeout']}")`);
  return {
    command,
    positionals,
    sql: v.sql,
    json: v.json,
    message: v.message,
    autogenerate: v.autogenerate,
    allowDestructive: v['allow-destructive'],
    lockTimeoutSeconds: Number(v['lock-timeout']),
    migrationsDir: v['migrations-dir'] ? resolve(v['migrations-dir']) : MIGRATIONS_FOLDER,
    schemaModule: v['schema-module'],
  };
}

/** Runs one command; returns the exit code. Errors are reported on `o`, never thrown. */
export async function runDb(argv: readonly string[], o: Output = consoleOutput): Promise<number> {
  let args: DbArgs | undefined;
  try {
    args = parseDbArgs(argv);
    const config = loadConfig();
    if (args.command === 'check') {
      const { check } = await import('./db-check.ts');
      return await check(config, args, o);
    }
    if (args.command === 'rehearse') {
      const { rehearse } = await import('./db-rehearse.ts');
      return await rehearse(config, args, o);
    }
    if (args.command === 'revision') {
      const { revision } = await import('./db-revision.ts');
      return await revision(config, args, o);
    }
    const commands: Record<string, (h: Awaited<ReturnType<typeof openDatabase>>, a: DbArgs, o: Output) => Promise<number>> = {
      upgrade: (h, a) => migrate(h, a, o, 'up'),
      downgrade: (h, a) => migrate(h, a, o, 'down'),
      current,
      history,
      stamp,
    };
    const run = args.command ? commands[args.command] : undefined;
    if (!run) throw new UsageError(args.command ? `unknown command "${args.command}"` : 'no command given');
    const handle = await openDatabase(config, false);
    if (!args.sql) o.out(`database: ${describeTarget(config.database)} (APP_ENV=${config.appEnv})`);
    try {
      return await run(handle, args, o);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      o.err(`${message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof CannotCheckError) {
      o.err(`${args?.command === 'check' || args?.command === 'rehearse' ? 'cannot check: ' : ''}${message}`);
      return 2;
    }
    if (error instanceof MigrationFailedError) {
      if (error.completed.length) o.err(`completed before the failure (these stay applied): ${error.completed.join(', ')}`);
      o.err(`FAILED: ${message}`);
    } else if (error instanceof MigrationLockedError || error instanceof MigrationPlanError) o.err(`FAILED: ${message}`);
    else o.err(`db ${args?.command ?? ''} failed: ${message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runDb(process.argv.slice(2)).then((code) => process.exit(code));
}
