import t from 'tap';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { migrateToLatest, migrateUpTo } from '../../../src/adapters/db/migrator/migrations.ts';
import { KyselyTrainingSummary } from '../../../src/adapters/db/repositories/kysely-training-summary.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// The summary's migration fills it from the forms already there: per (employee, document), the newest
// revision trained on and the last training date, deleted forms and external training left out.

const BEFORE_SUMMARY = '20261203111700_trainee_count';

await forEachDialect(
  t,
  async (t, handle) => {
    const db = handle.db;
    await migrateUpTo(db, BEFORE_SUMMARY);
    const at = toDbTime(new Date('2026-11-30T10:00:00.000Z'));
    const id = (r: { insertId?: bigint }) => Number(r.insertId);
    const person = async (name: string) =>
      id(
        await db
          .insertInto('employees')
          .values({ directory_id: name, display_name: name } as never)
          .executeTakeFirstOrThrow(),
      );
    const [ada, ben] = [await person('Ada'), await person('Ben')];
    const doc = id(
      await db
        .insertInto('controlled_documents')
        .values({ reference: 'SOP-1', title: 'SOP', created_by: 'a', created_at: at, updated_by: 'a', updated_at: at })
        .executeTakeFirstOrThrow(),
    );
    const revision = async (label: string, effective: string) =>
      id(
        await db
          .insertInto('document_revisions')
          .values({ document_id: doc, revision: label, effective_date: effective, created_by: 'a', created_at: at })
          .executeTakeFirstOrThrow(),
      );
    const [revA, revB] = [await revision('A', '2025-01-01'), await revision('B', '2026-01-01')];
    const form = async (revisionId: number | null, date: string, trainees: number[], deleted = false) => {
      const formId = id(
        await db
          .insertInto('training_forms')
          .values({
            title: 'T',
            training_type: 'Classroom',
            trainer: 'Grace',
            training_date: date,
            duration_minutes: 60,
            document_revision_id: revisionId,
            deleted: deleted ? 1 : 0,
            created_by: 'a',
            created_at: at,
            updated_by: 'a',
            updated_at: at,
          } as never)
          .executeTakeFirstOrThrow(),
      );
      for (const employee_id of trainees)
        await db.insertInto('training_form_trainees').values({ training_form_id: formId, employee_id }).execute();
    };
    await form(revA, '2025-03-01', [ada, ben]);
    await form(revB, '2026-02-01', [ada]);
    await form(revA, '2026-04-01', [ada]);
    await form(revB, '2026-05-01', [ben], true);
    await form(null, '2026-06-01', [ben]);

    await migrateToLatest(db);
    const rows = await db.selectFrom('employee_document_training').selectAll().orderBy('employee_id').execute();
    t.same(
      rows.map((r) => [
        r.employee_id,
        r.document_id,
        r.newest_revision_id,
        String(r.newest_effective_date).slice(0, 10),
        String(r.last_training_date).slice(0, 10),
      ]),
      [
        [ada, doc, revB, '2026-01-01', '2026-04-01'],
        [ben, doc, revA, '2025-01-01', '2025-03-01'],
      ],
      "newest revision and last date apart (Ada's last training was on the older revision); Ben's deleted form left out",
    );
    t.same((await new KyselyTrainingSummary(db).check()).differences, [], 'the same as the running code computes');
  },
  { migrate: false },
);
