import t from 'tap';
import { FormDetailsService } from '../../../src/domain/form-details-service.ts';
import type { TrainingFormFields } from '../../../src/domain/training-form.ts';
import { InMemoryUnitOfWork } from '../../fakes/in-memory-repositories.ts';

// The CSV exports read the list 200 forms at a time; in the default order each batch continues
// from the last row of the one before (a cursor). Every form once, in the list's order, across
// batch boundaries that fall inside a run of forms on one date.
t.test('an export over several batches gives every form once, in the list order', async (t) => {
  const uow = new InMemoryUnitOfWork();
  const repos = uow.repositories();
  const dates = ['2026-03-02', '2026-03-01', '2026-03-01'];
  const expected: { id: number; date: string }[] = [];
  for (let i = 0; i < 450; i++) {
    const fields: TrainingFormFields = {
      title: `Form ${i}`,
      trainingType: 'Classroom',
      description: null,
      trainer: 'Ann Lee',
      trainingDate: dates[i % 3]!,
      durationMinutes: 30,
      location: null,
      referenceDocument: null,
      referenceRevision: null,
      documentRevisionId: null,
      traineeIds: [],
    };
    const form = await repos.forms.insert({ ...fields, createdBy: 'ada', createdAt: new Date() });
    expected.push({ id: form.id, date: form.trainingDate });
  }
  expected.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : b.id - a.id));
  const details = new FormDetailsService({ uow });
  const ids: number[] = [];
  for await (const { form } of details.exportAll({})) ids.push(form.id);
  t.same(
    ids,
    expected.map((e) => e.id),
    'default order: by cursor, 450 forms in three batches',
  );
  const byTitle: string[] = [];
  for await (const { form } of details.exportAll({ sort: 'title', direction: 'asc' })) byTitle.push(form.title);
  t.equal(new Set(byTitle).size, 450, 'another order, by page number: every form once');
});
