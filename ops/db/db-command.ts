import {
  DatabaseUnavailableError,
  InvalidSchemaModuleError,
  MigrationFailedError,
  MigrationLockedError,
  MigrationPlanError,
  type OperatorDatabase,
  type OperatorTools,
} from '../../src/app/composition/operator-kit.ts';
import { ConfigError } from '../../src/app/config.ts';
import { CliError, UsageError } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { Output } from '../cli/output.ts';
import type { CliCommand } from '../cli/run-cli.ts';
import { CannotCheckError } from './cannot-check-error.ts';
import { parseDbArgs, type DbArgs } from './db-args.ts';
import { current, history, migrate, stamp } from './migrate-commands.ts';

/**
 * `npm run db -- <command>`: the migration CLI. The target database comes from APP_ENV and the
 * DB_* / USE_SQLITE settings, exactly as for the application. Exit codes (ops/cli/exit-codes.ts):
 * 0 success (check: clean), 1 failure (check: mismatch), 2 usage error, bad configuration or
 * (check, rehearse) cannot check.
 */
const USAGE = `usage: npm run db -- <command> [options]
  upgrade [head|<migration>] [--sql]        apply migrations (--sql: print the SQL, change nothing)
  downgrade <-N|<migration>|base> [--sql]   revert migrations
  current                                   the applied head and whether it is the newest
  history                                   every migration: applied / pending / unknown / changed
  check [--json]                            migrations and schema against the declaration (0 clean, 1 mismatch, 2 cannot check)
  rehearse [--json]                         check as it will be after upgrade head, on a scratch copy (the database is not changed)
  revision -m "message" [--autogenerate] [--allow-destructive]   write db/migrations/<UTC timestamp>_<slug>.ts
  stamp <migration|head>                    record the database as at a migration, running nothing
options: --lock-timeout <seconds> (default 30), --migrations-dir <dir>, --schema-module <file exporting declaredSchema>`;

type OnDatabase = (database: OperatorDatabase, args: DbArgs, o: Output) => Promise<number>;
const ON_DATABASE: Readonly<Record<string, OnDatabase>> = {
  upgrade: (d, a, o) => migrate(d, a, o, 'up'),
  downgrade: (d, a, o) => migrate(d, a, o, 'down'),
  current,
  history,
  stamp,
};

/** Errors {@link dbCommand}'s mapError (or the shell) reports as they are. */
const KNOWN = [UsageError, InvalidSchemaModuleError, MigrationFailedError, MigrationLockedError, MigrationPlanError];

const cannotReach = (error: unknown) =>
  error instanceof ConfigError || error instanceof CannotCheckError || error instanceof DatabaseUnavailableError;

async function dispatch(tools: OperatorTools, args: DbArgs, o: Output): Promise<number> {
  if (args.command === 'check') return (await import('./check-command.ts')).check(tools, args, o);
  if (args.command === 'rehearse') return (await import('./rehearse-command.ts')).rehearse(tools, args, o);
  if (args.command === 'revision') return (await import('./revision-command.ts')).revision(tools, args, o);
  const run = args.command ? ON_DATABASE[args.command] : undefined;
  if (!run) throw new UsageError(args.command ? `unknown command "${args.command}"` : 'no command given');
  const database = await tools.openDatabase({ mustExist: false });
  if (!args.sql) o.out(`database: ${tools.target} (APP_ENV=${tools.config.appEnv})`);
  try {
    return await run(database, args, o);
  } finally {
    await database.close();
  }
}

export const dbCommand: CliCommand = {
  name: 'db',
  usage: USAGE,
  async run(ctx) {
    const args = parseDbArgs(ctx);
    try {
      return await dispatch(ctx.tools(), args, ctx.out);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // check and rehearse say "cannot check" (exit 2) for a database they cannot reach or read.
      if (cannotReach(error))
        throw new CliError(
          EXIT.USAGE,
          `${args.command === 'check' || args.command === 'rehearse' ? 'cannot check: ' : ''}${message}`,
        );
      if (KNOWN.some((known) => error instanceof known)) throw error;
      throw new CliError(EXIT.FAILED, `db ${args.command ?? ''} failed: ${message}`);
    }
  },
  mapError(error, o) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof InvalidSchemaModuleError) {
      o.err(`${message}\n${USAGE}`);
      return EXIT.USAGE;
    }
    if (error instanceof MigrationFailedError) {
      if (error.completed.length)
        o.err(`completed before the failure (these stay applied): ${error.completed.join(', ')}`);
      o.err(`FAILED: ${message}`);
      return EXIT.FAILED;
    }
    if (error instanceof MigrationLockedError || error instanceof MigrationPlanError) {
      o.err(`FAILED: ${message}`);
      return EXIT.FAILED;
    }
    return undefined;
  },
};
