import { spawn } from 'node:child_process';
import t, { type Test } from 'tap';
import { runJob, type JobDefinition } from '../../../src/app/jobs/job-runner.ts';
import { JobStatusService } from '../../../src/domain/job-status-service.ts';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { ManualClock } from '../../helpers/clock.ts';
import { composeFor, silentLog } from './job-test-env.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/** What the behaviours below share on one dialect (made once per dialect, in this order). */
async function fixtureFor(t: Test, ctx: DialectContext) {
  const clock = new ManualClock(new Date('2026-11-24T03:00:00.000Z'));
  const a = await composeFor(ctx.settings, { clock });
  // A second instance: its own composition, its own connections to the same database.
  const b = await composeFor(ctx.settings, { clock });
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const depsOf = (x: typeof a, instance: string) => ({
    runs: x.c.jobRuns,
    lock: x.c.jobLock,
    clock,
    log: silentLog,
    instance,
    sharedLockWaitMs: 300,
  });
  return { ctx, clock, a, b, depsOf };
}
type Fixture = Awaited<ReturnType<typeof fixtureFor>>;

/** One behaviour per entry, run in this order on one fixture per dialect. */
const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>, ((fx: Fixture) => boolean)?])[] =
  [
    [
      'a successful run is recorded with its counts, start and end',
      async (t, { clock, a, depsOf }) => {
        const job: JobDefinition = {
          name: 'backup',
          run: async () => {
            clock.advance(1500);
            return { counts: { filesCopied: 3, bytesCopied: 42 } };
          },
        };
        const outcome = await runJob(job, depsOf(a, 'instance-a'), { trigger: 'manual' });
        t.equal(outcome.status, 'succeeded');
        t.same(outcome.run?.counts, { filesCopied: 3, bytesCopied: 42 });
        t.equal(outcome.run?.trigger, 'manual');
        t.equal(outcome.run?.instance, 'instance-a');
        t.equal(outcome.run?.error, null);
        t.equal((outcome.run?.finishedAt?.getTime() ?? 0) - (outcome.run?.startedAt.getTime() ?? 0), 1500);
      },
    ],
    [
      'a job that throws is recorded as failed; the runner does not throw',
      async (t, { a, depsOf }) => {
        const job: JobDefinition = {
          name: 'cleanup',
          run: async () => {
            throw Object.assign(new Error('disk full', { cause: new Error('ENOSPC: no space left on device') }), {
              code: 'ENOSPC',
            });
          },
        };
        const outcome = await runJob(job, depsOf(a, 'instance-a'), { trigger: 'schedule' });
        t.equal(outcome.status, 'failed');
        t.equal(outcome.run?.status, 'failed');
        t.match(outcome.run?.error, /^ENOSPC: disk full \(cause: ENOSPC: no space left on device\)$/);
        t.equal(outcome.run?.counts, null);
        t.equal(outcome.run?.trigger, 'schedule');
      },
    ],
    [
      'the lock stops a second concurrent run of the same job on another instance',
      async (t, { a, b, depsOf }) => {
        const entered = deferred();
        const release = deferred();
        let runs = 0;
        const slow: JobDefinition = {
          name: 'sync-employees',
          run: async () => {
            runs += 1;
            entered.resolve();
            await release.promise;
            return { counts: { added: 1 } };
          },
        };
        const first = runJob(slow, depsOf(a, 'instance-a'), { trigger: 'schedule' });
        await entered.promise;
        const second = await runJob(slow, depsOf(b, 'instance-b'), { trigger: 'schedule' });
        t.equal(second.status, 'skipped', 'the second instance does not run it');
        t.equal(second.run?.status, 'skipped');
        t.match(second.run?.error, /holds the lock/);
        const sameInstance = await runJob(slow, depsOf(a, 'instance-a'), { trigger: 'manual' });
        t.equal(sameInstance.status, 'skipped', 'nor does a second run on the same instance');
        release.resolve();
        t.equal((await first).status, 'succeeded');
        t.equal(runs, 1, 'the work ran once');
        const again = await runJob(slow, depsOf(b, 'instance-b'), { trigger: 'manual' });
        t.equal(again.status, 'succeeded', 'after release the other instance can run it');
        t.equal(runs, 2);
      },
    ],
    [
      'another process (npm run job) is refused while this one holds the lock',
      async (t, { a, depsOf }) => {
        const entered = deferred();
        const release = deferred();
        const holder: JobDefinition = {
          name: 'cleanup',
          run: async () => {
            entered.resolve();
            await release.promise;
            return { counts: {} };
          },
        };
        const first = runJob(holder, depsOf(a, 'instance-a'), { trigger: 'schedule' });
        await entered.promise;
        const child = spawn(process.execPath, ['--import', 'tsx', 'ops/job.ts', 'cleanup'], {
          env: { ...process.env, ...a.env, LOG_LEVEL: 'silent' },
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c));
        child.stderr.on('data', (c: Buffer) => (out += c));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        release.resolve();
        await first;
        t.equal(code, 3, 'exit 3: skipped');
        t.match(out, /cleanup: skipped/);
        t.match(out, /holds the lock/);
      },
    ],
    [
      'SQLite: a lease left by a dead holder expires; a live one blocks',
      async (t, { a, depsOf }) => {
        const lease = (expiresInMs: number) => ({
          name: 'job:backup',
          holder: 'dead-host:1:0000',
          acquired_at: '2026-01-01 00:00:00.000',
          expires_at: new Date(Date.now() + expiresInMs).toISOString().replace('T', ' ').replace('Z', ''),
        });
        const job: JobDefinition = { name: 'backup', run: async () => ({ counts: {} }) };
        await a.c.database.db.insertInto('job_locks').values(lease(60_000)).execute();
        t.equal(
          (await runJob(job, depsOf(a, 'instance-a'), { trigger: 'schedule' })).status,
          'skipped',
          'a live lease blocks',
        );
        await a.c.database.db
          .updateTable('job_locks')
          .set({ expires_at: lease(-1000).expires_at })
          .execute();
        t.equal(
          (await runJob(job, depsOf(a, 'instance-a'), { trigger: 'schedule' })).status,
          'succeeded',
          'an expired lease is taken over',
        );
        t.same(await a.c.database.db.selectFrom('job_locks').selectAll().execute(), [], 'released after the run');
      },
      ({ ctx }) => ctx.settings.dialect === 'sqlite',
    ],
    [
      'a different job is not blocked, but a shared lock makes it wait, then time out',
      async (t, { a, b, depsOf }) => {
        const entered = deferred();
        const release = deferred();
        const holder: JobDefinition = {
          name: 'backup',
          sharedLocks: ['files'],
          run: async () => {
            entered.resolve();
            await release.promise;
            return { counts: {} };
          },
        };
        const other: JobDefinition = { name: 'sync-employees', run: async () => ({ counts: { ok: 1 } }) };
        const sharing: JobDefinition = {
          name: 'cleanup',
          sharedLocks: ['files'],
          run: async () => ({ counts: { ok: 1 } }),
        };
        const first = runJob(holder, depsOf(a, 'instance-a'), { trigger: 'schedule' });
        await entered.promise;
        t.equal((await runJob(other, depsOf(b, 'instance-b'), { trigger: 'schedule' })).status, 'succeeded');
        const waited = await runJob(sharing, depsOf(b, 'instance-b'), { trigger: 'schedule' });
        t.equal(waited.status, 'failed');
        t.match(waited.error, /Timed out waiting for the shared "files" lock/);
        release.resolve();
        await first;
        t.equal((await runJob(sharing, depsOf(b, 'instance-b'), { trigger: 'schedule' })).status, 'succeeded');
      },
    ],
    [
      'a cancelled run is recorded as cancelled',
      async (t, { a, depsOf }) => {
        const controller = new AbortController();
        const job: JobDefinition = {
          name: 'cleanup',
          run: async (ctx) => {
            controller.abort();
            ctx.signal.throwIfAborted();
            return { counts: {} };
          },
        };
        const outcome = await runJob(job, depsOf(a, 'instance-a'), { trigger: 'schedule', signal: controller.signal });
        t.equal(outcome.status, 'cancelled');
        t.equal(outcome.run?.status, 'cancelled');
      },
    ],
    [
      'a run left "running" by a dead process is marked interrupted by the next run',
      async (t, { clock, a, b, depsOf }) => {
        const orphanId = await a.c.jobRuns.start({
          jobName: 'backup',
          trigger: 'schedule',
          instance: 'dead',
          startedAt: clock.now(),
        });
        const outcome = await runJob({ name: 'backup', run: async () => ({ counts: {} }) }, depsOf(b, 'instance-b'), {
          trigger: 'manual',
        });
        t.equal(outcome.status, 'succeeded');
        const orphan = (await a.c.jobRuns.recent(50, 'backup')).find((r) => r.id === orphanId);
        t.equal(orphan?.status, 'interrupted');
        t.ok(orphan?.finishedAt);
      },
    ],
    [
      'a database that is down gives a failed outcome, not an exception',
      async (t, { a, depsOf }) => {
        const broken = {
          ...depsOf(a, 'x'),
          lock: { withLock: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:3306')) },
        };
        const outcome = await runJob({ name: 'backup', run: async () => ({ counts: {} }) }, broken, {
          trigger: 'schedule',
        });
        t.equal(outcome.status, 'failed');
        t.equal(outcome.run, null);
        t.match(outcome.error, /ECONNREFUSED/);
      },
    ],
    [
      'the job status service gives the last run of every job and the recent runs',
      async (t, { clock, a }) => {
        const overview = await new JobStatusService(a.c.jobRuns).overview(5);
        t.same(
          overview.jobs.map((j) => [j.jobName, j.latest?.status]),
          [
            ['backup', 'succeeded'],
            ['cleanup', 'cancelled'],
            ['sync-employees', 'succeeded'],
          ],
        );
        t.equal(overview.recent.length, 5);
        t.ok(
          overview.recent.every((r, i, all) => i === 0 || (all[i - 1]?.id ?? 0) > r.id),
          'newest first',
        );
        const skippedLast = await a.c.jobRuns.start({
          jobName: 'sync-employees',
          trigger: 'schedule',
          instance: 'x',
          startedAt: clock.now(),
        });
        await a.c.jobRuns.finish(skippedLast, {
          status: 'skipped',
          finishedAt: clock.now(),
          counts: null,
          error: 'held',
        });
        const again = await new JobStatusService(a.c.jobRuns).overview(5);
        t.equal(again.jobs[2]?.latest?.status, 'succeeded', 'a newer skipped run does not hide the last real result');
        t.equal(again.recent[0]?.status, 'skipped', 'but it is in the recent list');
        const history = await new JobStatusService(a.c.jobRuns).history('sync-employees');
        t.same([...new Set(history.map((r) => r.jobName))], ['sync-employees']);
        t.ok(history.some((r) => r.status === 'skipped'));
        const empty = await new JobStatusService({
          ...a.c.jobRuns,
          latestPerJob: async () => [],
          recent: async () => [],
        }).overview();
        t.same(
          empty.jobs.map((j) => j.latest),
          [null, null, null],
          'a job that never ran has no latest run',
        );
      },
    ],
  ];

await forEachDialect(t, async (t, _handle, ctx) => {
  const fx = await fixtureFor(t, ctx);
  for (const [name, behaviour, when] of BEHAVIOURS) if (!when || when(fx)) await t.test(name, (t) => behaviour(t, fx));
});
