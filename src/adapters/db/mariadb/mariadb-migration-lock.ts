import type { Kysely } from 'kysely';
import { LeaseLock, type LeaseTiming } from '../locks/lease-lock.ts';
import { MigrationLockedError } from '../locks/migration-lock.ts';
import { ensureMigrationLockTable } from '../migrator/migration-store.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type AnyDb = Kysely<any>;

/** The MariaDB half of `withMigrationLock`: a lease row that a Galera cluster certifies. */
export async function mariadbLocked<T>(
  db: AnyDb,
  timeoutSeconds: number,
  body: (conn: AnyDb, held: () => boolean) => Promise<T>,
  timing: LeaseTiming,
): Promise<T> {
  await ensureMigrationLockTable(db);
  // The lease is taken and extended through the pool, so a long DDL statement on `conn` never delays the heartbeat.
  const held = await new LeaseLock(db, 'schema_migration_lock', timing).hold(
    'migrations',
    timeoutSeconds * 1000,
    (held) => db.connection().execute((conn) => body(conn, held)),
  );
  if (!held.acquired)
    throw new MigrationLockedError(
      `another migration run holds the lock on this MariaDB database; waited ${timeoutSeconds} s`,
    );
  return held.value;
}
