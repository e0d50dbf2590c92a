import t from 'tap';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { migrateToLatest, migrateUpTo } from '../../../src/adapters/db/migrator/migrations.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// The trainee-count migration fills the new column of the forms already there from their trainee rows.

const BEFORE_COUNT = '20261203105041_form_signatures';

await forEachDialect(
  t,
  async (t, handle) => {
    const db = handle.db;
    await migrateUpTo(db, BEFORE_COUNT);
    const at = toDbTime(new Date('2026-11-30T10:00:00.000Z'));
    const people = [];
    for (const name of ['Ada', 'Ben', 'Cleo'])
      people.push(
        Number(
          (
            await db
              .insertInto('employees')
              .values({ directory_id: name, display_name: name } as never)
              .executeTakeFirstOrThrow()
          ).insertId,
        ),
      );
    const form = async (title: string, trainees: number[]) => {
      const id = Number(
        (
          await db
            .insertInto('training_forms')
            .values({
              title,
              training_type: 'Classroom',
              trainer: 'Grace',
              training_date: '2026-11-30',
              duration_minutes: 60,
              created_by: 'anna',
              created_at: at,
              updated_by: 'anna',
              updated_at: at,
            } as never)
            .executeTakeFirstOrThrow()
        ).insertId,
      );
      for (const employee_id of trainees)
        await db.insertInto('training_form_trainees').values({ training_form_id: id, employee_id }).execute();
      return id;
    };
    const ids = [await form('None', []), await form('Two', people.slice(0, 2)), await form('Three', people)];
    await migrateToLatest(db);
    const rows = await db.selectFrom('training_forms').select(['id', 'trainee_count']).orderBy('id').execute();
    t.same(
      rows.map((r) => [r.id, Number(r.trainee_count)]),
      [
        [ids[0], 0],
        [ids[1], 2],
        [ids[2], 3],
      ],
    );
  },
  { migrate: false },
);
