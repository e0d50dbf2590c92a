import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { connectDatabase } from '../../../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../../../src/adapters/db/migrator/migrations.ts';
import { loadConfig } from '../../../src/app/config.ts';
import type { JobLogger } from '../../../src/app/jobs/job-runner.ts';
import { startScheduler } from '../../../src/app/jobs/scheduler.ts';
import { GraphStandIn } from '../../helpers/graph-stand-in.ts';
import { envFor } from '../../helpers/env.ts';

// Workers read the configuration from the environment like the server does, so each test sets
// process.env (workers get a copy when they start) and restores it afterwards.
const savedEnv = { ...process.env };
t.afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

const dir = mkdtempSync(join(tmpdir(), 'tf-sched-'));
const settings = { dialect: 'sqlite' as const, path: join(dir, 'sched.db') };
const handle = connectDatabase(settings);
await migrateToLatest(handle.db);
const standIn = await new GraphStandIn().start();
t.teardown(async () => {
  await handle.close();
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

function recordingLog(): JobLogger & { lines: { level: string; obj: object; msg: string }[] } {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const runs = () => handle.db.selectFrom('job_runs').selectAll().orderBy('id').execute();
const configure = (extra: Record<string, string> = {}) => {
  const env = envFor(settings, dir, extra);
  Object.assign(process.env, env);
  return loadConfig(env, dir);
};

t.test('runNow runs a job in a worker thread (tsx inside the worker) and it is recorded', async (t) => {
  const log = recordingLog();
  const scheduler = await startScheduler(configure(), log);
  await scheduler.runNow('cleanup');
  await scheduler.stop();
  const [run] = (await runs()).filter((r) => r.job_name === 'cleanup');
  t.equal(run?.status, 'succeeded');
  t.equal(run?.triggered_by, 'schedule');
  t.match(log.lines, [{ level: 'info', msg: 'job scheduler started' }]);
  t.ok(log.lines.some((l) => l.msg === 'job worker finished' && (l.obj as { status?: string }).status === 'succeeded'));
});

t.test(
  'a failing job is recorded as failed; a worker that cannot start is logged; the scheduler carries on',
  async (t) => {
    const log = recordingLog();
    const scheduler = await startScheduler(configure(), log);
    await scheduler.runNow('sync-employees'); // no Azure settings
    const failed = (await runs()).filter((r) => r.job_name === 'sync-employees').at(-1);
    t.equal(failed?.status, 'failed');
    t.match(failed?.error, /AZURE_CLIENT_ID/);

    process.env.JOBS_TIMEZONE = 'Not/A_Zone'; // the worker's configuration fails to load
    await scheduler.runNow('cleanup');
    t.ok(
      log.lines.some((l) => l.level === 'error' && l.msg === 'job worker error'),
      'logged, not thrown',
    );
    process.env.JOBS_TIMEZONE = 'UTC';

    await scheduler.runNow('cleanup');
    t.equal(
      (await runs()).filter((r) => r.job_name === 'cleanup').at(-1)?.status,
      'succeeded',
      'later runs still work',
    );
    await scheduler.stop();
  },
);

t.test('the cron schedule starts jobs by itself', async (t) => {
  const before = (await runs()).length;
  const scheduler = await startScheduler(
    configure({ JOBS_SCHEDULE: '* * * * * *', JOBS_TIMEZONE: 'Europe/Berlin' }),
    recordingLog(),
    { jobNames: ['cleanup'] },
  );
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !(await runs()).slice(before).some((r) => r.status === 'succeeded'))
    await new Promise((r) => setTimeout(r, 200));
  await scheduler.stop();
  const fresh = (await runs()).slice(before);
  t.ok(
    fresh.some((r) => r.job_name === 'cleanup' && r.status === 'succeeded' && r.triggered_by === 'schedule'),
    'a scheduled run happened',
  );
  t.notOk(
    fresh.some((r) => r.status === 'running'),
    'nothing left running after stop',
  );
});

t.test('stopping cancels a running job cleanly: recorded as cancelled, nothing written', async (t) => {
  standIn.users = standIn.generate(3000);
  standIn.throttle.set(1, { times: 1, retryAfterSeconds: 2 });
  const scheduler = await startScheduler(configure(standIn.env()), recordingLog());
  const running = scheduler.runNow('sync-employees');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !standIn.requests.some((r) => r.path.includes('skiptoken=999')))
    await new Promise((r) => setTimeout(r, 50));
  await scheduler.stop(15_000);
  await running;
  const run = (await runs()).filter((r) => r.job_name === 'sync-employees').at(-1);
  t.equal(run?.status, 'cancelled');
  const employees = await handle.db.selectFrom('employees').select('id').execute();
  t.equal(employees.length, 0, 'a cancelled sync writes nothing');
});

t.test(
  'the server starts the scheduler when JOBS_ENABLED, survives a failing job, and stops cleanly on SIGTERM',
  async (t) => {
    const { spawn } = await import('node:child_process');
    const serverDir = mkdtempSync(join(tmpdir(), 'tf-sched-server-'));
    t.teardown(() => rmSync(serverDir, { recursive: true, force: true }));
    const db = { dialect: 'sqlite' as const, path: join(serverDir, 'server.db') };
    const env = {
      ...savedEnv,
      ...envFor(db, serverDir, {
        JOBS_ENABLED: 'true',
        JOBS_SCHEDULE: '*/2 * * * * *',
        LOG_LEVEL: 'info',
        LOG_PRETTY: 'false',
        PORT: '0',
        HOST: '127.0.0.1',
        MIGRATE_ON_START: 'true',
      }),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/server.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c));
    child.stderr.on('data', (c: Buffer) => (log += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const server = connectDatabase(db);
    t.teardown(() => server.close());
    const deadline = Date.now() + 45_000;
    const statuses = async () => {
      try {
        return await server.db.selectFrom('job_runs').select(['job_name', 'status']).execute();
      } catch {
        return [];
      }
    };
    while (Date.now() < deadline) {
      const rows = await statuses();
      const finished = new Set(rows.filter((r) => r.status !== 'running').map((r) => r.job_name));
      if (finished.size === 3) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const rows = await statuses();
    t.ok(
      rows.some((r) => r.job_name === 'cleanup' && r.status === 'succeeded'),
      'cleanup ran on schedule',
    );
    t.ok(
      rows.some((r) => r.job_name === 'backup' && r.status === 'succeeded'),
      'backup ran on schedule',
    );
    t.ok(
      rows.some((r) => r.job_name === 'sync-employees' && r.status === 'failed'),
      'sync failed (no Azure settings)',
    );
    const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    t.equal(health.status, 200, 'the server still serves after a failing job');
    child.kill('SIGTERM');
    t.equal(await exited, 0, 'clean exit');
    t.match(log, /job scheduler started/);
    t.notOk(
      (await statuses()).some((r) => r.status === 'running'),
      'no run left running',
    );
  },
);
