import { SqliteAdapter, type Kysely } from 'kysely';
import { mariadbLocked } from '../mariadb/mariadb-migration-lock.ts';
import { sqliteLocked } from '../sqlite/sqlite-migration-lock.ts';
import type { LeaseTiming } from './lease-lock.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type AnyDb = Kysely<any>;

/** Another migration run holds the lock and did not release it within the timeout. */
export class MigrationLockedError extends Error {
  readonly code = 'MIGRATION_LOCKED';
  override name = 'MigrationLockedError';
}

export const isSqlite = (db: AnyDb): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

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
  return db
    .connection()
    .execute((conn) => sqliteLocked(conn, timeoutSeconds, rollbackAtEnd, (c) => body(c, () => true)));
}

/** Migrations run for seconds: a 30 s lease, extended every 10 s; a waiter retries every 250 ms. */
export const MIGRATION_LEASE: LeaseTiming = { leaseMs: 30_000, heartbeatMs: 10_000, pollMs: 250 };
