import t from 'tap';
import { recountMonths } from '../../../src/adapters/db/repositories/training-form-months.ts';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { normaliseQuery, type TrainingFormQuery } from '../../../src/domain/list-query.ts';
import { CHART_MATCH_CAP, type MonthCount } from '../../../src/domain/training-months.ts';
import { TrainingFormService } from '../../../src/domain/training-form-service.ts';
import type { TransactionalRepositories } from '../../../src/domain/ports/unit-of-work.ts';
import type { NewTrainingForm } from '../../../src/domain/ports/training-form-repository.ts';
import type { TrainingForm } from '../../../src/domain/training-form.ts';
import { aTrainingFormInput, steppingClock } from '../../builders/training-form-input.ts';
import { forEachRepositoryTarget } from '../../helpers/repository-targets.ts';
import { FsAttachmentStore } from '../../../src/adapters/storage/fs-attachment-store.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The list chart's forms per month (TrainingFormRepository.monthlyCounts) on the fake, SQLite and
// MariaDB: active forms narrowed by whole months only are read from the per-month counts the
// repository keeps (`training_form_months`), which must stay exact under every form write; any
// other query is counted from at most CHART_MATCH_CAP + 1 of its matches, null beyond.

/** Whole months of 2003: no other suite writes forms then. */
const YEAR = normaliseQuery({ dateFrom: '2003-01-01', dateTo: '2003-12-31' });

/** A form as the repository stores it (no validation, no trainees unless given). */
function newForm(trainingDate: string, trainer: string, traineeIds: readonly number[] = []): NewTrainingForm {
  return {
    title: 'Month test',
    trainingType: 'Internal',
    description: null,
    trainer,
    trainingDate,
    durationMinutes: 30,
    location: null,
    referenceDocument: null,
    referenceRevision: null,
    documentRevisionId: null,
    traineeIds,
    createdBy: 'test',
    createdAt: new Date('2026-01-05T09:00:00.000Z'),
  };
}

/** What the list itself says: its forms of 2003 grouped by month (not the per-month counts). */
async function listed(repos: TransactionalRepositories, query: TrainingFormQuery = YEAR): Promise<MonthCount[]> {
  const page = await repos.forms.summaries({ ...query, pageSize: 10_000 }, false);
  const counts = new Map<string, number>();
  for (const f of page.items) counts.set(f.trainingDate.slice(0, 7), (counts.get(f.trainingDate.slice(0, 7)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, forms]) => ({ month, forms }));
}

void forEachRepositoryTarget(t, async (t, subject) => {
  const { repos, uow } = subject;
  await repos.employees.upsert([
    {
      directoryId: 'dir-1',
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
      userPrincipalName: null,
      department: 'QA',
      jobTitle: null,
      active: true,
      lastSyncedAt: null,
    },
  ]);
  const [ada] = await subject.employeeIds();
  const dir = mkdtempSync(join(tmpdir(), 'tf-months-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const service = new TrainingFormService({ uow, files: new FsAttachmentStore(dir), clock: steppingClock() });
  const months = () => repos.forms.monthlyCounts(YEAR, false);

  await t.test('whole months: exact under create, edit of the date, trash, restore and purge', async (t) => {
    t.same(await months(), [], 'no forms yet');
    const made: TrainingForm[] = [];
    for (const trainingDate of ['2003-01-31', '2003-02-01', '2003-02-28', '2003-05-15'])
      made.push(await service.create(aTrainingFormInput({ trainingDate, traineeIds: [ada!] }), 'ada'));
    const after = async (what: string, expected: MonthCount[]) => {
      t.same(await months(), expected, what);
      t.same(await listed(repos), expected, `${what}: what the list shows`);
      t.equal(
        (await repos.forms.summaries({ ...YEAR, pageSize: 1 }, false)).total,
        expected.reduce((sum, m) => sum + m.forms, 0),
        `${what}: the list's count (read from the months)`,
      );
    };
    await after('created', [
      { month: '2003-01', forms: 1 },
      { month: '2003-02', forms: 2 },
      { month: '2003-05', forms: 1 },
    ]);
    const [jan, feb] = [made[0]!, made[1]!];
    await service.update(
      jan.id,
      jan.version,
      aTrainingFormInput({ trainingDate: '2003-05-02', traineeIds: [ada!] }),
      'ada',
    );
    await after('a date moved to another month', [
      { month: '2003-02', forms: 2 },
      { month: '2003-05', forms: 2 },
    ]);
    const moved = await service.get(jan.id);
    await service.update(
      moved.id,
      moved.version,
      aTrainingFormInput({ title: 'Renamed', trainingDate: '2003-05-20', traineeIds: [ada!] }),
      'ada',
    );
    await after('an edit within the month', [
      { month: '2003-02', forms: 2 },
      { month: '2003-05', forms: 2 },
    ]);
    await service.softDelete(feb.id, 'ada');
    await after('moved to the trash', [
      { month: '2003-02', forms: 1 },
      { month: '2003-05', forms: 2 },
    ]);
    const inTrash = await service.get(feb.id, { includeDeleted: true });
    t.equal(await repos.forms.setDeleted(feb.id, { by: 'ada', at: new Date() }), true);
    await after('trashed again (the repository alone): no second count', [
      { month: '2003-02', forms: 1 },
      { month: '2003-05', forms: 2 },
    ]);
    t.ok(inTrash.deleted);
    await service.restore(feb.id, 'ada');
    await after('restored', [
      { month: '2003-02', forms: 2 },
      { month: '2003-05', forms: 2 },
    ]);
    await service.softDelete(feb.id, 'ada');
    await service.purge(feb.id, 'ada');
    await after('purged from the trash', [
      { month: '2003-02', forms: 1 },
      { month: '2003-05', forms: 2 },
    ]);
    await uow.run(async (tx) => {
      await tx.forms.purge(made[2]!.id);
    });
    await after('an active form purged (the repository alone)', [{ month: '2003-05', forms: 2 }]);
    t.same(
      await repos.forms.monthlyCounts(normaliseQuery({ dateFrom: '2003-05-01', dateTo: '2003-05-31' }), false),
      [{ month: '2003-05', forms: 2 }],
      'one month',
    );
    t.same(
      await repos.forms.monthlyCounts(normaliseQuery({ dateFrom: '2003-05-16', dateTo: '2003-12-31' }), false),
      [{ month: '2003-05', forms: 1 }],
      'a range not of whole months: the matches counted',
    );
    const failed = await uow
      .run(async (tx) => {
        await tx.forms.insert(newForm('2003-07-07', 'Rolled Back', [ada!]));
        throw new Error('rolled back');
      })
      .catch((e: unknown) => e);
    t.match(failed, { message: 'rolled back' });
    await after('a create rolled back counts nothing', [{ month: '2003-05', forms: 2 }]);
  });

  await t.test(`a narrowed query: counted up to ${CHART_MATCH_CAP}, null beyond`, async (t) => {
    const trainer = 'Cap Crosser';
    const at = new Date('2026-01-05T09:00:00.000Z');
    const dates = Array.from(
      { length: CHART_MATCH_CAP + 1 },
      (_, i) => `2004-${String((i % 12) + 1).padStart(2, '0')}-10`,
    );
    if (subject.database) {
      const db = subject.database.handle.db;
      for (let i = 0; i < dates.length; i += 500)
        await db
          .insertInto('training_forms')
          .values(
            dates.slice(i, i + 500).map((training_date, j) => ({
              title: `Capped ${i + j}`,
              training_type: 'Internal',
              trainer,
              training_date,
              duration_minutes: 30,
              created_by: 'test',
              created_at: toDbTime(at),
              updated_by: 'test',
              updated_at: toDbTime(at),
            })),
          )
          .execute();
      await recountMonths(db);
    } else {
      for (const trainingDate of dates) await repos.forms.insert(newForm(trainingDate, trainer));
    }
    const narrowed = normaliseQuery({ trainer, dateFrom: '2004-01-01', dateTo: '2004-12-31' });
    t.equal(await repos.forms.monthlyCounts(narrowed, false), null, `${CHART_MATCH_CAP + 1} matches: not counted`);
    t.equal(
      (
        await repos.forms.monthlyCounts(normaliseQuery({ dateFrom: '2004-01-01', dateTo: '2004-12-31' }), false)
      )?.reduce((sum, m) => sum + m.forms, 0),
      CHART_MATCH_CAP + 1,
      'whole months alone: counted, whatever their number',
    );
    t.equal(
      await service.trainingsPerMonth({ trainer, dateFrom: '2004-01-01', dateTo: '2004-12-31' }),
      null,
      'the service: no chart',
    );
    const one = await repos.forms.summaries({ ...narrowed, pageSize: 1 }, false);
    await repos.forms.setDeleted(one.items[0]!.id, { by: 'test', at });
    const counted = await repos.forms.monthlyCounts(narrowed, false);
    t.equal(counted?.length, 12);
    t.equal(
      counted?.reduce((sum, m) => sum + m.forms, 0),
      CHART_MATCH_CAP,
      `${CHART_MATCH_CAP} matches: counted exactly`,
    );
  });
});
