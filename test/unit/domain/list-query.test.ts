import t from 'tap';
import { MAX_PAGE_SIZE, normaliseQuery } from '../../../src/domain/list-query.ts';

t.test('defaults: newest training date first, page 1 of 25', async (t) => {
  t.same(normaliseQuery({}), {
    text: undefined,
    trainingType: undefined,
    trainer: undefined,
    dateFrom: undefined,
    dateTo: undefined,
    traineeId: undefined,
    sort: 'trainingDate',
    direction: 'desc',
    page: 1,
    pageSize: 25,
  });
});

t.test('clamps paging and drops blank filters', async (t) => {
  const q = normaliseQuery({ page: -3, pageSize: 10_000, text: '   ', trainer: ' Ann ' });
  t.equal(q.page, 1);
  t.equal(q.pageSize, MAX_PAGE_SIZE);
  t.equal(q.text, undefined);
  t.equal(q.trainer, 'Ann');
  t.equal(normaliseQuery({ pageSize: 0 }).pageSize, 1);
});

t.test('unknown sort falls back to training date', async (t) => {
  // @ts-expect-error -- a value from outside the type, as an adapter might pass
  t.equal(normaliseQuery({ sort: 'password' }).sort, 'trainingDate');
  t.equal(normaliseQuery({ sort: 'title', direction: 'asc' }).direction, 'asc');
});
