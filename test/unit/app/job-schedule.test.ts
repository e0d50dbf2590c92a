import t from 'tap';
import { loadConfig } from '../../../src/app/config.ts';
import { jobSchedule } from '../../../src/app/jobs/job-schedule.ts';

// The admin pages' "next run" is the scheduler's: the same cron reading and time-zone shift.

const jobs = (env: Record<string, string>) =>
  loadConfig({ APP_ENV: 'test', JOBS_ENABLED: 'true', ...env }, process.cwd()).jobs;
const at = new Date('2026-11-24T08:00:00.000Z');
const next = (env: Record<string, string>, after = at) => jobSchedule(jobs(env)).nextRun(after)?.toISOString();

t.test('the next start of the default nightly schedule, in the configured zone', async (t) => {
  t.equal(next({}), '2026-11-25T03:00:00.000Z', '03:00 UTC by default');
  t.equal(next({ JOBS_TIMEZONE: 'Europe/Berlin' }), '2026-11-25T02:00:00.000Z', '03:00 in Berlin (winter, UTC+1)');
  t.equal(next({ JOBS_TIMEZONE: 'America/New_York' }), '2026-11-25T08:00:00.000Z', '03:00 in New York (UTC-5)');
  t.equal(
    next({ JOBS_TIMEZONE: 'Europe/Berlin' }, new Date('2026-07-01T12:00:00Z')),
    '2026-07-02T01:00:00.000Z',
    'summer time (UTC+2)',
  );
  t.equal(next({ JOBS_SCHEDULE: '30 2 * * 1' }), '2026-11-30T02:30:00.000Z', 'Mondays at 02:30');
  t.equal(next({ JOBS_SCHEDULE: '*/5 * * * * *' }), '2026-11-24T08:00:05.000Z', 'six fields: seconds first');
});

t.test('a start at this very moment is the one running now: the next is the one after', async (t) => {
  t.equal(next({}, new Date('2026-11-24T03:00:00.000Z')), '2026-11-25T03:00:00.000Z');
  t.equal(next({}, new Date('2026-11-24T02:59:59.500Z')), '2026-11-24T03:00:00.000Z');
});

t.test('not scheduled where the jobs are disabled', async (t) => {
  const schedule = jobSchedule(jobs({ JOBS_ENABLED: 'false' }));
  t.equal(schedule.enabled, false);
  t.equal(schedule.nextRun(at), null);
  t.equal(schedule.cron, '0 3 * * *');
});
