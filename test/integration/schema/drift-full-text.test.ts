import { sql } from 'kysely';
import t from 'tap';
import { sqliteFullTextTriggers } from '../../../db/helpers/full-text.ts';
import { createFullTextIndex, dropFullTextIndex } from '../../../db/helpers/migration-helpers.ts';
import type { DatabaseHandle } from '../../../src/adapters/db/connection/connect.ts';
import { planMigration } from '../../../src/adapters/schema-check/autogenerate.ts';
import { describeDifference, formatCheckReport } from '../../../src/adapters/schema-check/check-report.ts';
import {
  declaredModel,
  type DeclaredTable,
  type Declaration,
} from '../../../src/adapters/schema-check/declared-model.ts';
import { introspectDatabase } from '../../../src/adapters/schema-check/introspect.ts';
import { checkSchema } from '../../../src/adapters/schema-check/schema-check.ts';
import type { DifferenceKind } from '../../../src/adapters/schema-check/schema-diff.ts';
import { declaredSchema } from '../../../src/declared-schema/declared-schema.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// The drift corpus (drift-corpus.test.ts) for full-text indexes and their SQLite triggers: each
// change alone is reported exactly once, naming its object, on SQLite and MariaDB.

type Tables = Record<string, DeclaredTable>;
const app = declaredSchema as unknown as Tables;
const INDEX = 'fts_training_forms';
const COLUMNS = ['title', 'description', 'trainer', 'reference_document'];
const withFullText = (table: string, fullTextIndexes: DeclaredTable['fullTextIndexes']): Declaration => ({
  ...app,
  [table]: { ...(app[table] as DeclaredTable), fullTextIndexes },
});

interface Case {
  readonly name: string;
  readonly kind: DifferenceKind;
  readonly table: string;
  readonly object: string;
  readonly declaration?: Declaration;
  readonly db?: { change(h: DatabaseHandle): Promise<void>; undo(h: DatabaseHandle): Promise<void> };
  /** SQLite only (triggers and FTS5 tables); MariaDB must then show no difference. */
  readonly sqliteOnly?: boolean;
}

const ifSqlite = (work: (h: DatabaseHandle) => Promise<unknown>) => async (h: DatabaseHandle) => {
  if (h.dialect === 'sqlite') await work(h);
};
const trigger = (suffix: string) =>
  sqliteFullTextTriggers('training_forms', INDEX, COLUMNS).find((x) => x.name === `${INDEX}${suffix}`) as {
    name: string;
    sql: string;
  };
const raw = (h: DatabaseHandle, statement: string) => sql.raw(statement).execute(h.db);

const cases: readonly Case[] = [
  {
    name: 'declared full-text index missing',
    kind: 'missing-full-text-index',
    table: 'employees',
    object: 'fts_employees',
    declaration: withFullText('employees', [{ name: 'fts_employees', columns: ['display_name'] }]),
  },
  {
    name: 'full-text index not declared',
    kind: 'extra-full-text-index',
    table: 'training_forms',
    object: INDEX,
    declaration: withFullText('training_forms', []),
  },
  {
    name: 'full-text index columns changed',
    kind: 'full-text-index-definition',
    table: 'training_forms',
    object: INDEX,
    declaration: withFullText('training_forms', [{ name: INDEX, columns: ['title', 'trainer'] }]),
  },
  {
    name: 'db: full-text index dropped',
    kind: 'missing-full-text-index',
    table: 'training_forms',
    object: INDEX,
    db: {
      change: (h) => dropFullTextIndex(h.db, 'training_forms', INDEX),
      undo: (h) => createFullTextIndex(h.db, 'training_forms', INDEX, COLUMNS),
    },
  },
  {
    name: 'db: stray full-text index (its triggers not reported beside it)',
    kind: 'extra-full-text-index',
    table: 'audit_events',
    object: 'fts_stray',
    db: {
      change: (h) => createFullTextIndex(h.db, 'audit_events', 'fts_stray', ['actor', 'action']),
      undo: (h) => dropFullTextIndex(h.db, 'audit_events', 'fts_stray'),
    },
  },
  {
    name: 'db: trigger dropped',
    kind: 'missing-trigger',
    table: 'training_forms',
    object: `${INDEX}_au`,
    sqliteOnly: true,
    db: {
      change: ifSqlite((h) => raw(h, `drop trigger ${INDEX}_au`)),
      undo: ifSqlite((h) => raw(h, trigger('_au').sql)),
    },
  },
  {
    name: 'db: trigger edited',
    kind: 'trigger-definition',
    table: 'training_forms',
    object: `${INDEX}_ad`,
    sqliteOnly: true,
    db: {
      change: ifSqlite(async (h) => {
        await raw(h, `drop trigger ${INDEX}_ad`);
        await raw(h, trigger('_ad').sql.replace("'delete', old.rowid", "'delete', old.rowid + 0"));
      }),
      undo: ifSqlite(async (h) => {
        await raw(h, `drop trigger ${INDEX}_ad`);
        await raw(h, trigger('_ad').sql);
      }),
    },
  },
  {
    name: 'db: stray trigger',
    kind: 'extra-trigger',
    table: 'audit_events',
    object: 'trg_stray',
    sqliteOnly: true,
    db: {
      change: ifSqlite((h) => raw(h, 'create trigger trg_stray after insert on audit_events begin select 1; end')),
      undo: ifSqlite((h) => raw(h, 'drop trigger trg_stray')),
    },
  },
  {
    name: 'db: a form written while the insert trigger was missing: the index is out of step',
    kind: 'full-text-index-out-of-step',
    table: 'training_forms',
    object: INDEX,
    sqliteOnly: true,
    db: {
      change: ifSqlite(async (h) => {
        await raw(h, `drop trigger ${INDEX}_ai`);
        await raw(
          h,
          `insert into training_forms (id, title, training_type, trainer, training_date, duration_minutes,
            created_by, created_at, updated_by, updated_at) values (900, 'Unindexed', 'Classroom', 'Ann',
            '2026-01-01', 60, 'ann', '2026-01-01 00:00:00.000', 'ann', '2026-01-01 00:00:00.000')`,
        );
        await raw(h, trigger('_ai').sql);
      }),
      undo: ifSqlite(async (h) => {
        await raw(h, `insert into ${INDEX} (${INDEX}) values ('rebuild')`);
        await raw(h, 'delete from training_forms where id = 900');
      }),
    },
  },
];

t.test('full-text drift: each change alone is reported once and names its object', async (t) => {
  await forEachDialect(t, async (t, handle) => {
    const check = async (declaration: Declaration) =>
      checkSchema({
        dialect: handle.dialect,
        target: 'test',
        declared: declaredModel(declaration),
        live: await introspectDatabase(handle.db, handle.dialect),
        files: [],
        applied: [],
      });
    t.same((await check(app)).verdicts.schemaDifferences.differences, [], 'clean before: FTS5 shadow tables unseen');
    for (const c of cases) {
      await c.db?.change(handle);
      const report = await check(c.declaration ?? app);
      const diffs = report.verdicts.schemaDifferences.differences;
      if (c.sqliteOnly && handle.dialect === 'mariadb') t.same(diffs, [], `${c.name}: nothing to change on MariaDB`);
      else {
        t.equal(diffs.length, 1, `${c.name}: exactly one difference`);
        t.match(
          diffs[0],
          { kind: c.kind, table: c.table, object: c.object },
          `${c.name}: ${diffs[0] ? describeDifference(diffs[0]) : 'none'}`,
        );
        t.ok(
          formatCheckReport(report).some((l) => l.includes(c.object) && l.includes('expected')),
          `${c.name}: a line names ${c.object}`,
        );
      }
      await c.db?.undo(handle);
    }
    t.same((await check(app)).verdicts.schemaDifferences.differences, [], 'clean after every undo');
  });
});

t.test('autogenerate writes the full-text index, and drop + create for a changed one', async (t) => {
  await forEachDialect(t, async (t, handle) => {
    await dropFullTextIndex(handle.db, 'training_forms', INDEX);
    const live = await introspectDatabase(handle.db, handle.dialect);
    const declared = declaredModel(app);
    const code = (steps: ReturnType<typeof planMigration>) => steps.steps.flatMap((s) => s.code).join('\n');
    const up = planMigration(handle.dialect, live, declared, {});
    t.equal(
      code(up),
      `await createFullTextIndex(db, 'training_forms', '${INDEX}', ['title', 'description', 'trainer', 'reference_document']);`,
    );
    t.ok(up.imports.has('createFullTextIndex'));
    t.equal(
      code(planMigration(handle.dialect, declared, live, {})),
      `await dropFullTextIndex(db, 'training_forms', '${INDEX}');`,
    );
    await createFullTextIndex(handle.db, 'training_forms', INDEX, ['title']);
    const changed = planMigration(handle.dialect, await introspectDatabase(handle.db, handle.dialect), declared, {});
    t.match(code(changed), /^await dropFullTextIndex\(.*\nawait createFullTextIndex\(/, 'drop, then create');
  });
});
