import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type UnknownRow,
} from 'kysely';
import { loadMigration, type MigrationFile } from './migration-files.ts';
import type { LeaseTiming } from '../locks/lease-lock.ts';
import { isSqlite, MigrationLockedError, withMigrationLock } from '../locks/migration-lock.ts';
import { ensureMigrationTables, readAppliedMigrations, recordApplied, recordReverted } from './migration-store.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type AnyDb = Kysely<any>;
export type Direction = 'up' | 'down';

/** What a run reports as it goes, so the CLI prints every step as it happens. */
export type MigrationEvent =
  | { readonly type: 'start'; readonly name: string; readonly direction: Direction }
  /** Another run applied (or reverted) it while this one waited for the lock. */
  | { readonly type: 'skipped'; readonly name: string; readonly direction: Direction }
  | { readonly type: 'step'; readonly name: string; readonly index: number; readonly sql: string }
  | { readonly type: 'done'; readonly name: string; readonly direction: Direction; readonly steps: number }
  | {
      readonly type: 'failed';
      readonly name: string;
      readonly direction: Direction;
      /** 1-based number of the step that failed. */
      readonly stepIndex: number;
      /** The failing statement, or null when the migration's own code threw between statements. */
      readonly sql: string | null;
      readonly error: string;
      /** Statements of this migration that took effect and stayed (MariaDB commits DDL at once). */
      readonly tookEffect: readonly string[];
      /** True on SQLite: the whole migration was rolled back. */
      readonly rolledBack: boolean;
    };

/** A migration failed; earlier migrations of the run stay applied. `event` says which step and what stayed. */
export class MigrationFailedError extends Error {
  readonly code = 'MIGRATION_FAILED';
  override name = 'MigrationFailedError';
  constructor(
    readonly event: Extract<MigrationEvent, { type: 'failed' }>,
    readonly completed: readonly string[],
    options: { cause: unknown },
  ) {
    super(`Migration ${event.name} (${event.direction}) failed at step ${event.stepIndex}: ${event.error}`, options);
  }
}

export interface RunOptions {
  /**
   * Print-only preview (`--sql`): SQLite runs everything inside a transaction that is rolled back; MariaDB compiles
   * without a connection.
   */
  readonly dryRun?: boolean;
  readonly lockTimeoutSeconds?: number;
  /** The MariaDB migration lease (default `MIGRATION_LEASE`); tests shorten it. */
  readonly lockTiming?: LeaseTiming;
  readonly onEvent?: (event: MigrationEvent) => void;
}

const READ = /^\s*(select\b|pragma\s+[\w.]+\s*(\(|$))/i;

/** Captures each statement a migration executes (compiled SQL), in order. */
function recorder(db: AnyDb, started: (sql: string) => void, finished: (sql: string) => void): KyselyPlugin {
  const pending = new Map<unknown, string>();
  return {
    transformQuery(args: PluginTransformQueryArgs) {
      const text = db.getExecutor().compileQuery(args.node, args.queryId).sql;
      pending.set(args.queryId, text);
      started(text);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      finished(pending.get(args.queryId) ?? '');
      pending.delete(args.queryId);
      return args.result;
    },
  };
}

async function runOne(
  conn: AnyDb,
  file: MigrationFile,
  direction: Direction,
  savepoint: boolean,
  onEvent: (e: MigrationEvent) => void,
): Promise<void> {
  const module = await loadMigration(file);
  const fn = direction === 'up' ? module.up : module.down;
  if (!fn) throw new Error(`Migration ${file.name} has no down() function: it cannot be reverted`);
  onEvent({ type: 'start', name: file.name, direction });
  const steps: string[] = [];
  let current: string | null = null;
  const migrationDb = conn.withPlugin(
    recorder(
      conn,
      (s) => (current = s),
      (s) => {
        current = null;
        if (READ.test(s)) return;
        steps.push(s);
        onEvent({ type: 'step', name: file.name, index: steps.length, sql: s });
      },
    ),
  );
  if (savepoint) await sql`savepoint migration_step`.execute(conn);
  try {
    await fn.call(module, migrationDb);
    if (isSqlite(conn)) {
      const { rows } = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(conn);
      if (rows.length)
        throw new Error(
          `foreign key check failed: ${rows.length} row(s) violate a foreign key (first: ${rows[0]?.table} → ${rows[0]?.parent})`,
        );
    }
    if (direction === 'up') await recordApplied(conn, file.name, file.checksum, file.algorithm);
    else await recordReverted(conn, file.name);
    if (savepoint) await sql`release migration_step`.execute(conn);
    onEvent({ type: 'done', name: file.name, direction, steps: steps.length });
  } catch (error) {
    if (savepoint) {
      await sql`rollback to migration_step`.execute(conn);
      await sql`release migration_step`.execute(conn);
    }
    const event = {
      type: 'failed',
      name: file.name,
      direction,
      stepIndex: steps.length + 1,
      sql: current,
      error: error instanceof Error ? error.message : String(error),
      tookEffect: savepoint ? [] : steps,
      rolledBack: savepoint,
    } as const;
    onEvent(event);
    throw new MigrationFailedError(event, [], { cause: error });
  }
}

/** A Kysely that compiles MariaDB SQL and executes nothing (the MariaDB `--sql` preview). */
function mariadbCompiler(): AnyDb {
  return new Kysely({
    dialect: {
      createAdapter: () => new MysqlAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new MysqlIntrospector(db),
      createQueryCompiler: () => new MysqlQueryCompiler(),
    },
  });
}

/**
 * Runs `migrations` in the given order and direction under the migration lock, recording each
 * (with its checksum) or forgetting it as it completes. Stops at the first failure with
 * {@link MigrationFailedError}; what completed before stays. Returns the names that completed.
 */
export async function runMigrations(
  db: AnyDb,
  migrations: readonly MigrationFile[],
  direction: Direction,
  options: RunOptions = {},
): Promise<string[]> {
  const onEvent = options.onEvent ?? (() => {});
  const body = async (conn: AnyDb, savepoints: boolean, recheck = true, held: () => boolean = () => true) => {
    await ensureMigrationTables(conn);
    // the plan was made before the lock: drop what another run did meanwhile
    const applied = recheck
      ? new Set((await readAppliedMigrations(conn)).map((a) => a.name))
      : new Set(direction === 'up' ? [] : migrations.map((m) => m.name));
    const done: string[] = [];
    for (const file of migrations) {
      if (applied.has(file.name) === (direction === 'up')) {
        onEvent({ type: 'skipped', name: file.name, direction });
        continue;
      }
      if (!held())
        throw new MigrationLockedError(
          `lost the migration lock (this run stalled past its lease and another run took it over); stopped before ${file.name}, after: ${done.join(', ') || 'none'}`,
        );
      try {
        await runOne(conn, file, direction, savepoints, onEvent);
      } catch (error) {
        if (error instanceof MigrationFailedError)
          throw new MigrationFailedError(error.event, done, { cause: error.cause });
        throw error;
      }
      done.push(file.name);
    }
    return done;
  };
  if (options.dryRun && !isSqlite(db)) {
    const preview = mariadbCompiler();
    try {
      return await body(preview, false, false);
    } finally {
      await preview.destroy();
    }
  }
  return withMigrationLock(
    db,
    options.lockTimeoutSeconds ?? 30,
    options.dryRun ?? false,
    (conn, held) => body(conn, isSqlite(db), true, held),
    options.lockTiming,
  );
}

/** Records (`up`) or forgets (`down`) migrations without running them: `stamp`. */
export async function stampMigrations(
  db: AnyDb,
  migrations: readonly MigrationFile[],
  direction: Direction,
  options: RunOptions = {},
): Promise<void> {
  await withMigrationLock(db, options.lockTimeoutSeconds ?? 30, false, async (conn) => {
    await ensureMigrationTables(conn);
    for (const m of migrations) {
      if (direction === 'up') await recordApplied(conn, m.name, m.checksum, m.algorithm);
      else await recordReverted(conn, m.name);
    }
  });
}
