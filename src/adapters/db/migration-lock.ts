import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { LeaseLock, type LeaseTiming } from './lease-lock.ts';
import { ensureMigrationLockTable } from './migration-store.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type AnyDb = Kysely<any>;

/** Another migration run holds the lock and did not release it within the timeout. */
export class MigrationLockedError extends Error {
  readonly code = 'MIGRATION_LOCKED';
  override name = 'MigrationLockedError';
}

export const isSqlite = (db: AnyDb): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

/** The default busy timeout of `connect.ts`, restored after a run. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Runs `body` on one connection while holding the database's migration lock, so two concurrent
 * `upgrade`s cannot both run: the second waits up to `timeoutSeconds`, then fails with
 * {@link MigrationLockedError}.
 *
 * - MariaDB: a lease row `migrations` in `schema_migration_lock` ({@link LeaseLock}, created first,
 *   so it works on an empty database), which holds across the nodes of a Galera cluster too
 *   (`GET_LOCK` does not). Waiters poll; a holder that dies frees it when its lease runs out
 *   (`timing.leaseMs`, 30 s by default, after its last heartbeat). `body` gets `held()`, false
 *   once a heartbeat found the lease taken over (this run stalled past the lease).
 * - SQLite: one `BEGIN IMMEDIATE` write transaction around the whole run (foreign keys off, as
 *   SQLite's table-rebuild procedure requires; each migration checks them before it is recorded).
 *   `body` uses savepoints per migration; the transaction commits what succeeded, or rolls
 *   everything back when `rollbackAtEnd` (the `--sql` preview) is set.
 */
export async function withMigrationLock<T>(
  db: AnyDb,
  timeoutSeconds: number,
  rollbackAtEnd: boolean,
  body: (conn: AnyDb, held: () => boolean) => Promise<T>,
  timing: LeaseTiming = MIGRATION_LEASE,
): Promise<T> {
  if (!isSqlite(db)) return mariadbLocked(db, timeoutSeconds, body, timing);
  return db.connection().execute((conn) => sqliteLocked(conn, timeoutSeconds, rollbackAtEnd, (c) => body(c, () => true)));
}

async function sqliteLocked<T>(conn: AnyDb, timeoutSeconds: number, rollbackAtEnd: boolean, body: (conn: AnyDb) => Promise<T>): Promise<T> {
  await sql`pragma foreign_keys = off`.execute(conn);
  await sql.raw(`pragma busy_timeout = ${Math.round(timeoutSeconds * 1000)}`).execute(conn);
  try {
    try {
      await sql`begin immediate`.execute(conn);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY')
        throw new MigrationLockedError(`another process holds the write lock on this SQLite database (a migration run?); waited ${timeoutSeconds} s`, { cause: error });
      throw error;
    }
    let result: T;
    try {
      result = await body(conn);
    } catch (error) {
      await sql.raw(rollbackAtEnd ? 'rollback' : 'commit').execute(conn).catch(() => sql`rollback`.execute(conn));
      throw error;
    }
    await sql.raw(rollbackAtEnd ? 'rollback' : 'commit').execute(conn);
    return result;
  } finally {
    await sql.raw(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`).execute(conn);
    await sql`pragma foreign_keys = on`.execute(conn);
  }
}

/** Migrations run for seconds: a 30 s lease, extended every 10 s; a waiter retries every 250 ms. */
export const MIGRATION_LEASE: LeaseTiming = { leaseMs: 30_000, heartbeatMs: 10_000, pollMs: 250 };

async function mariadbLocked<T>(db: AnyDb, timeoutSeconds: number, body: (conn: AnyDb, held: () => boolean) => Promise<T>, timing: LeaseTiming): Promise<T> {
  await ensureMigrationLockTable(db);
  // The lease is taken and extended through the pool, so a long DDL statement on `conn` never delays the heartbeat.
  const held = await new LeaseLock(db, 'schema_migration_lock', timing).hold('migrations', timeoutSeconds * 1000, (held) => db.connection().execute((conn) => body(conn, held)));
  if (!held.acquired) throw new MigrationLockedError(`another migration run holds the lock on this MariaDB database; waited ${timeoutSeconds} s`);
  return held.value;
}
