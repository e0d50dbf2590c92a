import { sql, SqliteAdapter, type Kysely } from 'kysely';

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
 * - MariaDB: `GET_LOCK('migrations:<database>')`, a session lock the server frees if the process dies.
 * - SQLite: one `BEGIN IMMEDIATE` write transaction around the whole run (foreign keys off, as
 *   SQLite's table-rebuild procedure requires; each migration checks them before it is recorded).
 *   `body` uses savepoints per migration; the transaction commits what succeeded, or rolls
 *   everything back when `rollbackAtEnd` (the `--sql` preview) is set.
 */
export async function withMigrationLock<T>(db: AnyDb, timeoutSeconds: number, rollbackAtEnd: boolean, body: (conn: AnyDb) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => (isSqlite(db) ? sqliteLocked(conn, timeoutSeconds, rollbackAtEnd, body) : mariadbLocked(conn, timeoutSeconds, body)));
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

async function mariadbLocked<T>(conn: AnyDb, timeoutSeconds: number, body: (conn: AnyDb) => Promise<T>): Promise<T> {
  const { rows } = await sql<{ got: number | string | null }>`select get_lock(concat('migrations:', database()), ${timeoutSeconds}) as got`.execute(conn);
  if (Number(rows[0]?.got) !== 1)
    throw new MigrationLockedError(`another migration run holds the lock on this MariaDB database; waited ${timeoutSeconds} s`);
  try {
    return await body(conn);
  } finally {
    await sql`select release_lock(concat('migrations:', database()))`.execute(conn);
  }
}
