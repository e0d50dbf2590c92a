import { connectDatabase } from '../src/adapters/db/connect.ts';
import { migrateToLatest, migrationState, MigrationFailedError } from '../src/adapters/db/migrations.ts';
import { ConfigError, loadConfig } from '../src/app/config.ts';

/**
 * `npm run db -- <command>`: the migration CLI. The target database comes from APP_ENV and the
 * DB_* / USE_SQLITE settings, exactly as for the application.
 */
const USAGE = 'usage: npm run db -- upgrade head | current';

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const config = loadConfig();
  const handle = connectDatabase(config.database);
  const target = config.database.dialect === 'sqlite' ? config.database.path : `${config.database.host}:${config.database.port}/${config.database.database}`;
  console.log(`database: ${config.database.dialect} ${target} (APP_ENV=${config.appEnv})`);
  try {
    switch (command) {
      case 'upgrade': {
        if ((args[0] ?? 'head') !== 'head') throw new UsageError(`upgrade supports only "head" (got "${args[0]}")`);
        const results = await migrateToLatest(handle.db);
        for (const r of results) console.log(`  applied ${r.migrationName}`);
        console.log(results.length ? `upgraded: ${results.length} migration(s) applied` : 'already at head: nothing to apply');
        return 0;
      }
      case 'current': {
        const state = await migrationState(handle.db);
        console.log(`current: ${state.current ?? '(none: empty database)'}`);
        console.log(`head:    ${state.latest ?? '(no migrations)'}`);
        console.log(state.upToDate ? 'up to date' : `${state.pending.length} pending: ${state.pending.join(', ')}`);
        return 0;
      }
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } finally {
    await handle.close();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
    else if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof MigrationFailedError) {
      for (const r of error.results) console.error(`  ${r.status === 'Success' ? 'applied' : r.status === 'Error' ? 'FAILED ' : 'skipped'} ${r.migrationName}`);
      console.error(error.message);
    } else console.error(`db command failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
