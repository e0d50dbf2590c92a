import type { Kysely } from 'kysely';
import type { JobLock } from '../../../domain/ports/job-lock.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { LeaseLock, type LeaseTiming } from './lease-lock.ts';

/** Jobs run for minutes: a two-minute lease, extended every 30 s; waiters retry every 500 ms. */
export const JOB_LEASE: LeaseTiming = { leaseMs: 120_000, heartbeatMs: 30_000, pollMs: 500 };

/**
 * {@link JobLock} on both dialects as lease rows in `job_locks` (see {@link LeaseLock}): one run at
 * a time across processes, servers and Galera nodes. A holder that dies frees the lock when its
 * lease runs out, at most two minutes after its last heartbeat. On MariaDB the times are the
 * server's; on SQLite `now` (default: the wall clock every process on the host shares, never a
 * test or domain clock).
 */
export class KyselyJobLock implements JobLock {
  private readonly leases: LeaseLock;

  constructor(db: Kysely<Database>, options: { timing?: LeaseTiming; now?: () => Date } = {}) {
    this.leases = new LeaseLock(db, 'job_locks', options.timing ?? JOB_LEASE, options.now);
  }

  withLock<T>(name: string, work: () => Promise<T>, options: { waitMs?: number } = {}) {
    return this.leases.hold(name, options.waitMs ?? 0, () => work());
  }
}
