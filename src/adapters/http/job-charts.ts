/**
 * What the jobs page draws as inline SVG (server-rendered, no script): a strip of a job's last runs
 * and the backups' size over time. These build the numbers; the views (`admin-jobs.eta`) draw them,
 * escaped, each with its text alternative.
 */
import type { JobRun } from '../../domain/job-run.ts';
import { backupBytes, bytes, num, statusLabel, when } from './admin-format.ts';

/** The strip's geometry, in the drawing's own units (the SVG scales to its box). */
export const STRIP = { markWidth: 6, gap: 2, height: 18 } as const;

/**
 * One run as a mark of the strip: full height for a failure, shorter for a success, shortest
 * otherwise (so not by colour alone).
 */
export interface StripMark {
  readonly x: number;
  readonly y: number;
  readonly height: number;
  /** `good` succeeded, `bad` failed or interrupted, `other` running or cancelled. */
  readonly tone: 'good' | 'bad' | 'other';
  readonly status: string;
  /** The mark's `<title>`: date and outcome. */
  readonly title: string;
}

/** A job's last runs, oldest on the left, and the strip's accessible summary. */
export interface RunStrip {
  readonly width: number;
  readonly height: number;
  readonly marks: readonly StripMark[];
  /** `28 succeeded, 2 failed` (`no runs yet`). */
  readonly summary: string;
  /** How many runs of each outcome, in the summary's order. */
  readonly tally: Readonly<Record<string, number>>;
}

const TALLY_ORDER = ['succeeded', 'failed', 'interrupted', 'cancelled', 'running'] as const;

/** The strip for `runs` (newest first, as the repository lists them). */
export function runStrip(runs: readonly JobRun[]): RunStrip {
  const { markWidth, gap, height } = STRIP;
  const oldestFirst = [...runs].reverse();
  const marks = oldestFirst.map((r, i) => {
    const tone =
      r.status === 'succeeded' ? ('good' as const) : isFailure(r.status) ? ('bad' as const) : ('other' as const);
    const h = tone === 'bad' ? height : tone === 'good' ? Math.round((height * 2) / 3) : Math.round(height / 3);
    return {
      x: i * (markWidth + gap),
      y: height - h,
      height: h,
      tone,
      status: r.status,
      title: `${when(r.startedAt)}: ${statusLabel(r.status).toLowerCase()}`,
    };
  });
  const tally: Record<string, number> = {};
  for (const r of runs) tally[r.status] = (tally[r.status] ?? 0) + 1;
  const order = [...TALLY_ORDER, ...Object.keys(tally).filter((s) => !(TALLY_ORDER as readonly string[]).includes(s))];
  const summary = order
    .filter((s) => tally[s])
    .map((s) => `${num(tally[s] ?? 0)} ${s}`)
    .join(', ');
  return {
    width: Math.max(1, marks.length * (markWidth + gap) - gap),
    height,
    marks,
    summary: summary || 'no runs yet',
    tally,
  };
}

const isFailure = (status: string) => status === 'failed' || status === 'interrupted';

/** The size chart's geometry, in the drawing's own units. */
export const SIZE_CHART = { width: 480, height: 140, left: 8, right: 8, top: 20, bottom: 20 } as const;

/** One backup on the size chart. */
export interface SizePoint {
  readonly x: number;
  readonly y: number;
  readonly bytes: number;
  readonly runId: number;
  readonly startedAt: Date;
  /** `2026-11-24 03:00 UTC: 2.5 MB`. */
  readonly title: string;
}

/** Backup size over time: points oldest on the left, the line through them, the scale, and a summary. */
export interface SizeChart {
  readonly width: number;
  readonly height: number;
  readonly points: readonly SizePoint[];
  /** The SVG path through the points (`M x y L x y …`); empty for fewer than two. */
  readonly path: string;
  /** The largest size, written at the top of the scale. */
  readonly maxLabel: string;
  /** The y of the baseline (zero bytes). */
  readonly baseline: number;
  /** `Backup size over the last 30 successful backups: from 2.1 MB (…) to 2.5 MB (…), largest 2.6 MB.` */
  readonly summary: string;
}

/**
 * The chart for `backups` (successful backup runs, newest first): each run whose counts give a size
 * ({@link backupBytes}) is a point, x evenly spaced in run order, y proportional to the size from a
 * zero baseline. Null when no run has a size.
 */
export function backupSizeChart(backups: readonly JobRun[]): SizeChart | null {
  const { width, height, left, right, top, bottom } = SIZE_CHART;
  const sized = [...backups].reverse().flatMap((r) => {
    const size = backupBytes(r.counts);
    return size === null ? [] : [{ run: r, size }];
  });
  if (sized.length === 0) return null;
  const max = Math.max(...sized.map((s) => s.size));
  const plot = height - top - bottom;
  const baseline = top + plot;
  const step = sized.length > 1 ? (width - left - right) / (sized.length - 1) : 0;
  const points = sized.map(({ run, size }, i) => ({
    x: round(sized.length > 1 ? left + i * step : width / 2),
    y: round(max > 0 ? baseline - (size / max) * plot : baseline),
    bytes: size,
    runId: run.id,
    startedAt: run.startedAt,
    title: `${when(run.startedAt)}: ${bytes(size)}`,
  }));
  const path = points.length > 1 ? points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' ') : '';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const span =
    points.length > 1
      ? `from ${bytes(first.bytes)} (${when(first.startedAt)}) to ${bytes(last.bytes)} (${when(last.startedAt)}), largest ${bytes(max)}`
      : `${bytes(last.bytes)} (${when(last.startedAt)})`;
  return {
    width,
    height,
    points,
    path,
    maxLabel: bytes(max),
    baseline,
    summary: `Backup size over the last ${points.length === 1 ? 'successful backup' : `${num(points.length)} successful backups`}: ${span}.`,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
