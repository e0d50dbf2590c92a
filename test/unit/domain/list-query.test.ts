import t from 'tap';
import {
  dateRangeError,
  firstDirection,
  MAX_PAGE_SIZE,
  normaliseQuery,
  SORT_FIELDS,
  type Page,
  pageWithinRange,
  type TrainingFormQuery,
} from '../../../src/domain/list-query.ts';

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

t.test('a page past the end gives the last page; an empty result stays on its page', async (t) => {
  const rows = Array.from({ length: 23 }, (_, i) => i + 1);
  const asked: number[] = [];
  const fetch = async (q: TrainingFormQuery): Promise<Page<number>> => {
    asked.push(q.page);
    const items = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    return { items, total: rows.length, page: q.page, pageSize: q.pageSize };
  };
  const past = await pageWithinRange(normaliseQuery({ page: 9999, pageSize: 10 }), fetch);
  t.same({ page: past.page, items: past.items }, { page: 3, items: [21, 22, 23] });
  t.same(asked, [9999, 3]);
  t.equal((await pageWithinRange(normaliseQuery({ page: 3, pageSize: 10 }), fetch)).page, 3, 'the last page itself');
  const none = async (q: TrainingFormQuery): Promise<Page<number>> => ({
    items: [],
    total: 0,
    page: q.page,
    pageSize: 10,
  });
  t.equal((await pageWithinRange(normaliseQuery({ page: 5 }), none)).page, 5, 'nothing matches: nothing to clamp to');
});

t.test('a reversed date range is reported; an open or one-day range is fine', async (t) => {
  t.match(dateRangeError('2026-10-20', '2026-10-10'), /^Before the From date \(2026-10-20\)/);
  t.equal(dateRangeError('2026-10-10', '2026-10-10'), undefined);
  t.equal(dateRangeError('', '2026-10-10'), undefined);
  t.equal(dateRangeError('2026-10-10', ''), undefined);
});

t.test('a column sorts first A→Z when it holds text, largest first when it holds dates or counts', async (t) => {
  t.same(
    SORT_FIELDS.map((f) => [f, firstDirection(f)]),
    [
      ['trainingDate', 'desc'],
      ['title', 'asc'],
      ['trainer', 'asc'],
      ['trainingType', 'asc'],
      ['createdAt', 'desc'],
      ['traineeCount', 'desc'],
    ],
  );
});

t.test('a cursor pages the default sort only; at either end it falls back to a numbered page', async (t) => {
  const position = { direction: 'after', trainingDate: '2026-03-01', id: 7 } as const;
  t.same(normaliseQuery({ cursor: position }).cursor, position, 'kept with the default sort');
  t.equal(normaliseQuery({ cursor: position, sort: 'title' }).cursor, undefined, 'dropped with another');
  t.equal(normaliseQuery({ cursor: position, direction: 'asc' }).cursor, undefined, 'and with the date ascending');

  // 23 rows in the default order, a position being the row's value (all on one date, ids 23..1).
  const rows = Array.from({ length: 23 }, (_, i) => 23 - i);
  const asked: string[] = [];
  const fetch = async (q: TrainingFormQuery): Promise<Page<number>> => {
    asked.push(q.cursor ? `${q.cursor.direction} ${q.cursor.id}` : `page ${q.page}`);
    const items = !q.cursor
      ? rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize)
      : q.cursor.direction === 'after'
        ? rows.filter((id) => id < q.cursor!.id).slice(0, q.pageSize)
        : rows.filter((id) => id > q.cursor!.id).slice(-q.pageSize);
    return { items, total: rows.length, page: q.page, pageSize: q.pageSize };
  };
  const at = (direction: 'after' | 'before', id: number, page: number) =>
    pageWithinRange(
      normaliseQuery({ page, pageSize: 10, cursor: { direction, trainingDate: '2026-03-01', id } }),
      fetch,
    );

  const next = await at('after', 14, 2);
  t.same({ page: next.page, items: next.items }, { page: 2, items: [13, 12, 11, 10, 9, 8, 7, 6, 5, 4] });
  const previous = await at('before', 3, 2);
  t.same({ page: previous.page, items: previous.items }, { page: 2, items: [13, 12, 11, 10, 9, 8, 7, 6, 5, 4] });
  asked.length = 0;
  const start = await at('before', 17, 2);
  t.same({ page: start.page, items: start.items }, { page: 1, items: rows.slice(0, 10) }, 'short of a page: page 1');
  t.same(asked, ['before 17', 'page 1']);
  asked.length = 0;
  const end = await at('after', 1, 4);
  t.same({ page: end.page, items: end.items }, { page: 3, items: [3, 2, 1] }, 'nothing after it: the last page');
  t.same(asked, ['after 1', 'page 4', 'page 3']);
});
