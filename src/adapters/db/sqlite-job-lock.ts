import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { JobLock } from '../../domain/ports/job-lock.ts';
import type { Database } from '../../schema/declared-schema.ts';
import { toDbTime } from './db-values.ts';

const LEASE_MS = 120_000;
const RENEW_MS = 30_000;
const POLL_MS = 500;

/**
 * {@link JobLock} for SQLite, which has no named locks: a lease row in `job_locks` (the primary key
 * makes a second insert fail, in any process using the file), renewed while the job runs and
 * deleted when it ends. A holder that dies stops renewing; its lease expires after two minutes and
 * the next taker removes it. Leases use the real wall clock (shared by every process), never a
 * test or domain clock.
 */
export class SqliteJobLock implements JobLock {
  private readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async withLock<T>(name: string, work: () => Promise<T>, options: { waitMs?: number } = {}) {
    const deadline = Date.now() + (options.waitMs ?? 0);
    while (!(await this.tryTake(name))) {
      if (Date.now() >= deadline) return { acquired: false as const };
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(deadline - Date.now(), 1))));
    }
    const renew = setInterval(() => void this.renew(name).catch(() => undefined), RENEW_MS);
    renew.unref();
    try {
      return { acquired: true as const, value: await work() };
    } finally {
      clearInterval(renew);
      await this.db.deleteFrom('job_locks').where('name', '=', name).where('holder', '=', this.holder).execute();
    }
  }

  private async tryTake(name: string): Promise<boolean> {
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('job_locks').where('name', '=', name).where('expires_at', '<', toDbTime(now)).execute();
      const result = await trx
        .insertInto('job_locks')
        .values({ name, holder: this.holder, acquired_at: toDbTime(now), expires_at: toDbTime(new Date(now.getTime() + LEASE_MS)) })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    });
  }

  private async renew(name: string): Promise<void> {
    await this.db
      .updateTable('job_locks')
      .set({ expires_at: toDbTime(new Date(this.now().getTime() + LEASE_MS)) })
      .where('name', '=', name)
      .where('holder', '=', this.holder)
      .execute();
  }
}
