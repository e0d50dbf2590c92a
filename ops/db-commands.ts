import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { connectDatabase, type DatabaseHandle, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { describeCluster, readClusterStatus } from '../src/adapters/db/mariadb/mariadb-cluster-status.ts';
import { listMigrationFiles } from '../src/adapters/db/migrator/migration-files.ts';
import { MigrationLockedError } from '../src/adapters/db/locks/migration-lock.ts';
import { MigrationPlanError, migrationStatus, planDowngrade, planStamp, planUpgrade, type MigrationStatus } from '../src/adapters/db/migrator/migration-plan.ts';
import { MigrationFailedError, runMigrations, stampMigrations } from '../src/adapters/db/migrator/migration-runner.ts';
import { readAppliedMigrations } from '../src/adapters/db/migrator/migration-store.ts';
import { MIGRATIONS_FOLDER } from '../src/adapters/db/migrator/migrations.ts';
import type { Config } from '../src/app/config.ts';
import type { Declaration } from '../src/adapters/schema-check/declared-model.ts';
import { eventPrinter, type Output } from './db-output.ts';

/** Parsed command line of `npm run db`. */
export interface DbArgs {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  readonly sql: boolean;
  readonly json: boolean;
  readonly message: string | undefined;
  readonly autogenerate: boolean;
  readonly allowDestructive: boolean;
  readonly lockTimeoutSeconds: number;
  readonly migrationsDir: string;
  readonly schemaModule: string | undefined;
}

/** A wrong command line: exit 2 with usage. */
export class UsageError extends Error {}

/** Cannot reach or read the database: exit 2 for `check`. */
export class CannotCheckError extends Error {}

export const describeTarget = (s: DatabaseSettings): string =>
  s.dialect === 'sqlite' ? `sqlite ${s.path}` : `mariadb ${s.host}:${s.port}/${s.database} (user ${s.user})`;

/** Loads the declaration: the app's, or the module named by `--schema-module` (exporting `declaredSchema`). */
export async function loadDeclaration(schemaModule: string | undefined): Promise<Declaration> {
  if (!schemaModule) return (await import('../src/declared-schema/declared-schema.ts')).declaredSchema;
  const module = (await import(pathToFileURL(resolve(schemaModule)).href)) as { declaredSchema?: Declaration };
  if (!module.declaredSchema) throw new UsageError(`${schemaModule} exports no declaredSchema`);
  return module.declaredSchema;
}

/** Opens the configured database; refuses a SQLite file that does not exist (a typo must not create an empty database). */
export async function openDatabase(config: Config, mustExist: boolean): Promise<DatabaseHandle> {
  const s = config.database;
  if (mustExist && s.dialect === 'sqlite' && s.path !== ':memory:' && !existsSync(s.path))
    throw new CannotCheckError(`SQLite database file ${s.path} does not exist`);
  const handle = connectDatabase(s);
  try {
    await handle.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
  } catch (error) {
    await handle.close();
    throw new CannotCheckError(`cannot reach the database (${describeTarget(s)}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return handle;
}

export async function readStatus(handle: DatabaseHandle, folder: string): Promise<MigrationStatus> {
  return migrationStatus(await listMigrationFiles(folder), await readAppliedMigrations(handle.db));
}

/** upgrade / downgrade: plan, then run with per-step output (or print the SQL with --sql). */
export async function migrate(handle: DatabaseHandle, args: DbArgs, o: Output, direction: 'up' | 'down'): Promise<number> {
  const target = args.positionals[0] ?? (direction === 'up' ? 'head' : undefined);
  if (!target) throw new UsageError('downgrade needs a target: -N, a migration name, or base');
  const status = await readStatus(handle, args.migrationsDir);
  const plan = direction === 'up' ? planUpgrade(status, target) : planDowngrade(status, target);
  if (plan.length === 0) {
    o.out(direction === 'up' ? `already at ${target === 'head' ? 'head' : target}: nothing to apply (current: ${status.current ?? 'none'})` : 'nothing to revert');
    return 0;
  }
  if (args.sql) o.out(`-- preview (--sql): nothing is changed. ${plan.length} migration(s) ${direction === 'up' ? 'to apply' : 'to revert'}, in order`);
  else o.out(`${direction === 'up' ? 'upgrading' : 'downgrading'}: ${plan.length} migration(s) to ${direction === 'up' ? 'apply' : 'revert'}`);
  const done = await runMigrations(handle.db, plan, direction, { dryRun: args.sql, lockTimeoutSeconds: args.lockTimeoutSeconds, onEvent: eventPrinter(o, args.sql) });
  if (args.sql) {
    o.out('\n-- end of preview: the database was not changed');
    return 0;
  }
  const after = await readStatus(handle, args.migrationsDir);
  o.out(`${direction === 'up' ? 'upgraded' : 'downgraded'}: ${done.length} migration(s) ${direction === 'up' ? 'applied' : 'reverted'}; current: ${after.current ?? '(none: base)'}`);
  return 0;
}

export async function stamp(handle: DatabaseHandle, args: DbArgs, o: Output): Promise<number> {
  const target = args.positionals[0];
  if (!target) throw new UsageError('stamp needs a target: a migration name or head');
  const { record, forget } = planStamp(await readStatus(handle, args.migrationsDir), target);
  for (const f of forget) o.out(`  forgetting ${f.name} (not reverted)`);
  for (const r of record) o.out(`  recording ${r.name} as applied (not run), checksum ${r.checksum.slice(0, 12)}`);
  await stampMigrations(handle.db, forget, 'down', { lockTimeoutSeconds: args.lockTimeoutSeconds });
  await stampMigrations(handle.db, record, 'up', { lockTimeoutSeconds: args.lockTimeoutSeconds });
  const after = await readStatus(handle, args.migrationsDir);
  o.out(`stamped: current is now ${after.current ?? '(none)'}; nothing was run`);
  return 0;
}

export async function current(handle: DatabaseHandle, args: DbArgs, o: Output): Promise<number> {
  const s = await readStatus(handle, args.migrationsDir);
  o.out(`current: ${s.current ?? '(none: empty database)'}`);
  const cluster = await readClusterStatus(handle);
  if (cluster) o.out(`cluster: ${describeCluster(cluster)}`);
  o.out(`head:    ${s.head ?? '(no migrations)'}`);
  if (s.unknown.length) o.out(`unknown: ${s.unknown.length} applied migration(s) not in the code: ${s.unknown.map((u) => u.name).join(', ')}`);
  o.out(s.pending.length === 0 && s.unknown.length === 0 ? 'up to date (current is head)' : s.pending.length ? `${s.pending.length} pending: ${s.pending.map((p) => p.name).join(', ')}` : 'not at head');
  return 0;
}

export async function history(handle: DatabaseHandle, args: DbArgs, o: Output): Promise<number> {
  const s = await readStatus(handle, args.migrationsDir);
  const applied = new Map(s.applied.map((a) => [a.name, a]));
  const rows = [...s.files.map((f) => f.name), ...s.unknown.map((u) => u.name)].sort();
  if (rows.length === 0) o.out('no migrations');
  for (const name of rows) {
    const a = applied.get(name);
    const f = s.files.find((x) => x.name === name);
    const mark = !f ? 'unknown ' : !a ? 'pending ' : a.checksum && a.algorithm === f.algorithm && a.checksum !== f.checksum ? 'changed ' : 'applied ';
    o.out(`  [${mark}] ${name}${a ? `  (applied ${a.appliedAt})` : ''}${name === s.current ? '  <- current' : ''}${name === s.head ? '  (head)' : ''}`);
  }
  return 0;
}

export { MigrationFailedError, MigrationLockedError, MigrationPlanError, MIGRATIONS_FOLDER };
