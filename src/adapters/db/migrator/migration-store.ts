import { sql, type Kysely } from 'kysely';

/** A migration recorded as applied in the database. */
export interface AppliedMigration {
  readonly name: string;
  readonly appliedAt: string;
  /** Null when applied by a tool that stored no checksum (Kysely's Migrator, an older version). */
  readonly checksum: string | null;
  /** The checksum's algorithm (see `checksumAlgorithm`), null with no checksum. */
  readonly algorithm: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bookkeeping tables outside the declared schema
type AnyDb = Kysely<any>;

/**
 * Creates the bookkeeping tables if missing: `kysely_migration` exactly as Kysely's Migrator
 * makes it (so databases migrated by either tool stay readable), `schema_migration_checksum` and
 * `schema_migration_lock`.
 */
export async function ensureMigrationTables(db: AnyDb): Promise<void> {
  await ensureMigrationLockTable(db);
  await db.schema
    .createTable('kysely_migration')
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
    .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('schema_migration_checksum')
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
    .addColumn('checksum', 'varchar(64)', (c) => c.notNull())
    .addColumn('algorithm', 'varchar(32)', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

/**
 * Creates `schema_migration_lock` if missing: the lease row of the migration lock (see
 * `migration-lock.ts`), so the lock works on an empty database, before any migration.
 */
export async function ensureMigrationLockTable(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('schema_migration_lock')
    .ifNotExists()
    .addColumn('name', 'varchar(80)', (c) => c.notNull().primaryKey())
    .addColumn('holder', 'varchar(120)', (c) => c.notNull())
    .addColumn('acquired_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('expires_at', 'datetime(3)', (c) => c.notNull())
    .execute();
}

/** The applied migrations in name order; empty when the bookkeeping tables do not exist yet. */
export async function readAppliedMigrations(db: AnyDb): Promise<AppliedMigration[]> {
  try {
    const { rows } = await sql<{ name: string; timestamp: string; checksum: string | null; algorithm: string | null }>`
      select m.name, m.timestamp, c.checksum, c.algorithm from kysely_migration m
      left join schema_migration_checksum c on c.name = m.name order by m.name`.execute(db);
    return rows.map((r) => ({ name: r.name, appliedAt: r.timestamp, checksum: r.checksum, algorithm: r.algorithm }));
  } catch (error) {
    if (!isMissingTable(error)) throw error;
  }
  try {
    const { rows } = await sql<{
      name: string;
      timestamp: string;
    }>`select name, timestamp from kysely_migration order by name`.execute(db);
    return rows.map((r) => ({ name: r.name, appliedAt: r.timestamp, checksum: null, algorithm: null }));
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
}

/** Records a migration as applied, with its checksum. */
export async function recordApplied(
  db: AnyDb,
  name: string,
  checksum: string,
  algorithm: string,
  now = new Date(),
): Promise<void> {
  await db.deleteFrom('schema_migration_checksum').where('name', '=', name).execute();
  await db.insertInto('kysely_migration').values({ name, timestamp: now.toISOString() }).execute();
  await db
    .insertInto('schema_migration_checksum')
    .values({ name, checksum, algorithm, recorded_at: now.toISOString() })
    .execute();
}

/** Forgets a migration (after its `down()`, or by `stamp`). */
export async function recordReverted(db: AnyDb, name: string): Promise<void> {
  await db.deleteFrom('kysely_migration').where('name', '=', name).execute();
  await db.deleteFrom('schema_migration_checksum').where('name', '=', name).execute();
}

export function isMissingTable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === 'ER_NO_SUCH_TABLE' || (typeof e.message === 'string' && e.message.includes('no such table'));
}
