import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Kysely } from 'kysely';
import t from 'tap';
import { listMigrationFiles } from '../../../src/adapters/db/migrator/migration-files.ts';
import { runMigrations } from '../../../src/adapters/db/migrator/migration-runner.ts';
import { planMigration } from '../../../src/adapters/schema-check/autogenerate.ts';
import { declaredModel } from '../../../src/adapters/schema-check/declared-model.ts';
import { introspectDatabase } from '../../../src/adapters/schema-check/introspect.ts';
import { renderMigrationFile } from '../../../src/adapters/schema-check/migration-file.ts';
import { diffSchemas } from '../../../src/adapters/schema-check/schema-diff.ts';
import {
  bigint,
  boolean,
  date,
  datetime,
  decimal,
  integer,
  table,
  text,
  varchar,
  type DatabaseOf,
} from '../../../src/declared-schema/define.ts';
import { declaredSchema } from '../../../src/declared-schema/declared-schema.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { ROOT, scratchProject } from './schema-test-kit.ts';

/** Every column type, default kind and constraint the declaration DSL supports. */
const everything = {
  parents: table({
    columns: {
      code: varchar(20),
      label: varchar(100).default('it\'s "quoted"'),
    },
    primaryKey: ['code'],
  }),
  kitchen_sink: table({
    columns: {
      id: integer().autoIncrement(),
      big: bigint(),
      big_default: bigint().default(9007199254740),
      name: varchar(120),
      name_default: varchar(40).default("it's"),
      name_empty_default: varchar(10).nullable().default(''),
      body: text().nullable(),
      flag_on: boolean().default(true),
      flag_off: boolean().default(false),
      maybe_flag: boolean().nullable(),
      day: date().default('2020-01-31'),
      day_nullable: date().nullable(),
      at: datetime(),
      at_now: datetime().defaultNow(),
      at_nullable: datetime().nullable(),
      amount: decimal(10, 2).default(1.5),
      amount_wide: decimal(18, 4).nullable(),
      count: integer().default(0),
      negative: integer().default(-3),
      parent_code: varchar(20).nullable(),
      parent_code2: varchar(20),
      self_id: integer().nullable(),
    },
    primaryKey: ['id'],
    indexes: [
      { name: 'ux_kitchen_sink_name', columns: ['name'], unique: true },
      { name: 'ix_kitchen_sink_multi', columns: ['day', 'name', 'id'] },
      { name: 'ix_kitchen_sink_multi_reversed', columns: ['id', 'name', 'day'] },
      { name: 'ux_kitchen_sink_pair', columns: ['big', 'count'], unique: true },
    ],
    foreignKeys: [
      {
        name: 'fk_sink_parent_null',
        columns: ['parent_code'],
        references: { table: 'parents', columns: ['code'] },
        onDelete: 'set null',
        onUpdate: 'cascade',
      },
      {
        name: 'fk_sink_parent_restrict',
        columns: ['parent_code2'],
        references: { table: 'parents', columns: ['code'] },
        onDelete: 'restrict',
      },
      {
        name: 'fk_sink_self',
        columns: ['self_id'],
        references: { table: 'kitchen_sink', columns: ['id'] },
        onDelete: 'no action',
      },
    ],
  }),
  pairs: table({
    columns: { a: integer(), b: varchar(10), note: text().nullable() },
    primaryKey: ['a', 'b'],
    foreignKeys: [
      {
        name: 'fk_pairs_sink',
        columns: ['a'],
        references: { table: 'kitchen_sink', columns: ['id'] },
        onDelete: 'cascade',
      },
    ],
  }),
};

t.test('the app declaration, created by the real migrations, introspects with zero differences', async (t) => {
  await forEachDialect(t, async (t, handle) => {
    const live = await introspectDatabase(handle.db, handle.dialect);
    t.same(diffSchemas(handle.dialect, declaredModel(declaredSchema), live), []);
    t.same(Object.keys(live.tables).sort(), Object.keys(declaredSchema).sort(), 'bookkeeping tables are not reported');
  });
});

t.test(
  'every type, default and constraint: declaration → generated migration → introspect → zero differences → down → nothing',
  async (t) => {
    await forEachDialect(
      t,
      async (t, handle) => {
        const project = scratchProject('round-trip', false);
        t.teardown(project.remove);
        const declared = declaredModel(everything);
        const up = planMigration(handle.dialect, { tables: {} }, declared, {});
        const down = planMigration(handle.dialect, declared, { tables: {} }, {});
        const helpersImport = relative(project.migrations, join(ROOT, 'db/helpers/migration-helpers.ts'));
        writeFileSync(
          join(project.migrations, '20300101000000_everything.ts'),
          renderMigrationFile({ message: 'everything', helpersImport, generated: { up, down, source: 'nothing' } }),
        );
        const files = await listMigrationFiles(project.migrations);
        t.equal((await runMigrations(handle.db, files, 'up')).length, 1);
        const live = await introspectDatabase(handle.db, handle.dialect);
        t.same(diffSchemas(handle.dialect, declared, live), [], 'no differences');
        t.same(live.tables.kitchen_sink?.columns.at_now?.default, 'CURRENT_TIMESTAMP');
        t.same(live.tables.kitchen_sink?.columns.name_default?.default, "'it''s'");
        t.same(live.tables.parents?.columns.label?.default, `'it''s "quoted"'`);
        t.equal(live.tables.kitchen_sink?.foreignKeys.length, 3);
        t.same(
          up.steps.filter((s) => s.destructive),
          [],
          'creating is never destructive',
        );
        const db = handle.db as unknown as Kysely<DatabaseOf<typeof everything>>;
        await db.insertInto('parents').values({ code: 'p' }).execute();
        await db
          .insertInto('kitchen_sink')
          .values({ big: 1, name: 'n', at: '2026-01-01 00:00:00.000', parent_code2: 'p' })
          .execute();
        const row = await db.selectFrom('kitchen_sink').selectAll().executeTakeFirstOrThrow();
        t.match(
          row,
          { flag_on: 1, flag_off: 0, name_default: "it's", count: 0, negative: -3 },
          'defaults apply on insert',
        );
        t.match(
          String(row.at_now),
          /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/,
          'now defaults carry milliseconds, UTC text',
        );
        await runMigrations(handle.db, files, 'down');
        t.same((await introspectDatabase(handle.db, handle.dialect)).tables, {}, 'down() removes everything up() made');
      },
      { migrate: false },
    );
  },
);
