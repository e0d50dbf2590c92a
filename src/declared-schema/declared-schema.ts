import { bigint, boolean, date, datetime, integer, table, text, varchar, type DatabaseOf } from './define.ts';

/**
 * The database schema, declared once. Kysely's `Database` type is derived from it, migrations in
 * `db/migrations` must produce exactly this, and `npm run schema:check` compares a live database
 * against it. Usernames are `varchar(120)` everywhere; times are UTC.
 */
export const declaredSchema = {
  training_forms: table({
    columns: {
      id: integer().autoIncrement(),
      title: varchar(200),
      training_type: varchar(50),
      description: text().nullable(),
      trainer: varchar(120),
      training_date: date(),
      duration_minutes: integer(),
      location: varchar(120).nullable(),
      reference_document: varchar(120).nullable(),
      reference_revision: varchar(20).nullable(),
      /** The register revision the training was on; null for external training (free-text reference). */
      document_revision_id: integer().nullable(),
      /** How many `training_form_trainees` rows the form has, written with them: the list sorts by it (indexed). */
      trainee_count: integer().default(0),
      version: integer().default(1),
      created_by: varchar(120),
      created_at: datetime(),
      updated_by: varchar(120),
      updated_at: datetime(),
      deleted: boolean().default(false),
      deleted_datetimestamp: datetime().nullable(),
      deleted_by: varchar(120).nullable(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ix_training_forms_deleted_date', columns: ['deleted', 'training_date', 'id'] },
      /** The list filtered by type in its default order (newest first): read in order, counted in the index. */
      { name: 'ix_training_forms_type_deleted_date', columns: ['training_type', 'deleted', 'training_date', 'id'] },
      { name: 'ix_training_forms_trainer', columns: ['trainer'] },
      { name: 'ix_training_forms_revision', columns: ['document_revision_id', 'deleted'] },
      { name: 'ix_training_forms_deleted_trainees', columns: ['deleted', 'trainee_count', 'id'] },
    ],
    /** The list's text search (docs/search.md). */
    fullTextIndexes: [
      { name: 'fts_training_forms', columns: ['title', 'description', 'trainer', 'reference_document'] },
    ],
    foreignKeys: [
      {
        name: 'fk_training_forms_revision',
        columns: ['document_revision_id'],
        references: { table: 'document_revisions', columns: ['id'] },
        onDelete: 'restrict',
      },
    ],
  }),

  employees: table({
    columns: {
      id: integer().autoIncrement(),
      directory_id: varchar(64),
      display_name: varchar(200),
      email: varchar(254).nullable(),
      user_principal_name: varchar(254).nullable(),
      department: varchar(120).nullable(),
      job_title: varchar(120).nullable(),
      active: boolean().default(true),
      last_synced_at: datetime().nullable(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ux_employees_directory_id', columns: ['directory_id'], unique: true },
      { name: 'ix_employees_display_name', columns: ['display_name'] },
      { name: 'ix_employees_department', columns: ['department', 'active'] },
      { name: 'ix_employees_job_title', columns: ['job_title', 'active'] },
    ],
  }),

  training_form_trainees: table({
    columns: {
      training_form_id: integer(),
      employee_id: integer(),
    },
    primaryKey: ['training_form_id', 'employee_id'],
    indexes: [{ name: 'ix_training_form_trainees_employee', columns: ['employee_id'] }],
    foreignKeys: [
      {
        name: 'fk_training_form_trainees_form',
        columns: ['training_form_id'],
        references: { table: 'training_forms', columns: ['id'] },
        onDelete: 'cascade',
      },
      {
        name: 'fk_training_form_trainees_employee',
        columns: ['employee_id'],
        references: { table: 'employees', columns: ['id'] },
        onDelete: 'restrict',
      },
    ],
  }),

  attachments: table({
    columns: {
      id: integer().autoIncrement(),
      training_form_id: integer(),
      stored_name: varchar(64),
      original_name: varchar(255),
      content_type: varchar(100),
      size_bytes: bigint(),
      sha256: varchar(64),
      uploaded_by: varchar(120),
      uploaded_at: datetime(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ux_attachments_stored_name', columns: ['stored_name'], unique: true },
      { name: 'ix_attachments_form', columns: ['training_form_id'] },
    ],
    foreignKeys: [
      {
        name: 'fk_attachments_form',
        columns: ['training_form_id'],
        references: { table: 'training_forms', columns: ['id'] },
        onDelete: 'cascade',
      },
    ],
  }),

  /**
   * Trainers' signatures on training forms (docs/e-signature.md): one row per signing, voided by a later edit
   * (which makes a new version). A version is signed at most once: two signers at the same moment cannot both win.
   */
  form_signatures: table({
    columns: {
      id: integer().autoIncrement(),
      training_form_id: integer(),
      form_version: integer(),
      signer_username: varchar(120),
      printed_name: varchar(200),
      meaning: varchar(100),
      signed_at: datetime(),
      admin_reason: varchar(500).nullable(),
      voided_at: datetime().nullable(),
      voided_by: varchar(120).nullable(),
      void_reason: varchar(500).nullable(),
    },
    primaryKey: ['id'],
    indexes: [{ name: 'ux_form_signatures_form_version', columns: ['training_form_id', 'form_version'], unique: true }],
    foreignKeys: [
      {
        name: 'fk_form_signatures_form',
        columns: ['training_form_id'],
        references: { table: 'training_forms', columns: ['id'] },
        onDelete: 'cascade',
      },
    ],
  }),

  /** The register of controlled documents (SOPs); `reference` is stored upper-case, single-spaced. */
  controlled_documents: table({
    columns: {
      id: integer().autoIncrement(),
      reference: varchar(120),
      title: varchar(200),
      retired: boolean().default(false),
      retired_at: datetime().nullable(),
      retired_by: varchar(120).nullable(),
      created_by: varchar(120),
      created_at: datetime(),
      updated_by: varchar(120),
      updated_at: datetime(),
    },
    primaryKey: ['id'],
    indexes: [{ name: 'ux_controlled_documents_reference', columns: ['reference'], unique: true }],
  }),

  /**
   * Issued revisions of a document. The current one is derived, not stored: the revision with the
   * latest `effective_date` not after today (effective dates are unique per document).
   */
  document_revisions: table({
    columns: {
      id: integer().autoIncrement(),
      document_id: integer(),
      revision: varchar(20),
      effective_date: date(),
      created_by: varchar(120),
      created_at: datetime(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ux_document_revisions_label', columns: ['document_id', 'revision'], unique: true },
      { name: 'ux_document_revisions_effective', columns: ['document_id', 'effective_date'], unique: true },
    ],
    foreignKeys: [
      {
        name: 'fk_document_revisions_document',
        columns: ['document_id'],
        references: { table: 'controlled_documents', columns: ['id'] },
        onDelete: 'restrict',
      },
    ],
  }),

  /** Which documents a department or a job title (as the directory spells it) must be trained on. */
  training_requirements: table({
    columns: {
      id: integer().autoIncrement(),
      document_id: integer(),
      scope_kind: varchar(20),
      scope_value: varchar(120),
      created_by: varchar(120),
      created_at: datetime(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ux_training_requirements_scope', columns: ['scope_kind', 'scope_value', 'document_id'], unique: true },
      { name: 'ix_training_requirements_document', columns: ['document_id'] },
    ],
    foreignKeys: [
      {
        name: 'fk_training_requirements_document',
        columns: ['document_id'],
        references: { table: 'controlled_documents', columns: ['id'] },
        onDelete: 'restrict',
      },
    ],
  }),

  /**
   * The training matrix's facts kept per (employee, document), derived from the forms: over the
   * employee's non-deleted forms linked to a revision of the document, the newest revision (by
   * effective date) and the last training date. A pair without such a form has no row. Written by
   * the forms repository in the same transaction as every change to a form's trainees, revision,
   * training date or deletion (`kysely-training-summary.ts`); rebuilt and checked against a fresh
   * aggregation by `npm run documents -- rebuild-training-summary | check-training-summary`.
   * "Current" or "needs retraining" is decided when read, against the register's current
   * revision, so issuing a revision changes no row. No foreign keys: the rows are derived from
   * rows that carry them, and the drift check guards them.
   */
  /**
   * Active (not deleted) forms per month of training date (`YYYY-MM`), written by the form
   * repository in the same transaction as each form write (create, edit of the date, move to the
   * trash, restore, purge): the list's chart and count of the unfiltered list read ~24 rows of it
   * instead of every form (docs/pages.md, "Counts and the chart at 1M forms"). A month without
   * active forms may keep a row with 0.
   */
  training_form_months: table({
    columns: {
      month: varchar(7),
      forms: integer(),
    },
    primaryKey: ['month'],
  }),

  employee_document_training: table({
    columns: {
      employee_id: integer(),
      document_id: integer(),
      newest_revision_id: integer(),
      newest_effective_date: date(),
      last_training_date: date(),
    },
    primaryKey: ['employee_id', 'document_id'],
  }),

  /**
   * The training matrix's generation: one row (`matrix`). `generation` is incremented in the same
   * transaction as every write that can change a matrix cell (the summary, employees, requirements,
   * documents and revisions); `epoch` is replaced by a restore, so a restored older count never
   * matches a page an instance kept from before. The matrix pages are kept in process by
   * (`epoch`, `generation`) (docs/pages.md, "How the matrix is kept").
   */
  matrix_generation: table({
    columns: {
      name: varchar(40),
      generation: bigint(),
      epoch: varchar(40),
    },
    primaryKey: ['name'],
  }),

  admin_users: table({
    columns: {
      id: integer().autoIncrement(),
      username: varchar(120),
      created_by: varchar(120),
      created_at: datetime(),
    },
    primaryKey: ['id'],
    indexes: [{ name: 'ux_admin_users_username', columns: ['username'], unique: true }],
  }),

  audit_events: table({
    columns: {
      id: integer().autoIncrement(),
      occurred_at: datetime(),
      actor: varchar(120),
      action: varchar(40),
      entity_type: varchar(40),
      entity_id: varchar(64).nullable(),
      details: text().nullable(),
      /** The seal (docs/audit-trail.md): position in the chain, previous event's hash, own hash. */
      seq: bigint().nullable(),
      prev_hash: varchar(64).nullable(),
      hash: varchar(64).nullable(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ix_audit_events_entity', columns: ['entity_type', 'entity_id', 'occurred_at'] },
      { name: 'ix_audit_events_occurred', columns: ['occurred_at'] },
      /** The audit log's filters (`/admin/audit`), each in the log's order (newest first). */
      { name: 'ix_audit_events_actor', columns: ['actor', 'occurred_at'] },
      { name: 'ix_audit_events_action', columns: ['action', 'occurred_at'] },
      { name: 'ux_audit_events_seq', columns: ['seq'], unique: true },
    ],
  }),

  sessions: table({
    columns: {
      id: varchar(64),
      username: varchar(120),
      data: text(),
      created_at: datetime(),
      last_seen_at: datetime(),
      expires_at: datetime(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ix_sessions_expires', columns: ['expires_at'] },
      { name: 'ix_sessions_username', columns: ['username'] },
    ],
  }),

  /** One run of a maintenance job (backup, cleanup, sync-employees); `counts` is JSON text. */
  job_runs: table({
    columns: {
      id: integer().autoIncrement(),
      job_name: varchar(40),
      triggered_by: varchar(20),
      status: varchar(20),
      instance: varchar(120),
      started_at: datetime(),
      finished_at: datetime().nullable(),
      counts: text().nullable(),
      error: text().nullable(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ix_job_runs_job_started', columns: ['job_name', 'started_at'] },
      { name: 'ix_job_runs_started', columns: ['started_at'] },
    ],
  }),

  /** Leases that keep a job to one run at a time across processes, servers and Galera nodes (`kysely-job-lock.ts`). */
  job_locks: table({
    columns: {
      name: varchar(80),
      holder: varchar(120),
      acquired_at: datetime(),
      expires_at: datetime(),
    },
    primaryKey: ['name'],
  }),

  /** One deploy of a release to this environment, written by `npm run deploy` (steps as JSON). */
  deployments: table({
    columns: {
      id: integer().autoIncrement(),
      environment: varchar(20),
      commit_sha: varchar(40).nullable(),
      release_name: varchar(80).nullable(),
      started_at: datetime(),
      finished_at: datetime(),
      outcome: varchar(20),
      rolled_back: boolean().default(false),
      emergency_reason: varchar(500).nullable(),
      steps: text(),
    },
    primaryKey: ['id'],
    indexes: [{ name: 'ix_deployments_started', columns: ['started_at'] }],
  }),

  /** Failed sign-ins by throttle key (`user:<name>`, `addr:<address>`), shared by every instance. */
  sign_in_failures: table({
    columns: {
      id: integer().autoIncrement(),
      throttle_key: varchar(200),
      failed_at: datetime(),
    },
    primaryKey: ['id'],
    indexes: [{ name: 'ix_sign_in_failures_key_failed', columns: ['throttle_key', 'failed_at'] }],
  }),

  /** The audit chain's head: one row (`audit`), updated with every appended event (docs/audit-trail.md). */
  audit_chain_head: table({
    columns: {
      name: varchar(40),
      last_seq: bigint(),
      last_hash: varchar(64),
    },
    primaryKey: ['name'],
  }),
} as const;

export type DeclaredSchema = typeof declaredSchema;

/** Kysely's database interface, derived from {@link declaredSchema}. */
export type Database = DatabaseOf<DeclaredSchema>;
