import t from 'tap';
import { normaliseQuery } from '../../../src/domain/list-query.ts';
import {
  CHART_MONTHS,
  chartMonths,
  fillMonths,
  onlyDates,
  wholeMonths,
  withinMonths,
} from '../../../src/domain/training-months.ts';

// The list chart's window of months (src/domain/training-months.ts).

t.test('24 months up to the To date or today, across year ends, none before the From date', async (t) => {
  const months = chartMonths({}, '2026-01-15');
  t.equal(months.length, CHART_MONTHS);
  t.same([months[0], months.at(-2), months.at(-1)], ['2024-02', '2025-12', '2026-01']);
  t.same(chartMonths({ dateTo: '2025-03-01' }, '2026-11-24').at(-1), '2025-03');
  t.same(chartMonths({ dateFrom: '2025-11-30', dateTo: '2026-02-01' }, '2026-11-24'), [
    '2025-11',
    '2025-12',
    '2026-01',
    '2026-02',
  ]);
  t.same(chartMonths({ dateFrom: '2026-03-01', dateTo: '2026-02-28' }, '2026-11-24'), [], 'a reversed range');
});

t.test(
  'the query narrowed to real dates: the last day of the last month, the filter kept where narrower',
  async (t) => {
    const q = normaliseQuery({ trainer: 'x' });
    t.same(pick(withinMonths(q, ['2023-03', '2024-02'])), ['2023-03-01', '2024-02-29'], 'a leap February');
    t.same(pick(withinMonths(q, ['2025-12'])), ['2025-12-01', '2025-12-31']);
    t.same(pick(withinMonths(q, ['2026-02'])), ['2026-02-01', '2026-02-28']);
    t.same(pick(withinMonths({ ...q, dateFrom: '2026-02-10', dateTo: '2026-02-20' }, ['2026-02'])), [
      '2026-02-10',
      '2026-02-20',
    ]);
    t.equal(withinMonths(q, ['2026-02']).trainer, 'x');
  },
);

t.test('every month once, in order, zero where none', async (t) => {
  t.same(
    fillMonths(
      ['2026-01', '2026-02', '2026-03'],
      [
        { month: '2026-03', forms: 4 },
        { month: '2025-12', forms: 9 },
      ],
    ),
    [
      { month: '2026-01', forms: 0 },
      { month: '2026-02', forms: 0 },
      { month: '2026-03', forms: 4 },
    ],
  );
});

t.test('whole months: From the 1st and To the last day of its month (leap years included)', async (t) => {
  t.same(wholeMonths({ dateFrom: '2026-01-01', dateTo: '2026-03-31' }), { first: '2026-01', last: '2026-03' });
  t.same(wholeMonths({ dateFrom: '2024-02-01', dateTo: '2024-02-29' }), { first: '2024-02', last: '2024-02' });
  t.equal(wholeMonths({ dateFrom: '2023-02-01', dateTo: '2023-02-29' }), null, 'no 29 February in 2023');
  t.equal(wholeMonths({ dateFrom: '2026-01-02', dateTo: '2026-03-31' }), null, 'From not the 1st');
  t.equal(wholeMonths({ dateFrom: '2026-01-01', dateTo: '2026-03-30' }), null, 'To not the last day');
  t.equal(wholeMonths({ dateFrom: '2026-01-01' }), null, 'an open end');
  t.same(
    wholeMonths(withinMonths(normaliseQuery({}), chartMonths({}, '2026-11-24'))),
    { first: '2024-12', last: '2026-11' },
    "the chart's own window without date filters",
  );
});

t.test('only dates: nothing but the training date narrows the query', async (t) => {
  t.ok(onlyDates(normaliseQuery({ dateFrom: '2026-01-01', page: 3, sort: 'title' })));
  for (const narrowed of [
    { text: 'gmp' },
    { trainingType: 'External' },
    { trainer: 'Ada' },
    { traineeId: 4 },
    { traineeName: 'Weber' },
    { referenceDocument: 'SOP-1' },
    { referenceRevision: 'b' },
    { ids: [] },
  ])
    t.notOk(onlyDates(normaliseQuery(narrowed)), JSON.stringify(narrowed));
});

function pick(q: { dateFrom?: string; dateTo?: string }) {
  return [q.dateFrom, q.dateTo];
}
