import type { ProgressListener, ProgressReport } from '../../src/app/composition/operator-kit.ts';

/** Where progress is written: stderr, so stdout keeps only the results (scripts read those). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** A terminal's width: a longer line would wrap, and `\r` would redraw only its last row. */
  readonly columns?: number;
}

export interface ProgressSettings {
  readonly stream: ProgressStream;
  /** `--quiet`: no progress at all (errors and the final result are printed by the command as ever). */
  readonly quiet: boolean;
  /** Milliseconds on a monotonic clock (default `performance.now`); tests pass their own. */
  readonly now?: () => number;
}

/** On a terminal, the line is redrawn at most this often. */
const TTY_EVERY_MS = 100;
/** Elsewhere (a CI log, a pipe), a plain line at most this often. */
const PLAIN_EVERY_MS = 10_000;

/** Renders a command's progress; {@link finish} ends the current stage with its summary. */
export interface ProgressRenderer {
  readonly report: ProgressListener;
  finish(): void;
}

interface Stage {
  readonly report: ProgressReport;
  readonly startedAt: number;
  shownAt: number;
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function amount(value: number, unit: string): string {
  if (unit !== 'bytes') return `${NUMBER.format(value)} ${unit}`;
  let v = value;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) [v, i] = [v / 1024, i + 1];
  return `${i === 0 ? v : v.toFixed(1)} ${UNITS[i]}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** `forms: 12,000 / 50,000 rows (24%), 4,000 rows/s, 10 s left` (rate and time left once they can be known). */
function describe(stage: Stage, now: number): string {
  const { stage: name, done, total, unit } = stage.report;
  const parts = [
    total === undefined
      ? `${name}: ${amount(done, unit)}`
      : `${name}: ${unit === 'bytes' ? amount(done, unit) : NUMBER.format(done)} / ${amount(total, unit)}` +
        (total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : ''),
  ];
  const elapsed = now - stage.startedAt;
  const rate = elapsed > 0 ? (done * 1000) / elapsed : 0;
  if (rate > 0) parts.push(`${amount(rate, unit)}/s`);
  if (rate > 0 && total !== undefined && done < total)
    parts.push(`${duration(Math.ceil((total - done) / rate) * 1000)} left`);
  return parts.join(', ');
}

/** `forms: 50,000 rows in 12.5 s, 4,000 rows/s`. */
function summary(stage: Stage, now: number): string {
  const { stage: name, done, unit } = stage.report;
  const elapsed = now - stage.startedAt;
  const rate = elapsed > 0 ? `, ${amount((done * 1000) / elapsed, unit)}/s` : '';
  return `${name}: ${amount(done, unit)} in ${(elapsed / 1000).toFixed(1)} s${rate}`;
}

/**
 * The one progress renderer of the operator commands. On a terminal (`stream.isTTY`): one line per
 * stage, rewritten in place with `\r` (count, total, rate, time left), at most ten times a second,
 * ended with its summary and a newline. Anywhere else: a plain line at most every 10 s and the
 * summary, never a `\r` or an escape sequence, so CI logs stay readable. `quiet`: nothing.
 */
export function progressRenderer(settings: ProgressSettings): ProgressRenderer {
  const now = settings.now ?? (() => performance.now());
  const tty = settings.stream.isTTY === true;
  const every = tty ? TTY_EVERY_MS : PLAIN_EVERY_MS;
  let current: Stage | null = null;
  let width = 0;
  const draw = (line: string, end = '') => {
    const columns = settings.stream.columns;
    const text = columns && line.length >= columns ? line.slice(0, columns - 1) : line;
    settings.stream.write(`\r${text.padEnd(width)}${end}`);
    width = end ? 0 : text.length;
  };
  const finish = () => {
    if (!current) return;
    const text = summary(current, now());
    if (tty) draw(text, '\n');
    else settings.stream.write(`${text}\n`);
    current = null;
  };
  const report: ProgressListener = (r) => {
    const at = now();
    if (current?.report.stage !== r.stage) {
      finish();
      current = { report: r, startedAt: at, shownAt: tty ? -Infinity : at };
    } else current = { ...current, report: r };
    if (at - current.shownAt < every) return;
    current.shownAt = at;
    if (tty) draw(describe(current, at));
    else settings.stream.write(`${describe(current, at)}\n`);
  };
  return settings.quiet ? { report: () => undefined, finish: () => undefined } : { report, finish };
}
