import later from '@breejs/later';
import type { JobSchedule } from '../../domain/ports/job-schedule.ts';
import type { Config } from '../config.ts';

// Bree reads cron expressions in the host's local time, then shifts them to the job's zone (below);
// it sets this when imported. Set here too, so the answer does not depend on what was imported first.
later.date.localTime();

/**
 * The jobs' schedule as the scheduler (`scheduler.ts`: Bree over @breejs/later) reads it: the same
 * cron parsing (5 fields, or 6 with seconds first) and the same shift from the host's local time to
 * `JOBS_TIMEZONE` that `later.setTimeout` applies, so the page's "next run" is the scheduler's.
 */
export function jobSchedule(jobs: Config['jobs']): JobSchedule {
  const hasSeconds = jobs.schedule.trim().split(/\s+/).length === 6;
  const schedule = later.schedule(later.parse.cron(jobs.schedule, hasSeconds));
  return {
    enabled: jobs.enabled,
    cron: jobs.schedule,
    timezone: jobs.timezone,
    nextRun(after) {
      if (!jobs.enabled) return null;
      return nextInZone(schedule, after, jobs.timezone);
    },
  };
}

/** `later.setTimeout`'s computation of the next occurrence after `after`, in `timezone`. */
function nextInZone(schedule: later.Schedule, after: Date, timezone: string): Date | null {
  // The first whole second after `after` (@breejs/later counts in whole seconds and answers its
  // start itself when that is an occurrence): an occurrence at `after` is the one running now.
  const from = new Date(Math.ceil((after.getTime() + 1) / 1000) * 1000);
  const first = (found: Date[] | Date | 0): Date | null => {
    const d = Array.isArray(found) ? found[0] : found;
    return d instanceof Date ? d : null;
  };
  if (['local', 'system'].includes(timezone)) return first(schedule.next(1, from));
  const localOffset = from.getTimezoneOffset() * 60_000;
  const zoneOffset = offsetOf(from, timezone);
  if (zoneOffset === localOffset) return first(schedule.next(1, from));
  const next = first(schedule.next(1, new Date(from.getTime() + localOffset - zoneOffset)));
  return next === null ? null : new Date(next.getTime() + zoneOffset - localOffset);
}

/** Milliseconds `timezone` is behind UTC at `date` (as `Date#getTimezoneOffset`, in ms): @breejs/later's getOffset. */
function offsetOf(date: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((date.getTime() - asUtc) / 1000) * 1000;
}
