import type { TrainingFormQuery } from './list-query.ts';

/** How many forms have a training date in one month. */
export interface MonthCount {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly forms: number;
}

/** The list's chart covers at most this many months. */
export const CHART_MONTHS = 24;

/**
 * A narrowed list's chart (a search, or any filter but the dates) is drawn from its matches in the
 * chart's months only when they are at most this many: counting them per month then reads at most
 * this many rows, whatever the query matches. Beyond it the page says the chart is not drawn.
 * The same as the list's count cap (`COUNT_CAP`), so "10,000+ forms" and "no chart" go together.
 */
export const CHART_MATCH_CAP = 10_000;

/**
 * True when nothing but the training date narrows the query (no text, type, trainer, trainee,
 * reference, revision or selection): its forms per month are those of every active form, which
 * repositories keep per month, so the chart is drawn whatever the number of forms.
 */
export function onlyDates(q: TrainingFormQuery): boolean {
  return (
    q.text === undefined &&
    q.trainingType === undefined &&
    q.trainer === undefined &&
    q.traineeId === undefined &&
    q.traineeName === undefined &&
    q.referenceDocument === undefined &&
    q.referenceRevision === undefined &&
    q.ids === undefined
  );
}

/**
 * The months `YYYY-MM` from the query's From month to its To month when both bounds are whole
 * months (From the 1st, To the month's last day), else null: such a range is a run of whole
 * months of the per-month counts.
 */
export function wholeMonths(q: Pick<TrainingFormQuery, 'dateFrom' | 'dateTo'>): { first: string; last: string } | null {
  if (!q.dateFrom || !q.dateTo || !q.dateFrom.endsWith('-01')) return null;
  const last = q.dateTo.slice(0, 7);
  return q.dateTo === lastDayOf(last) ? { first: q.dateFrom.slice(0, 7), last } : null;
}

/** `YYYY-MM-DD` of the last day of `month` (`YYYY-MM`). */
function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/**
 * The months the list's chart shows for a query, oldest first: the {@link CHART_MONTHS} months
 * ending with the To date's month (without one, `today`'s), none before the From date's month.
 * Empty when the range is reversed (it matches nothing).
 */
export function chartMonths(query: Pick<TrainingFormQuery, 'dateFrom' | 'dateTo'>, today: string): string[] {
  const last = (query.dateTo ?? today).slice(0, 7);
  const first = query.dateFrom?.slice(0, 7);
  const months: string[] = [];
  let [year, month] = last.split('-').map(Number) as [number, number];
  while (months.length < CHART_MONTHS) {
    const label = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (first !== undefined && label < first) break;
    months.unshift(label);
    [year, month] = month === 1 ? [year - 1, 12] : [year, month - 1];
  }
  return months;
}

/**
 * The query narrowed to the dates of `months` (not empty; its own bounds kept where they are
 * narrower), so a repository counts only what the chart shows.
 */
export function withinMonths(query: TrainingFormQuery, months: readonly string[]): TrainingFormQuery {
  const from = `${months[0]}-01`;
  const to = lastDayOf(months[months.length - 1] ?? '');
  return {
    ...query,
    dateFrom: query.dateFrom && query.dateFrom > from ? query.dateFrom : from,
    dateTo: query.dateTo && query.dateTo < to ? query.dateTo : to,
  };
}

/** One count per month of `months`, in their order; a month without forms counts 0. */
export function fillMonths(months: readonly string[], counts: readonly MonthCount[]): MonthCount[] {
  const found = new Map(counts.map((c) => [c.month, c.forms]));
  return months.map((month) => ({ month, forms: found.get(month) ?? 0 }));
}
