import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { connectDatabase } from '../../../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../../../src/adapters/db/migrator/migrations.ts';
import { maintenanceJobs } from '../../../src/app/composition/jobs.ts';
import { runNamedJob } from '../../../src/app/jobs/job-definitions.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { GraphStandIn } from '../../helpers/graph-stand-in.ts';
import { ManualClock } from '../../helpers/clock.ts';
import { envFor } from '../../helpers/env.ts';
import { composeFor, silentLog } from './job-test-env.ts';
import type { ProgressListener, ProgressReport } from '../../../src/domain/ports/progress-listener.ts';

const standIn = await new GraphStandIn().start();
t.teardown(() => standIn.stop());

await forEachDialect(t, async (t, handle, ctx) => {
  const clock = new ManualClock(new Date('2026-11-24T03:00:00.000Z'));
  const env = composeFor(ctx.settings, { clock, env: standIn.env() });
  const { c, close } = await env;
  t.teardown(close);
  const rows = () => handle.db.selectFrom('employees').selectAll().orderBy('directory_id').execute();
  const sync = (options: { dryRun?: boolean; onProgress?: ProgressListener } = {}) =>
    runNamedJob(maintenanceJobs(c), 'sync-employees', { trigger: 'manual', log: silentLog, ...options });
  standIn.failFromPage = null;
  standIn.throttle.clear();

  await t.test(
    'the first sync adds everyone, reading every page of 999 with the real msal-node and Graph client',
    async (t) => {
      standIn.users = standIn.generate(2500);
      standIn.users[7]!.accountEnabled = false;
      standIn.requests.length = 0;
      const reports: ProgressReport[] = [];
      const outcome = await sync({ onProgress: (r) => reports.push(r) });
      t.equal(outcome.status, 'succeeded', outcome.error ?? '');
      t.same(outcome.run?.counts, { listed: 2500, added: 2500, updated: 0, deactivated: 0, unchanged: 0, dryRun: 0 });
      const users = standIn.requests.filter((r) => r.path.startsWith('/v1.0/users'));
      t.equal(users.length, 3, 'three pages');
      t.same(
        reports.map((r) => `${r.stage} ${r.done}/${r.total ?? '?'}`),
        [
          'directory 999/?',
          'directory 1998/?',
          'directory 2500/?',
          'employees 0/2500',
          'employees 1000/2500',
          'employees 2000/2500',
          'employees 2500/2500',
        ],
        'progress: the people read page by page, then written batch by batch',
      );
      t.match(users[0]?.path, /\$select=id,displayName,mail,userPrincipalName,department,jobTitle,accountEnabled/);
      t.match(users[0]?.path, /\$top=999/);
      t.ok(
        users.every((r) => r.authorization?.startsWith('Bearer stand-in-token-')),
        'every Graph call carries the token',
      );
      t.ok(
        standIn.requests.some((r) => r.method === 'POST' && r.path.includes('/oauth2/v2.0/token')),
        'token from the stand-in',
      );
      const all = await rows();
      t.equal(all.length, 2500);
      t.equal(all.filter((r) => Number(r.active) === 0).length, 1, 'a disabled account is stored inactive');
      t.match(all[1], {
        directory_id: 'u-000002',
        display_name: 'Person 2',
        email: 'person2@example.test',
        department: 'R&D',
        job_title: 'Operator',
      });
    },
  );

  await t.test('a second sync of the same directory changes nothing', async (t) => {
    const before = await rows();
    clock.advance(86_400_000);
    const outcome = await sync();
    t.same(outcome.run?.counts, { listed: 2500, added: 0, updated: 0, deactivated: 0, unchanged: 2500, dryRun: 0 });
    t.same(await rows(), before, 'every row exactly as it was');
  });

  await t.test('429 and 503 answers with Retry-After are waited out', async (t) => {
    standIn.throttle.set(1, { times: 1, retryAfterSeconds: 1 });
    standIn.throttle.set(2, { times: 1, retryAfterSeconds: 1, status: 503 });
    standIn.requests.length = 0;
    const outcome = await sync();
    t.equal(outcome.status, 'succeeded', outcome.error ?? '');
    t.equal(standIn.requests.filter((r) => r.path.startsWith('/v1.0/users')).length, 5, '3 pages + 2 retries');
  });

  await t.test('changes in the directory: added, updated, deactivated, reactivated, unchanged', async (t) => {
    standIn.users = standIn.users.filter((u) => u.id !== 'u-000010' && u.id !== 'u-000011');
    standIn.users[0]!.displayName = 'Person One Renamed';
    standIn.users[1]!.accountEnabled = false;
    standIn.users[7]!.accountEnabled = true; // u-000008, disabled before
    standIn.users.push(...standIn.generate(3, 9001));
    clock.advance(86_400_000);
    const dry = await sync({ dryRun: true });
    t.same(dry.run?.counts, { listed: 2501, added: 3, updated: 3, deactivated: 2, unchanged: 2495, dryRun: 1 });
    t.equal((await rows()).length, 2500, 'a dry run writes nothing');
    const outcome = await sync();
    t.same(outcome.run?.counts, { listed: 2501, added: 3, updated: 3, deactivated: 2, unchanged: 2495, dryRun: 0 });
    const byId = new Map((await rows()).map((r) => [r.directory_id, r]));
    t.equal(byId.size, 2503, 'nobody deleted');
    t.equal(byId.get('u-000001')?.display_name, 'Person One Renamed');
    t.equal(Number(byId.get('u-000002')?.active), 0);
    t.equal(Number(byId.get('u-000008')?.active), 1);
    t.equal(Number(byId.get('u-000010')?.active), 0);
    t.equal(byId.get('u-000010')?.last_synced_at, clock.now().toISOString().replace('T', ' ').replace('Z', ''));
    t.ok(byId.has('u-009003'));
  });

  await t.test('a listing that fails half-way changes nothing', async (t) => {
    const before = await rows();
    standIn.users = standIn.users.slice(0, 1500); // would deactivate 1000 if it were believed
    standIn.failFromPage = 1;
    const outcome = await sync();
    t.equal(outcome.status, 'failed');
    t.match(outcome.run?.error, /stand-in failure|500|InternalServerError/i);
    t.same(await rows(), before, 'every row as it was');
    standIn.failFromPage = null;
  });

  await t.test('throttling beyond the retries fails the run and changes nothing', async (t) => {
    const before = await rows();
    standIn.throttle.set(1, { times: 20, retryAfterSeconds: 0 });
    const outcome = await sync();
    t.equal(outcome.status, 'failed');
    t.same(await rows(), before);
    standIn.throttle.clear();
  });

  await t.test('an empty listing is refused rather than deactivating everyone', async (t) => {
    const saved = standIn.users;
    standIn.users = [];
    const outcome = await sync();
    t.equal(outcome.status, 'failed');
    t.match(outcome.run?.error, /EMPLOYEE_SYNC_REFUSED: The directory listed nobody/);
    t.equal((await rows()).filter((r) => Number(r.active) === 1).length > 0, true);
    standIn.users = saved;
  });

  await t.test('a malformed user fails the run', async (t) => {
    const saved = standIn.users;
    standIn.users = [...saved.slice(0, 5), { ...saved[5]!, id: '' }];
    t.match((await sync()).run?.error, /without a valid id/);
    standIn.users = saved;
  });

  await t.test('a wrong client secret fails the run with the token error', async (t) => {
    const wrong = await composeFor(ctx.settings, { clock, env: { ...standIn.env(), AZURE_CLIENT_SECRET: 'wrong' } });
    t.teardown(wrong.close);
    const outcome = await runNamedJob(maintenanceJobs(wrong.c), 'sync-employees', {
      trigger: 'manual',
      log: silentLog,
    });
    t.equal(outcome.status, 'failed');
    t.match(outcome.run?.error, /invalid_client|AADSTS7000215/);
    t.notMatch(outcome.run?.error ?? '', /wrong/, 'the secret is not in the error');
  });

  await t.test('missing Azure settings fail the run naming them', async (t) => {
    const none = await composeFor(ctx.settings, { clock });
    t.teardown(none.close);
    const outcome = await runNamedJob(maintenanceJobs(none.c), 'sync-employees', { trigger: 'manual', log: silentLog });
    t.match(outcome.run?.error, /AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID/);
  });
});

t.test('npm run job -- sync-employees fills employees from the stand-in; a second run changes nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-job-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const settings = { dialect: 'sqlite' as const, path: join(dir, 'cli.db') };
  const h = connectDatabase(settings);
  await migrateToLatest(h.db);
  standIn.users = standIn.generate(1200);
  standIn.failFromPage = null;
  standIn.throttle.clear();
  const env = { ...process.env, ...envFor(settings, dir, standIn.env()), LOG_LEVEL: 'warn' };
  const run = (...args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'ops/job.ts', ...args], { env, cwd: process.cwd() });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c));
      child.stderr.on('data', (c: Buffer) => (out += c));
      child.on('close', (code) => resolve({ code: code ?? 1, out }));
    });
  const first = await run('sync-employees');
  t.equal(first.code, 0, first.out);
  t.match(first.out, /sync-employees: succeeded/);
  t.match(first.out, /"added":1200/);
  t.match(first.out, /^directory: 1,200 employees in [\d.]+ s/m, 'run by hand, it reports the people read');
  t.match(first.out, /^employees: 1,200 employees in [\d.]+ s/m, 'and the employees written');
  t.notOk(first.out.includes('\r'), 'not on a terminal: plain lines, no \\r');
  t.notMatch((await run('sync-employees', '--quiet')).out, /^employees: /m, '--quiet: no progress');
  const count = async () =>
    Number(
      (
        await h.db
          .selectFrom('employees')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  t.equal(await count(), 1200);
  const second = await run('sync-employees');
  t.equal(second.code, 0);
  t.match(second.out, /"added":0,"updated":0,"deactivated":0,"unchanged":1200/);
  standIn.failFromPage = 1;
  const failing = await run('sync-employees');
  t.equal(failing.code, 1, 'a failed run exits 1');
  t.match(failing.out, /sync-employees: failed/);
  const usage = await run('no-such-job');
  t.equal(usage.code, 2);
  t.match(usage.out, /Unknown job "no-such-job"/);
  await h.close();
});
