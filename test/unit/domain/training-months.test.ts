import t from 'tap';
import { normaliseQuery } from '../../../src/domain/list-query.ts';
import { CHART_MONTHS, chartMonths, fillMonths, withinMonths } from '../../../src/domain/training-months.ts';

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

function pick(q: { dateFrom?: string; dateTo?: string }) {
  return [q.dateFrom, q.dateTo];
}
