import { sql, type Kysely } from 'kysely';
import type { JobLock } from '../../domain/ports/job-lock.ts';
import type { Database } from '../../schema/declared-schema.ts';

const KEEPALIVE_MS = 60_000;

/**
 * {@link JobLock} as MariaDB named locks (`GET_LOCK`/`RELEASE_LOCK`) on one reserved pool
 * connection held for the whole job: the server releases the lock if that connection dies, so a
 * crashed instance never leaves it stuck. Names are prefixed with the database name (named locks
 * are server-wide) and cut to MariaDB's 64-character limit.
 */
export class MariadbJobLock implements JobLock {
  constructor(private readonly db: Kysely<Database>) {}

  async withLock<T>(name: string, work: () => Promise<T>, options: { waitMs?: number } = {}) {
    const waitSeconds = Math.ceil((options.waitMs ?? 0) / 1000);
    return this.db.connection().execute(async (conn) => {
      const lockName = sql`left(concat(database(), ':', ${name}), 64)`;
      const { rows } = await sql<{ got: number | string | null }>`select get_lock(${lockName}, ${waitSeconds}) as got`.execute(conn);
      if (Number(rows[0]?.got) !== 1) return { acquired: false as const };
      // Keeps the reserved connection from idling out (wait_timeout) during a long job.
      const keepAlive = setInterval(() => void sql`select 1`.execute(conn).catch(() => undefined), KEEPALIVE_MS);
      keepAlive.unref();
      try {
        return { acquired: true as const, value: await work() };
      } finally {
        clearInterval(keepAlive);
        await sql`select release_lock(${lockName})`.execute(conn);
      }
    });
  }
}
