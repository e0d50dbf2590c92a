import { sql, type RawBuilder } from 'kysely';
import { alterTable, dropIndex } from '../../../db/helpers/migration-helpers.ts';
import { type DeclaredTable, type Declaration } from '../../../src/adapters/schema-check/declared-model.ts';
import type { DifferenceKind } from '../../../src/adapters/schema-check/schema-diff.ts';
import { boolean, integer, varchar } from '../../../src/declared-schema/define.ts';
import { declaredSchema } from '../../../src/declared-schema/declared-schema.ts';
import type { DatabaseHandle } from '../../../src/adapters/db/connection/connect.ts';

type Tables = Record<string, DeclaredTable>;
export const app = declaredSchema as unknown as Tables;
const edit = (table: string, change: (t: DeclaredTable) => DeclaredTable): Declaration => ({
  ...app,
  [table]: change(app[table] as DeclaredTable),
});
const withColumns = (table: string, columns: (c: DeclaredTable['columns']) => DeclaredTable['columns']) =>
  edit(table, (t) => ({ ...t, columns: columns(t.columns) }));
const without = <T extends object>(o: T, key: string) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key)) as T;

export interface DriftCase {
  readonly name: string;
  readonly kind: DifferenceKind;
  readonly table: string;
  readonly object: string | null;
  readonly declaration?: Declaration;
  /** A change made directly in the database, and its undo. */
  readonly db?: {
    readonly change: (h: DatabaseHandle) => Promise<void>;
    readonly undo: (h: DatabaseHandle) => Promise<void>;
  };
  readonly only?: 'sqlite' | 'mariadb';
}

/** A change that exists only in MariaDB's dialect; a no-op on SQLite (where the case expects no difference). */
const onMariadb = (statement: RawBuilder<unknown>) => async (h: DatabaseHandle) => {
  if (h.dialect === 'mariadb') await statement.execute(h.db);
};

/**
 * The drift corpus: each kind of schema difference, made alone (by an edited declaration or a change in
 * the database, with its undo), with the difference the check must report.
 */
export const cases: readonly DriftCase[] = [
  {
    name: 'declared table missing in the database',
    kind: 'missing-table',
    table: 'rooms',
    object: null,
    declaration: { ...app, rooms: { columns: { id: integer().autoIncrement() }, primaryKey: ['id'] } },
  },
  {
    name: 'table in the database, not declared',
    kind: 'extra-table',
    table: 'sessions',
    object: null,
    declaration: without(app, 'sessions'),
  },
  {
    name: 'declared column missing',
    kind: 'missing-column',
    table: 'training_forms',
    object: 'training_forms.room',
    declaration: withColumns('training_forms', (c) => ({ ...c, room: varchar(40).nullable() })),
  },
  {
    name: 'column not declared',
    kind: 'extra-column',
    table: 'training_forms',
    object: 'training_forms.deleted_by',
    declaration: withColumns('training_forms', (c) => without(c, 'deleted_by')),
  },
  {
    name: 'type length',
    kind: 'column-type',
    table: 'training_forms',
    object: 'training_forms.title',
    declaration: withColumns('training_forms', (c) => ({ ...c, title: varchar(100) })),
  },
  {
    name: 'type kind',
    kind: 'column-type',
    table: 'employees',
    object: 'employees.active',
    declaration: withColumns('employees', (c) => ({ ...c, active: integer().default(1) })),
  },
  {
    name: 'nullability',
    kind: 'column-nullability',
    table: 'training_forms',
    object: 'training_forms.location',
    declaration: withColumns('training_forms', (c) => ({ ...c, location: varchar(120) })),
  },
  {
    name: 'default value',
    kind: 'column-default',
    table: 'training_forms',
    object: 'training_forms.version',
    declaration: withColumns('training_forms', (c) => ({ ...c, version: integer().default(2) })),
  },
  {
    name: 'default removed',
    kind: 'column-default',
    table: 'employees',
    object: 'employees.active',
    declaration: withColumns('employees', (c) => ({ ...c, active: boolean() })),
  },
  {
    name: 'auto-increment',
    kind: 'column-auto-increment',
    table: 'training_form_trainees',
    object: 'training_form_trainees.employee_id',
    declaration: withColumns('training_form_trainees', (c) => ({ ...c, employee_id: integer().autoIncrement() })),
  },
  {
    name: 'primary key',
    kind: 'primary-key',
    table: 'training_form_trainees',
    object: null,
    declaration: edit('training_form_trainees', (t) => ({ ...t, primaryKey: ['training_form_id'] })),
  },
  {
    name: 'index column order',
    kind: 'index-definition',
    table: 'training_forms',
    object: 'ix_training_forms_deleted_date',
    declaration: edit('training_forms', (t) => ({
      ...t,
      indexes: t.indexes?.map((i) =>
        i.name === 'ix_training_forms_deleted_date' ? { ...i, columns: ['training_date', 'deleted', 'id'] } : i,
      ),
    })),
  },
  {
    name: 'index uniqueness',
    kind: 'index-definition',
    table: 'sessions',
    object: 'ix_sessions_expires',
    declaration: edit('sessions', (t) => ({
      ...t,
      indexes: t.indexes?.map((i) => (i.name === 'ix_sessions_expires' ? { ...i, unique: true } : i)),
    })),
  },
  {
    name: 'declared index missing',
    kind: 'missing-index',
    table: 'training_forms',
    object: 'ix_training_forms_title',
    declaration: edit('training_forms', (t) => ({
      ...t,
      indexes: [...(t.indexes ?? []), { name: 'ix_training_forms_title', columns: ['title'] }],
    })),
  },
  {
    name: 'index not declared',
    kind: 'extra-index',
    table: 'training_forms',
    object: 'ix_training_forms_trainer',
    declaration: edit('training_forms', (t) => ({
      ...t,
      indexes: t.indexes?.filter((i) => i.name !== 'ix_training_forms_trainer'),
    })),
  },
  {
    name: 'declared foreign key missing',
    kind: 'missing-foreign-key',
    table: 'sessions',
    object: 'fk_sessions_admin',
    declaration: edit('sessions', (t) => ({
      ...t,
      foreignKeys: [
        {
          name: 'fk_sessions_admin',
          columns: ['username'],
          references: { table: 'admin_users', columns: ['username'] },
        },
      ],
    })),
  },
  {
    name: 'foreign key not declared',
    kind: 'extra-foreign-key',
    table: 'attachments',
    object: 'fk_attachments_form',
    declaration: edit('attachments', (t) => ({ ...t, foreignKeys: [] })),
  },
  {
    name: 'foreign key ON DELETE',
    kind: 'foreign-key-definition',
    table: 'attachments',
    object: 'fk_attachments_form',
    declaration: edit('attachments', (t) => ({
      ...t,
      foreignKeys: t.foreignKeys?.map((f) => ({ ...f, onDelete: 'set null' as const })),
    })),
  },
  {
    name: 'foreign key ON UPDATE',
    kind: 'foreign-key-definition',
    table: 'attachments',
    object: 'fk_attachments_form',
    declaration: edit('attachments', (t) => ({
      ...t,
      foreignKeys: t.foreignKeys?.map((f) => ({ ...f, onUpdate: 'cascade' as const })),
    })),
  },
  {
    name: 'foreign key target',
    kind: 'foreign-key-definition',
    table: 'training_form_trainees',
    object: 'fk_training_form_trainees_employee',
    declaration: edit('training_form_trainees', (t) => ({
      ...t,
      foreignKeys: t.foreignKeys?.map((f) =>
        f.name === 'fk_training_form_trainees_employee'
          ? { ...f, references: { table: 'training_forms', columns: ['id'] } }
          : f,
      ),
    })),
  },
  {
    name: 'RESTRICT vs NO ACTION (differs on SQLite only)',
    kind: 'foreign-key-definition',
    table: 'training_form_trainees',
    object: 'fk_training_form_trainees_employee',
    only: 'sqlite',
    declaration: edit('training_form_trainees', (t) => ({
      ...t,
      foreignKeys: t.foreignKeys?.map((f) =>
        f.name === 'fk_training_form_trainees_employee' ? { ...f, onDelete: 'no action' as const } : f,
      ),
    })),
  },
  {
    name: 'db: stray table',
    kind: 'extra-table',
    table: 'stray',
    object: null,
    db: {
      change: (h) => sql`create table stray (id integer primary key)`.execute(h.db).then(() => {}),
      undo: (h) => sql`drop table stray`.execute(h.db).then(() => {}),
    },
  },
  {
    name: 'db: stray column',
    kind: 'extra-column',
    table: 'audit_events',
    object: 'audit_events.stray',
    db: {
      change: (h) => sql`alter table audit_events add column stray varchar(10)`.execute(h.db).then(() => {}),
      undo: (h) => sql`alter table audit_events drop column stray`.execute(h.db).then(() => {}),
    },
  },
  {
    name: 'db: stray index',
    kind: 'extra-index',
    table: 'audit_events',
    object: 'ix_stray',
    db: {
      change: (h) => h.db.schema.createIndex('ix_stray').on('audit_events').column('actor').execute(),
      undo: (h) => dropIndex(h.db, 'audit_events', 'ix_stray'),
    },
  },
  {
    name: 'db: dropped index',
    kind: 'missing-index',
    table: 'sessions',
    object: 'ix_sessions_username',
    db: {
      change: (h) => dropIndex(h.db, 'sessions', 'ix_sessions_username'),
      undo: (h) => h.db.schema.createIndex('ix_sessions_username').on('sessions').column('username').execute(),
    },
  },
  {
    name: 'db: column narrowed (table rebuilt on SQLite)',
    kind: 'column-type',
    table: 'audit_events',
    object: 'audit_events.action',
    db: {
      change: (h) =>
        alterTable(h.db, 'audit_events', [
          { kind: 'alterColumn', column: 'action', definition: { type: 'varchar(20)', nullable: false } },
        ]),
      undo: (h) =>
        alterTable(h.db, 'audit_events', [
          { kind: 'alterColumn', column: 'action', definition: { type: 'varchar(40)', nullable: false } },
        ]),
    },
  },
  {
    name: 'db: default changed',
    kind: 'column-default',
    table: 'training_forms',
    object: 'training_forms.version',
    db: {
      change: (h) =>
        alterTable(h.db, 'training_forms', [
          { kind: 'alterColumn', column: 'version', definition: { type: 'integer', nullable: false, default: 5 } },
        ]),
      undo: (h) =>
        alterTable(h.db, 'training_forms', [
          { kind: 'alterColumn', column: 'version', definition: { type: 'integer', nullable: false, default: 1 } },
        ]),
    },
  },
  {
    name: 'db: foreign key action changed',
    kind: 'foreign-key-definition',
    table: 'training_form_trainees',
    object: 'fk_training_form_trainees_form',
    db: {
      change: (h) =>
        alterTable(h.db, 'training_form_trainees', [
          { kind: 'dropForeignKey', name: 'fk_training_form_trainees_form', columns: ['training_form_id'] },
          {
            kind: 'addForeignKey',
            foreignKey: {
              name: 'fk_training_form_trainees_form',
              columns: ['training_form_id'],
              references: { table: 'training_forms', columns: ['id'] },
              onDelete: 'restrict',
            },
          },
        ]),
      undo: (h) =>
        alterTable(h.db, 'training_form_trainees', [
          { kind: 'dropForeignKey', name: 'fk_training_form_trainees_form', columns: ['training_form_id'] },
          {
            kind: 'addForeignKey',
            foreignKey: {
              name: 'fk_training_form_trainees_form',
              columns: ['training_form_id'],
              references: { table: 'training_forms', columns: ['id'] },
              onDelete: 'cascade',
            },
          },
        ]),
    },
  },
  {
    name: 'db: one column in latin1 (MariaDB)',
    kind: 'character-set',
    table: 'audit_events',
    object: 'audit_events.actor',
    only: 'mariadb',
    db: {
      change: onMariadb(
        sql`alter table audit_events modify actor varchar(120) character set latin1 collate latin1_swedish_ci not null`,
      ),
      undo: onMariadb(
        sql`alter table audit_events modify actor varchar(120) character set utf8mb4 collate utf8mb4_unicode_ci not null`,
      ),
    },
  },
  {
    name: 'db: a table converted to latin1, its columns with it: one difference (MariaDB)',
    kind: 'character-set',
    table: 'job_locks',
    object: null,
    only: 'mariadb',
    db: {
      change: onMariadb(sql`alter table job_locks convert to character set latin1 collate latin1_swedish_ci`),
      undo: onMariadb(sql`alter table job_locks convert to character set utf8mb4 collate utf8mb4_unicode_ci`),
    },
  },
  {
    name: 'db: the database default collation (MariaDB)',
    kind: 'character-set',
    table: '(database default)',
    object: null,
    only: 'mariadb',
    db: {
      change: onMariadb(sql`alter database character set utf8mb4 collate utf8mb4_general_ci`),
      undo: onMariadb(sql`alter database character set utf8mb4 collate utf8mb4_unicode_ci`),
    },
  },
];
