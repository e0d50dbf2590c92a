import { sql, type Kysely } from 'kysely';
import { MigrationLockedError } from '../locks/migration-lock.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type AnyDb = Kysely<any>;

/** The default busy timeout of `sqlite-dialect.ts`, restored after a run. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** The SQLite half of `withMigrationLock`: one `BEGIN IMMEDIATE` transaction around the whole run. */
export async function sqliteLocked<T>(
  conn: AnyDb,
  timeoutSeconds: number,
  rollbackAtEnd: boolean,
  body: (conn: AnyDb) => Promise<T>,
): Promise<T> {
  await sql`pragma foreign_keys = off`.execute(conn);
  await sql.raw(`pragma busy_timeout = ${Math.round(timeoutSeconds * 1000)}`).execute(conn);
  try {
    try {
      await sql`begin immediate`.execute(conn);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY')
        throw new MigrationLockedError(
          `another process holds the write lock on this SQLite database (a migration run?); waited ${timeoutSeconds} s`,
          { cause: error },
        );
      throw error;
    }
    let result: T;
    try {
      result = await body(conn);
    } catch (error) {
      await sql
        .raw(rollbackAtEnd ? 'rollback' : 'commit')
        .execute(conn)
        .catch(() => sql`rollback`.execute(conn));
      throw error;
    }
    await sql.raw(rollbackAtEnd ? 'rollback' : 'commit').execute(conn);
    return result;
  } finally {
    await sql.raw(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`).execute(conn);
    await sql`pragma foreign_keys = on`.execute(conn);
  }
}
