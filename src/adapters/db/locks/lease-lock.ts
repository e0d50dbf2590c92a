import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, SqliteAdapter, type Kysely, type RawBuilder } from 'kysely';
import { toDbTime } from '../connection/db-values.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- serves job_locks and schema_migration_lock
type AnyDb = Kysely<any>;

/** A table of lease rows: `name` primary key, `holder`, `acquired_at`, `expires_at` (datetime(3), UTC). */
export type LeaseTable = 'job_locks' | 'schema_migration_lock';

/** How long a lease lasts, how often its holder extends it, how often a waiter retries. */
export interface LeaseTiming {
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly pollMs: number;
}

/** What `hold` returns: the work's value, or that another holder kept the lease past the wait. */
export type LeaseOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** A new holder identity: host, pid and a random part (two holders in one process differ). */
export const newHolder = (): string => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * Named locks as lease rows, correct on one server and on a Galera cluster (no `GET_LOCK`, which
 * is local to one Galera node):
 * - take: INSERT the row. A primary-key conflict means held; on Galera two nodes' inserts of the
 *   same key cannot both certify, the loser gets a duplicate key or a deadlock (1213): held too.
 *   An expired row is taken over by one UPDATE ... WHERE expires_at < now (affected rows decide).
 * - hold: a heartbeat extends `expires_at` every `heartbeatMs`; release deletes the holder's row.
 * - a holder that dies stops its heartbeat: the lock is free at most `leaseMs` after the last one.
 *
 * Times come from one clock for everybody: MariaDB's `utc_timestamp(3)` (the server's, never the
 * app host's), on SQLite (one file, one host) `now`.
 */
export class LeaseLock {
  constructor(
    private readonly db: AnyDb,
    private readonly table: LeaseTable,
    private readonly timing: LeaseTiming,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Runs `work` while holding `name`, waiting up to `waitMs` for it. `work` gets `held()`, false
   * once a heartbeat found the lease taken over (the holder stalled past `leaseMs`).
   */
  async hold<T>(name: string, waitMs: number, work: (held: () => boolean) => Promise<T>): Promise<LeaseOutcome<T>> {
    const holder = newHolder();
    const deadline = Date.now() + waitMs;
    while (!(await this.tryTake(name, holder))) {
      if (Date.now() >= deadline) return { acquired: false };
      await new Promise((r) => setTimeout(r, Math.min(this.timing.pollMs, Math.max(deadline - Date.now(), 1))));
    }
    let lost = false;
    // A failed heartbeat (database briefly away) is retried at the next beat; the lease covers it.
    const beat = setInterval(
      () =>
        void this.renew(name, holder).then(
          (ok) => (lost ||= !ok),
          () => undefined,
        ),
      this.timing.heartbeatMs,
    );
    beat.unref();
    try {
      return { acquired: true, value: await work(() => !lost) };
    } finally {
      clearInterval(beat);
      await this.db.deleteFrom(this.table).where('name', '=', name).where('holder', '=', holder).execute();
    }
  }

  /** One attempt to take `name` for `holder`: true when taken. */
  async tryTake(name: string, holder: string): Promise<boolean> {
    const row = { name, holder, acquired_at: this.at(0), expires_at: this.at(this.timing.leaseMs) };
    try {
      await this.db.insertInto(this.table).values(row).execute();
      return true;
    } catch (error) {
      if (!isLeaseConflict(error)) throw error;
    }
    try {
      const result = await this.db
        .updateTable(this.table)
        .set({ holder, acquired_at: this.at(0), expires_at: this.at(this.timing.leaseMs) })
        .where('name', '=', name)
        .where('expires_at', '<', this.at(0))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    } catch (error) {
      if (isLeaseConflict(error)) return false;
      throw error;
    }
  }

  /** Extends the lease of `holder`; false when the row is no longer its own. */
  async renew(name: string, holder: string): Promise<boolean> {
    const result = await this.db
      .updateTable(this.table)
      .set({ expires_at: this.at(this.timing.leaseMs) })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The time `ms` from now, in the shared clock. */
  private at(ms: number): RawBuilder<string> {
    if (this.db.getExecutor().adapter instanceof SqliteAdapter)
      return sql.val(toDbTime(new Date(this.now().getTime() + ms)));
    return ms === 0
      ? sql<string>`utc_timestamp(3)`
      : sql<string>`utc_timestamp(3) + interval ${sql.lit(Math.round(ms * 1000))} microsecond`;
  }
}

/** A duplicate key (SQLite, MariaDB) or, on Galera, the certification loser's deadlock (1213). */
function isLeaseConflict(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown };
  return (
    ['ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE'].includes(
      String(e.code),
    ) ||
    e.errno === 1062 ||
    e.errno === 1213
  );
}
