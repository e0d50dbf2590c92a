import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { connectDatabase, type DatabaseSettings, type Dialect } from '../../adapters/db/connection/connect.ts';
import { readClusterStatus, type ClusterStatus } from '../../adapters/db/mariadb/mariadb-cluster-status.ts';
import { listMigrationFiles, type MigrationFile } from '../../adapters/db/migrator/migration-files.ts';
import { migrationStatus, type MigrationStatus } from '../../adapters/db/migrator/migration-plan.ts';
import {
  runMigrations,
  stampMigrations,
  type Direction,
  type RunOptions,
} from '../../adapters/db/migrator/migration-runner.ts';
import { readAppliedMigrations } from '../../adapters/db/migrator/migration-store.ts';
import { createScratchCopy, type ScratchCopy } from '../../adapters/db/migrator/scratch-copy.ts';
import { introspectDatabase } from '../../adapters/schema-check/introspect.ts';
import type { SchemaModel } from '../../adapters/schema-check/schema-model.ts';

/** The database could not be opened or did not answer (the db CLI: "cannot check", exit 2). */
export class DatabaseUnavailableError extends Error {}

/** `sqlite <path>` or `mariadb host:port/name (user u)`: the target as operators read it. */
export const describeTarget = (s: DatabaseSettings): string =>
  s.dialect === 'sqlite' ? `sqlite ${s.path}` : `mariadb ${s.host}:${s.port}/${s.database} (user ${s.user})`;

/** What the operator tools do with one open database; the Kysely handle stays inside. */
export interface OperatorDatabase {
  readonly dialect: Dialect;
  /** Migration files of `folder` against the records of the database. */
  status(folder: string): Promise<MigrationStatus>;
  /**
   * Runs migrations with per-step events; returns the names done. Throws `MigrationFailedError`,
   * `MigrationLockedError`.
   */
  migrate(plan: readonly MigrationFile[], direction: Direction, options: RunOptions): Promise<string[]>;
  /** Records (`up`) or forgets (`down`) migrations without running them. */
  stamp(plan: readonly MigrationFile[], direction: Direction, options: RunOptions): Promise<void>;
  /** The live schema, for the schema check. */
  introspect(): Promise<SchemaModel>;
  /** Rows per table (autogenerate marks steps that would lose data). */
  rowCounts(tables: readonly string[]): Promise<Record<string, number>>;
  /** The Galera node's state; null off a cluster. */
  clusterStatus(): Promise<ClusterStatus | null>;
  /** A scratch database with this one's structure and migration records, no rows (see `createScratchCopy`). */
  scratchCopy(): Promise<ScratchCopy>;
  close(): Promise<void>;
}

/**
 * Opens `settings` and checks it answers; with `mustExist`, refuses a SQLite file that does not
 * exist (a typo must not create an empty database). Throws {@link DatabaseUnavailableError}.
 */
export async function openOperatorDatabase(settings: DatabaseSettings, mustExist: boolean): Promise<OperatorDatabase> {
  if (mustExist && settings.dialect === 'sqlite' && settings.path !== ':memory:' && !existsSync(settings.path))
    throw new DatabaseUnavailableError(`SQLite database file ${settings.path} does not exist`);
  const handle = connectDatabase(settings);
  try {
    await handle.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
  } catch (error) {
    await handle.close();
    const message = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`cannot reach the database (${describeTarget(settings)}): ${message}`, {
      cause: error,
    });
  }
  const { db } = handle;
  return {
    dialect: handle.dialect,
    status: async (folder) => migrationStatus(await listMigrationFiles(folder), await readAppliedMigrations(db)),
    migrate: (plan, direction, options) => runMigrations(db, plan, direction, options),
    stamp: (plan, direction, options) => stampMigrations(db, plan, direction, options),
    introspect: () => introspectDatabase(db, handle.dialect),
    async rowCounts(tables) {
      const rows: Record<string, number> = {};
      for (const t of tables) {
        const { rows: r } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(db);
        rows[t] = Number(r[0]?.n ?? 0);
      }
      return rows;
    },
    clusterStatus: () => readClusterStatus(handle),
    scratchCopy: () => createScratchCopy(handle, settings),
    close: () => handle.close(),
  };
}
