import t from 'tap';
import type { Deployment, NewDeployment } from '../../../src/domain/deployment.ts';
import type { JobSchedule } from '../../../src/domain/ports/job-schedule.ts';
import { STALE_BACKUP_HOURS, SystemStatusService } from '../../../src/domain/system-status-service.ts';
import { InMemoryJobRuns } from '../../fakes/in-memory-job-runs.ts';
import { ManualClock } from '../../helpers/clock.ts';

const HOUR = 3_600_000;

function setup(enabled: boolean) {
  const runs = new InMemoryJobRuns();
  const clock = new ManualClock();
  const deploys: Deployment[] = [];
  const schedule: JobSchedule = {
    enabled,
    cron: '0 3 * * *',
    timezone: 'UTC',
    nextRun: (after) => new Date(after.getTime() + HOUR),
  };
  const service = new SystemStatusService({
    runs,
    clock,
    schedule,
    deployments: {
      record: async (d: NewDeployment) => void deploys.push({ ...d, id: deploys.length + 1 }),
      recent: async (n) => deploys.slice(-n).reverse(),
    },
  });
  const run = async (job: string, status: 'succeeded' | 'failed' | 'interrupted' | 'skipped', hoursAgo: number) => {
    const startedAt = new Date(clock.now().getTime() - hoursAgo * HOUR);
    const id = await runs.start({ jobName: job, trigger: 'schedule', instance: 'x', startedAt });
    await runs.finish(id, { status, finishedAt: startedAt, counts: null, error: status === 'failed' ? 'boom' : null });
  };
  return { service, clock, run };
}

t.test('a backup is stale only past STALE_BACKUP_HOURS, and only where backups are scheduled', async (t) => {
  t.equal(STALE_BACKUP_HOURS, 26);
  const { service, clock, run } = setup(true);
  t.same(await service.alerts(), [{ kind: 'backup-stale', lastGood: null, ageHours: null }], 'none yet: stale');
  await run('backup', 'succeeded', 0);
  t.same(await service.alerts(), []);
  clock.advance(STALE_BACKUP_HOURS * HOUR);
  t.same(await service.alerts(), [], 'exactly 26 hours: not yet');
  clock.advance(1);
  t.match(await service.alerts(), [{ kind: 'backup-stale', ageHours: 26 }]);
  const { service: manual, run: runManual } = setup(false);
  await runManual('backup', 'succeeded', 100);
  t.same(await manual.alerts(), [], 'jobs disabled: no banner');
  t.match((await manual.status()).backup, { stale: true, ageHours: 100 }, 'but the home says it is stale');
});

t.test('the last good backup is found behind newer failures; a failed or interrupted job is an alert', async (t) => {
  const { service, run } = setup(true);
  await run('backup', 'succeeded', 30);
  await run('backup', 'failed', 5);
  await run('cleanup', 'interrupted', 4);
  await run('cleanup', 'skipped', 1);
  await run('sync-employees', 'succeeded', 2);
  const alerts = await service.alerts();
  t.match(alerts, [
    { kind: 'job-failed', jobName: 'backup', run: { status: 'failed' } },
    { kind: 'job-failed', jobName: 'cleanup', run: { status: 'interrupted' } },
    { kind: 'backup-stale', ageHours: 30 },
  ]);
  const status = await service.status();
  t.match(status.backup, { ageHours: 30, stale: true, lastGood: { status: 'succeeded' } });
  t.equal(status.sync?.status, 'succeeded');
  t.same(
    status.jobs.map((j) => [j.jobName, j.latest?.status, j.nextRun?.toISOString()]),
    [
      ['backup', 'failed', '2026-11-24T09:00:00.000Z'],
      ['cleanup', 'interrupted', '2026-11-24T09:00:00.000Z'],
      ['sync-employees', 'succeeded', '2026-11-24T09:00:00.000Z'],
    ],
    'a newer skip does not hide the real last run',
  );
});
