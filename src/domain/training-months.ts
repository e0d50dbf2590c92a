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
  const last = months[months.length - 1] ?? '';
  const [year, month] = last.split('-').map(Number) as [number, number];
  const to = `${last}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
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
