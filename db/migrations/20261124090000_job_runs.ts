import type { Kysely } from 'kysely';

// Frozen history: this file never imports the live declaration. `job_runs` records every run of a
// maintenance job; `job_locks` holds the leases that give SQLite one run at a time across processes
// (MariaDB uses GET_LOCK and leaves it empty).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('job_name', 'varchar(40)', (c) => c.notNull())
    .addColumn('triggered_by', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('instance', 'varchar(120)', (c) => c.notNull())
    .addColumn('started_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('finished_at', 'datetime(3)')
    .addColumn('counts', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('ix_job_runs_job_started')
    .on('job_runs')
    .columns(['job_name', 'started_at'])
    .execute();
  await db.schema.createIndex('ix_job_runs_started').on('job_runs').column('started_at').execute();

  await db.schema
    .createTable('job_locks')
    .addColumn('name', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(120)', (c) => c.notNull())
    .addColumn('acquired_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('expires_at', 'datetime(3)', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_locks').execute();
  await db.schema.dropTable('job_runs').execute();
}
