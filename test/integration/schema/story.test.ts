import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { introspectDatabase } from '../../../src/adapters/schema-check/introspect.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { envFor, processEnv } from '../../helpers/env.ts';
import { runCli, scratchProject } from './schema-test-kit.ts';

const withRoomAndIndex = `import { declaredSchema as app } from '../../src/declared-schema/declared-schema.ts';
import { varchar } from '../../src/declared-schema/define.ts';
const forms = app.training_forms;
export const declaredSchema = {
  ...app,
  training_forms: {
    ...forms,
    columns: { ...forms.columns, room: varchar(40).nullable() },
    indexes: [...forms.indexes, { name: 'ix_training_forms_room', columns: ['room'] }],
  },
};
`;

const withoutLocation = `import { declaredSchema as app } from '../../src/declared-schema/declared-schema.ts';
const { location: _dropped, ...columns } = app.training_forms.columns;
export const declaredSchema = { ...app, training_forms: { ...app.training_forms, columns } };
`;

t.test(
  'the whole story: declaration changed → check fails → revision --autogenerate → upgrade → check clean → downgrade -1 → previous schema exactly',
  async (t) => {
    await forEachDialect(t, async (t, handle, ctx) => {
      const project = scratchProject('story');
      t.teardown(project.remove);
      project.writeSchema(withRoomAndIndex);
      const env = processEnv(envFor(ctx.settings));
      const db = (...args: string[]) =>
        runCli([...args, '--migrations-dir', project.migrations, '--schema-module', project.schema], env);
      const before = await introspectDatabase(handle.db, handle.dialect);
      await handle.db.insertInto('employees').values({ directory_id: 'd1', display_name: 'Ann' }).execute();

      let r = await db('check');
      t.equal(r.code, 1);
      t.match(r.stdout, 'missing column training_forms.room: expected varchar(40), found nothing');
      t.match(r.stdout, 'missing index ix_training_forms_room on training_forms: expected index (room), found nothing');
      t.match(r.stdout, '✅ 1. no pending migrations', 'the migrations themselves are fine');

      r = await db('revision', '-m', 'Add room to training forms', '--autogenerate');
      t.equal(r.code, 0, r.output);
      const written = readdirSync(project.migrations).filter((f) => f.endsWith('_add_room_to_training_forms.ts'));
      t.equal(written.length, 1, 'one new file named <UTC timestamp>_<slug>.ts');
      const source = readFileSync(join(project.migrations, written[0] ?? ''), 'utf8');
      t.match(source, "await db.schema.alterTable('training_forms').addColumn('room', 'varchar(40)').execute();");
      t.match(
        source,
        "await db.schema.createIndex('ix_training_forms_room').on('training_forms').columns(['room']).execute();",
      );
      t.match(
        source,
        /export async function down[\s\S]*dropIndex\(db, 'training_forms', 'ix_training_forms_room'\)[\s\S]*dropColumn/,
      );
      t.notMatch(source, 'src/', 'the migration imports nothing from src/');

      r = await db('check');
      t.equal(r.code, 1, 'written but not applied: still failing');
      t.match(r.stdout, 'pending migration');

      r = await db('upgrade', 'head');
      t.equal(r.code, 0, r.output);
      r = await db('check');
      t.equal(r.code, 0, r.output);
      t.match(r.stdout, '✅ 4. schema matches the declaration');

      r = await db('revision', '-m', 'nothing', '--autogenerate');
      t.equal(r.code, 0);
      t.match(r.stdout, 'no differences: the database already matches the declared schema; no file written');

      r = await db('downgrade', '-1');
      t.equal(r.code, 0, r.output);
      t.same(await introspectDatabase(handle.db, handle.dialect), before, 'back to the previous schema, exactly');
      t.same(
        (await handle.db.selectFrom('employees').select('display_name').execute()).map((e) => e.display_name),
        ['Ann'],
        'data kept',
      );

      // destructive steps are refused unless allowed, and then marked
      rmSync(join(project.migrations, written[0] ?? '')); // the developer drops the reverted revision
      project.writeSchema(withoutLocation);
      await handle.db
        .insertInto('training_forms')
        .values({
          title: 't',
          training_type: 'x',
          trainer: 'tr',
          training_date: '2026-01-01',
          duration_minutes: 5,
          created_by: 'a',
          created_at: '2026-01-01 00:00:00.000',
          updated_by: 'a',
          updated_at: '2026-01-01 00:00:00.000',
          location: 'Room 1',
        })
        .execute();
      const files = () => readdirSync(project.migrations).length;
      const count = files();
      r = await db('revision', '-m', 'drop location', '--autogenerate');
      t.equal(r.code, 1, 'refused without --allow-destructive');
      t.match(r.stdout, '⚠ destructive: drops column training_forms.location and its data');
      t.match(r.stderr, 'rerun with --allow-destructive');
      t.equal(files(), count, 'no file written');
      r = await db('revision', '-m', 'drop location', '--autogenerate', '--allow-destructive');
      t.equal(r.code, 0, r.output);
      t.equal(files(), count + 1);
      const destructive = readFileSync(
        join(project.migrations, readdirSync(project.migrations).find((f) => f.endsWith('_drop_location.ts')) ?? ''),
        'utf8',
      );
      t.match(
        destructive,
        '// DESTRUCTIVE (generated with --allow-destructive): drops column training_forms.location and its data',
      );
      t.match(destructive, /down[\s\S]*addColumn\('location', 'varchar\(120\)'\)/, 'down() puts the column back');
      r = await db('upgrade', 'head');
      t.equal(r.code, 0, r.output);
      r = await db('check');
      t.equal(r.code, 0, r.output);
      r = await db('downgrade', '-1');
      t.equal(r.code, 0, r.output);
      t.same(
        await introspectDatabase(handle.db, handle.dialect),
        before,
        'the dropped column is back with its definition',
      );
    });
  },
);
