import type { Kysely } from 'kysely';

// Frozen history: this file never imports the live declaration. The same steps run on SQLite and
// MariaDB; times are `datetime(3)` holding UTC, booleans are `boolean` (tinyint(1) on MariaDB).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_forms')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('training_type', 'varchar(50)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('trainer', 'varchar(120)', (c) => c.notNull())
    .addColumn('training_date', 'date', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('location', 'varchar(120)')
    .addColumn('reference_document', 'varchar(120)')
    .addColumn('reference_revision', 'varchar(20)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'varchar(120)', (c) => c.notNull())
    .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(120)', (c) => c.notNull())
    .addColumn('updated_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('deleted_datetimestamp', 'datetime(3)')
    .addColumn('deleted_by', 'varchar(120)')
    .execute();
  await db.schema
    .createIndex('ix_training_forms_deleted_date')
    .on('training_forms')
    .columns(['deleted', 'training_date', 'id'])
    .execute();
  await db.schema.createIndex('ix_training_forms_type').on('training_forms').column('training_type').execute();
  await db.schema.createIndex('ix_training_forms_trainer').on('training_forms').column('trainer').execute();

  await db.schema
    .createTable('employees')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('directory_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)')
    .addColumn('user_principal_name', 'varchar(254)')
    .addColumn('department', 'varchar(120)')
    .addColumn('job_title', 'varchar(120)')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('last_synced_at', 'datetime(3)')
    .execute();
  await db.schema
    .createIndex('ux_employees_directory_id')
    .on('employees')
    .column('directory_id')
    .unique()
    .execute();
  await db.schema.createIndex('ix_employees_display_name').on('employees').column('display_name').execute();

  await db.schema
    .createTable('training_form_trainees')
    .addColumn('training_form_id', 'integer', (c) => c.notNull())
    .addColumn('employee_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_training_form_trainees', ['training_form_id', 'employee_id'])
    .addForeignKeyConstraint(
      'fk_training_form_trainees_form',
      ['training_form_id'],
      'training_forms',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'fk_training_form_trainees_employee',
      ['employee_id'],
      'employees',
      ['id'],
      (fk) => fk.onDelete('restrict'),
    )
    .execute();
  await db.schema
    .createIndex('ix_training_form_trainees_employee')
    .on('training_form_trainees')
    .column('employee_id')
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('training_form_id', 'integer', (c) => c.notNull())
    .addColumn('stored_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(120)', (c) => c.notNull())
    .addColumn('uploaded_at', 'datetime(3)', (c) => c.notNull())
    .addForeignKeyConstraint('fk_attachments_form', ['training_form_id'], 'training_forms', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('ux_attachments_stored_name')
    .on('attachments')
    .column('stored_name')
    .unique()
    .execute();
  await db.schema.createIndex('ix_attachments_form').on('attachments').column('training_form_id').execute();

  await db.schema
    .createTable('admin_users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'varchar(120)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(120)', (c) => c.notNull())
    .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ux_admin_users_username').on('admin_users').column('username').unique().execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('occurred_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('actor', 'varchar(120)', (c) => c.notNull())
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)')
    .addColumn('details', 'text')
    .execute();
  await db.schema
    .createIndex('ix_audit_events_entity')
    .on('audit_events')
    .columns(['entity_type', 'entity_id', 'occurred_at'])
    .execute();
  await db.schema.createIndex('ix_audit_events_occurred').on('audit_events').column('occurred_at').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(120)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('last_seen_at', 'datetime(3)', (c) => c.notNull())
    .addColumn('expires_at', 'datetime(3)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ix_sessions_expires').on('sessions').column('expires_at').execute();
  await db.schema.createIndex('ix_sessions_username').on('sessions').column('username').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'sessions',
    'audit_events',
    'admin_users',
    'attachments',
    'training_form_trainees',
    'employees',
    'training_forms',
  ]) {
    await db.schema.dropTable(name).execute();
  }
}
