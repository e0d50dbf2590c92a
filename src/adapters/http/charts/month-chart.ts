import type { MonthCount } from '../../../domain/training-months.ts';
import { barChart } from './bar-chart.ts';

const NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-03` → `March 2026`. */
export function monthName(month: string): string {
  const [year, m] = month.split('-');
  return `${NAMES[Number(m) - 1] ?? m} ${year}`;
}

const GROUPED = new Intl.NumberFormat('en-US');
/** `1,234`; below 1,000 without Intl (~1 µs a call, 48 calls a list page). */
const count = (n: number) => (n < 1000 ? String(n) : GROUPED.format(n));
const forms = (n: number) => `${count(n)} ${n === 1 ? 'form' : 'forms'}`;

/** The list's chart of forms per month, and what its table (the text alternative) shows. */
export interface MonthChart {
  readonly svg: string;
  readonly summary: string;
  readonly months: readonly {
    readonly month: string;
    readonly name: string;
    readonly forms: number;
    readonly shown: string;
  }[];
  readonly total: number;
}

/** Charts drawn lately, by their counts: the list asks for the same few (its counts are cached) on every request. */
const drawn = new Map<string, MonthChart | null>();
const DRAWN_KEPT = 200;

/**
 * {@link drawMonthChart}, remembered for the last {@link DRAWN_KEPT} sets of counts (drawing is
 * ~50 µs a list page, the key ~3 µs). The chart is read-only: one object serves every request.
 */
export function monthChart(counts: readonly MonthCount[]): MonthChart | null {
  const key = counts.map((c) => `${c.month}=${c.forms}`).join(',');
  const known = drawn.get(key);
  if (known !== undefined) return known;
  const chart = drawMonthChart(counts);
  if (drawn.size >= DRAWN_KEPT) drawn.delete(drawn.keys().next().value as string);
  drawn.set(key, chart);
  return chart;
}

/**
 * The forms-per-month bar chart: a bar per month titled "March 2026: 12 forms"; with more than a
 * year of months only each quarter's first month is labelled (`Jan 25`, `Apr`…), so the labels
 * stay readable on a phone. Null when there are no months.
 */
function drawMonthChart(counts: readonly MonthCount[]): MonthChart | null {
  const first = counts[0];
  const last = counts.at(-1);
  if (!first || !last) return null;
  const every = counts.length > 12 ? 3 : 1;
  const bars = counts.map((c, i) => {
    const m = Number(c.month.slice(5));
    const short = NAMES[m - 1]?.slice(0, 3) ?? c.month;
    const shown = every === 1 || (m - 1) % 3 === 0;
    const label = !shown ? '' : m === 1 || i === 0 ? `${short} ${c.month.slice(2, 4)}` : short;
    return { label, value: c.forms, title: `${monthName(c.month)}: ${forms(c.forms)}` };
  });
  const total = counts.reduce((sum, c) => sum + c.forms, 0);
  const busiest = counts.reduce((a, b) => (b.forms > a.forms ? b : a));
  const range = `${monthName(first.month)} to ${monthName(last.month)}`;
  const most = total > 0 ? `, most in ${monthName(busiest.month)} (${count(busiest.forms)})` : '';
  const summary = `Training forms per month, ${range}: ${forms(total)}${most}.`;
  return {
    svg: barChart(bars, summary),
    summary,
    months: counts.map((c) => ({
      month: c.month,
      name: monthName(c.month),
      forms: c.forms,
      shown: count(c.forms),
    })),
    total,
  };
}
