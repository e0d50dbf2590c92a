import pino from 'pino';
import t, { type Test } from 'tap';
import { KyselyDeploymentHistory } from '../../../src/adapters/db/repositories/kysely-deployment-history.ts';
import { duration, runResult } from '../../../src/adapters/http/admin-format.ts';
import { runJob } from '../../../src/app/jobs/job-runner.ts';
import type { NewDeployment } from '../../../src/domain/deployment.ts';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { ManualClock } from '../../helpers/clock.ts';
import { Client } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const SECOND = 1000;
const SHA = (c: string) => c.repeat(40);

/** The `<tr>` whose row header starts with `name` (first match), or '' when absent. */
const row = (html: string, name: string) =>
  new RegExp(`<tr[^>]*>\\s*<th scope="row">${name}(<span[^>]*>[^<]*</span>)?</th>[\\s\\S]*?</tr>`).exec(html)?.[0] ??
  '';
/** The HTML of the deployments table's top-level row for deploy `release`. */
const deployRow = (html: string, release: string) => {
  const rows = html.split('<tr class="').slice(1);
  return rows.find((r) => r.includes(`<td>${release}</td>`)) ?? '';
};

const at = (iso: string) => new Date(iso);
/** A backup's counts whose words are "2.5 MB, 48 files, 2.4 s". */
const BACKUP_COUNTS = {
  databaseBytes: 1_048_576,
  uploadBytes: 1_572_864,
  bytesCopied: 4096,
  filesCopied: 3,
  filesLinked: 45,
  databaseMs: 400,
  filesMs: 2000,
  backupsRemoved: 0,
};
/** Four deploys, one of each kind the deployments page tells apart. */
const DEPLOYS: NewDeployment[] = [
  {
    environment: 'staging',
    commitSha: SHA('a'),
    releaseName: 'rel-staging-1',
    startedAt: at('2026-11-20T10:00:00Z'),
    finishedAt: at('2026-11-20T10:01:30Z'),
    outcome: 'succeeded',
    rolledBack: false,
    emergencyReason: null,
    steps: [
      { step: 'build', ok: true, detail: 'npm run build', ms: 4200 },
      { step: 'migrate', ok: true, detail: '1 migration applied', ms: 310 },
    ],
  },
  {
    environment: 'production',
    commitSha: SHA('b'),
    releaseName: 'rel-prod-2',
    startedAt: at('2026-11-21T22:15:00Z'),
    finishedAt: at('2026-11-21T22:17:00Z'),
    outcome: 'rolled-back',
    rolledBack: true,
    emergencyReason: null,
    steps: [
      { step: 'migrate', ok: true, detail: 'applied', ms: 120 },
      { step: 'health check', ok: false, detail: '<script>alert(1)</script> answered 503', ms: 30000 },
      { step: 'rollback: restore database', ok: true, detail: 'restored', ms: 800 },
    ],
  },
  {
    environment: 'production',
    commitSha: SHA('c'),
    releaseName: 'rel-prod-3',
    startedAt: at('2026-11-22T06:00:00Z'),
    finishedAt: at('2026-11-22T06:00:45Z'),
    outcome: 'succeeded',
    rolledBack: false,
    emergencyReason: 'Hotfix for "SOP export" <b>broken</b> & urgent',
    steps: [{ step: 'switch', ok: true, detail: 'ok', ms: 15 }],
  },
  {
    environment: 'production',
    commitSha: null,
    releaseName: 'rel-refused-4',
    startedAt: at('2026-11-23T08:00:00Z'),
    finishedAt: at('2026-11-23T08:00:01Z'),
    outcome: 'refused',
    rolledBack: false,
    emergencyReason: null,
    steps: [],
  },
];

t.test('durations and counts are formatted for people', async (t) => {
  const start = new Date('2026-11-24T03:00:00Z');
  const after = (ms: number) => new Date(start.getTime() + ms);
  t.equal(duration(start, after(850)), '850 ms');
  t.equal(duration(start, after(12_400)), '12.4 s');
  t.equal(duration(start, after(185 * SECOND)), '3 min 05 s');
  t.equal(duration(start, after(2 * 3600 * SECOND + 4 * 60 * SECOND)), '2 h 04 min');
  t.equal(duration(start, null), '', 'unfinished');
  t.equal(duration(start, after(-5)), '', 'a clock going backwards shows nothing rather than nonsense');
  t.equal(runResult('backup', null), '');
});

/** What the behaviours below share on one dialect (made once per dialect, in this order). */
async function fixtureFor(t: Test, ctx: DialectContext) {
  const env = await buildTestApp(t, ctx.settings, {}, {}, undefined, { runNowWaitMs: 2000 });
  const { app } = env;
  // The jobs get their own clock, so moving it does not time out the test's sessions.
  const clock = new ManualClock();
  const boss = new Client(app);
  await boss.signIn('boss');
  const alice = new Client(app);
  await alice.signIn('alice');
  return { ctx, env, app, clock, boss, alice };
}
type Fixture = Awaited<ReturnType<typeof fixtureFor>>;

/** One behaviour per entry, run in this order on one fixture per dialect. */
const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>])[] = [
  [
    'only administrators reach the pages; the navigation links them for admins only, Admin first',
    async (t, { app, boss, alice }) => {
      for (const url of ['/admin', '/admin/jobs', '/admin/deployments', '/admin/audit']) {
        t.ok(
          app.routeAccess.some((r) => r.method === 'GET' && r.url === url && r.access === 'admin'),
          `${url} is declared admin (the security route walker checks it)`,
        );
        const anon = await app.inject({ url });
        t.equal(anon.statusCode, 303, `anonymous ${url} is redirected`);
        t.equal(anon.headers.location, `/login?next=${encodeURIComponent(url)}`);
        const denied = await alice.get(url);
        t.equal(denied.statusCode, 403, `non-admin ${url} gets 403`);
        t.notMatch(denied.body, /<h1>(Jobs|Deployments|Admin|Audit log)<\/h1>/);
      }
      const adminHome = await boss.get('/');
      t.match(
        adminHome.body,
        /<a href="\/employees">Employees<\/a>\s*<a href="\/admin">Admin<\/a> <a href="\/trash">Trash<\/a>/,
        'Admin is the first admin link',
      );
      t.match(adminHome.body, /<a href="\/admin\/jobs">Jobs<\/a>/);
      t.match(adminHome.body, /<a href="\/admin\/deployments">Deployments<\/a>/);
      const userHome = await alice.get('/');
      t.notMatch(userHome.body, /href="\/admin/, 'no admin links for a non-admin');
    },
  ],
  [
    'empty states: no job ever ran, no deploy recorded',
    async (t, { boss }) => {
      const jobs = await boss.get('/admin/jobs');
      t.equal(jobs.statusCode, 200);
      t.match(jobs.headers['content-type'], /text\/html/);
      t.match(jobs.body, /<h1>Jobs<\/h1>/);
      t.match(jobs.body, /<caption>Each job: its last run, its next run and its last 30 runs<\/caption>/);
      for (const name of ['Backup', 'Cleanup', 'Employee directory sync'])
        t.match(row(jobs.body, name), /Never run/, `${name}: never run`);
      t.match(jobs.body, /<strong>Jobs are disabled in this environment<\/strong>/, 'JOBS_ENABLED is off in tests');
      t.match(jobs.body, /not scheduled here/);
      t.match(jobs.body, /No backup has succeeded yet: nothing to draw\./);
      t.match(jobs.body, /No job has run yet\./);
      t.notMatch(jobs.body, /<svg/, 'nothing to draw');
      const deploys = await boss.get('/admin/deployments');
      t.equal(deploys.statusCode, 200);
      t.match(deploys.body, /<h1>Deployments<\/h1>/);
      t.match(deploys.body, /No deploy has been recorded yet\./);
      t.notMatch(deploys.body, /<table/);
    },
  ],
  [
    'job runs: the last result of each job and the recent runs, for people',
    async (t, { env, clock, boss }) => {
      const deps = {
        runs: env.services.jobRuns,
        lock: env.services.jobLock,
        clock,
        log: pino({ level: 'silent' }),
        instance: 'web-1:42:ab12',
      };
      const failedBackup = await runJob(
        { name: 'backup', run: async () => Promise.reject(new Error('disk full')) },
        deps,
        { trigger: 'schedule' },
      );
      t.equal(failedBackup.status, 'failed');
      clock.advance(3600 * SECOND);
      const backup = await runJob(
        {
          name: 'backup',
          run: async () => {
            clock.advance(1500);
            return { counts: BACKUP_COUNTS };
          },
        },
        deps,
        { trigger: 'manual' },
      );
      t.equal(backup.status, 'succeeded');
      const cleanup = await runJob(
        {
          name: 'cleanup',
          run: async () => {
            clock.advance(125 * SECOND);
            throw new Error('cannot remove <script>alert("x")</script> & more');
          },
        },
        deps,
        { trigger: 'schedule' },
      );
      t.equal(cleanup.status, 'failed');
      // A skipped run (another instance held the lock) does not hide the real last result.
      const skippedId = await env.services.jobRuns.start({
        jobName: 'cleanup',
        trigger: 'schedule',
        instance: 'web-2:7:cd34',
        startedAt: clock.now(),
      });
      await env.services.jobRuns.finish(skippedId, {
        status: 'skipped',
        finishedAt: clock.now(),
        counts: null,
        error: 'Another run of this job holds the lock (on this or another instance).',
      });

      const res = await boss.get('/admin/jobs');
      t.equal(res.statusCode, 200);
      const [last = '', recent = ''] = res.body.split('<h2>Recent runs</h2>');

      await t.test('the last result of each job', async (t) => {
        const b = row(last, 'Backup');
        t.match(
          b,
          /<span class="badge good">Succeeded<\/span>/,
          'backup: the newer, successful run is the last result',
        );
        t.match(b, /started by hand, took 1\.5 s/, 'who started it and how long it took');
        t.match(
          b,
          /<span class="run-when"><time class="when" datetime="2026-11-24T09:00:00.000Z">2026-11-24 09:00 UTC<\/time><\/span>/,
          'started, in UTC, on one line',
        );
        t.match(b, /<td>2\.5 MB, 48 files, 2\.4 s<\/td>/, 'the counts in words: size, files, time');
        t.notMatch(b, /disk full/, 'the older failure is not the last result');

        const c = row(last, 'Cleanup');
        t.match(c, /<span class="badge bad">Failed<\/span>/, 'cleanup: failed, not the later skip');
        t.match(c, /scheduled, took 2 min 05 s/);
        t.match(
          c,
          /cannot remove &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; more/,
          'the error, escaped',
        );
        t.notMatch(res.body, /<script>alert/, 'no markup from the error reaches the page');

        t.match(row(last, 'Employee directory sync'), /Never run/, 'a job that never ran says so');
      });

      await t.test('the recent runs: every run, newest first, skips included', async (t) => {
        t.match(recent, /<caption>Recent runs of all jobs, newest first \(4 shown, at most 30\)<\/caption>/);
        const order = [
          ...recent.matchAll(/<th scope="row">([^<]+)<\/th>\s*<td><span class="badge [a-z]+">([^<]+)</g),
        ].map((m) => `${m[1]}: ${m[2]}`);
        t.same(
          order,
          ['Cleanup: Skipped: already running', 'Cleanup: Failed', 'Backup: Succeeded', 'Backup: Failed'],
          'every run, newest first, skips included',
        );
        t.match(recent, /disk full/, 'older errors stay visible in the recent runs');
        t.match(recent, /<span title="web-2:7:cd34">web-2<\/span>/, 'the server, its full instance name on hover');
        t.match(recent, /<span class="muted">scheduled<\/span>/);
      });

      await t.test('no raw internal names in the text', async (t) => {
        const text = res.body.replace(/<[^>]*>/g, ' ');
        t.notMatch(text, /sync-employees|filesCopied|filesLinked|bytesCopied|databaseBytes|uploadBytes|databaseMs/);
        t.notMatch(text, /\b(succeeded|failed|skipped) \d/, 'no count keys either');
      });

      await t.test('a run in progress shows as running', async (t) => {
        await env.services.jobRuns.start({
          jobName: 'sync-employees',
          trigger: 'schedule',
          instance: 'web-1:42:ab12',
          startedAt: clock.now(),
        });
        const running = row((await boss.get('/admin/jobs')).body, 'Employee directory sync');
        t.match(running, /<span class="badge warn">Running<\/span>/, 'a run in progress shows as running');
        t.match(running, /not finished yet/);
        t.notMatch(running, /Never run/);
      });
    },
  ],
  [
    'Run now: the runner and its lock, audited, answered with a notice',
    async (t, { env, boss, alice }) => {
      const db = env.services.database.db;
      const runsOf = (job: string) =>
        db.selectFrom('job_runs').selectAll().where('job_name', '=', job).orderBy('id', 'desc').execute();
      const before = (await runsOf('cleanup')).length;
      await boss.get('/admin/jobs');

      await t.test('it runs the job (trigger manual) and says how it went', async (t) => {
        const res = await boss.post('/admin/jobs/cleanup/run');
        t.equal(res.statusCode, 303);
        t.equal(res.headers.location, '/admin/jobs');
        const [run] = await runsOf('cleanup');
        t.equal((await runsOf('cleanup')).length, before + 1, 'one run recorded');
        t.match(run, { status: 'succeeded', triggered_by: 'manual' });
        const page = await boss.get(String(res.headers.location));
        t.match(page.body, /<p class="notice" role="status">Cleanup ran now and succeeded\.<\/p>/);
        t.match(row(page.body, 'Cleanup'), /<span class="badge good">Succeeded<\/span>/);
        const audit = await db
          .selectFrom('audit_events')
          .selectAll()
          .where('action', '=', 'run-job')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        t.match(audit, { actor: 'boss', entity_type: 'job', entity_id: 'cleanup' }, 'audited: who started which job');
      });

      await t.test('a POST without the CSRF token, or from a non-admin, runs nothing', async (t) => {
        const count = (await runsOf('cleanup')).length;
        t.equal((await boss.post('/admin/jobs/cleanup/run', { _csrf: 'forged' })).statusCode, 403);
        await alice.get('/');
        t.equal((await alice.post('/admin/jobs/cleanup/run')).statusCode, 403);
        t.equal((await boss.post('/admin/jobs/no-such-job/run')).statusCode, 404, 'an unknown job is not found');
        t.equal((await runsOf('cleanup')).length, count, 'no run recorded');
      });

      await t.test("while another run holds the job's lock it is reported as such, and recorded skipped", async (t) => {
        const held = await env.services.jobLock.withLock('job:cleanup', async () =>
          boss.post('/admin/jobs/cleanup/run'),
        );
        t.ok(held.acquired);
        const res = held.acquired ? held.value : null;
        t.equal(res?.headers.location, '/admin/jobs');
        const [run] = await runsOf('cleanup');
        t.match(run, { status: 'skipped', triggered_by: 'manual', error: /holds the lock/ });
        const page = await boss.get(String(res?.headers.location));
        t.match(page.body, /Cleanup is already running \(on this or another server\), so it was not started again/);
      });

      await t.test('a long run goes on in the background: the page says so and shows it running', async (t) => {
        // Cleanup waits for the `files` lock (shared with backup) while the test holds it: longer
        // than this app's Run now waits (2 s).
        let release: () => void = () => {};
        const holding = env.services.jobLock.withLock(
          'shared:files',
          () => new Promise<void>((resolve) => (release = resolve)),
        );
        await new Promise((r) => setTimeout(r, 50));
        const res = await boss.post('/admin/jobs/cleanup/run');
        t.equal(res.headers.location, '/admin/jobs');
        const page = await boss.get(String(res.headers.location));
        t.match(page.body, /Cleanup started and is still running: it goes on in the background\./);
        t.match(row(page.body, 'Cleanup'), /<span class="badge warn">Running<\/span>/, 'the page shows it running');
        release();
        await holding;
        for (let i = 0; i < 100 && (await runsOf('cleanup'))[0]?.status === 'running'; i++)
          await new Promise((r) => setTimeout(r, 100));
        t.equal((await runsOf('cleanup'))[0]?.status, 'succeeded', 'and it finishes on its own');
        t.match(row((await boss.get('/admin/jobs')).body, 'Cleanup'), /<span class="badge good">Succeeded<\/span>/);
      });

      await t.test('a failing job says so, and the banner of the admin pages shows it', async (t) => {
        const res = await boss.post('/admin/jobs/sync-employees/run'); // no Azure settings
        t.equal(res.headers.location, '/admin/jobs');
        const page = await boss.get(String(res.headers.location));
        t.match(page.body, /Employee directory sync ran now and failed: its error is below\./);
        t.match(page.body, /<section class="alerts"[^>]*>[\s\S]*Employee directory sync failed \(started /);
      });
    },
  ],
  [
    'the strips and the backup size chart draw exactly the job_runs rows',
    async (t, { env, clock, boss }) => {
      const runs = env.services.jobRuns;
      // 34 backups: every seventh failed, every eleventh skipped (left out of the strip), sizes growing.
      for (let i = 0; i < 34; i++) {
        clock.advance(24 * 3600 * SECOND);
        const id = await runs.start({
          jobName: 'backup',
          trigger: 'schedule',
          instance: 'web-1:1:aa',
          startedAt: clock.now(),
        });
        const status = i % 11 === 5 ? 'skipped' : i % 7 === 3 ? 'failed' : 'succeeded';
        await runs.finish(id, {
          status,
          finishedAt: new Date(clock.now().getTime() + 2000),
          counts:
            status === 'succeeded'
              ? {
                  databaseBytes: 1_000_000 + i * 10_000,
                  uploadBytes: 500_000 + i * 3_000,
                  filesCopied: 2,
                  filesLinked: i,
                }
              : null,
          error: status === 'succeeded' ? null : 'no space left',
        });
      }
      const html = (await boss.get('/admin/jobs')).body;
      const db = env.services.database.db;

      await t.test(
        'the backup strip: the last 30 runs but skips, oldest first, and its text alternative',
        async (t) => {
          const rows = (
            await db
              .selectFrom('job_runs')
              .select(['status', 'started_at'])
              .where('job_name', '=', 'backup')
              .where('status', '<>', 'skipped')
              .orderBy('id', 'desc')
              .limit(30)
              .execute()
          ).reverse();
          const svg = /<svg class="strip"[^>]*aria-label="Backup, last (\d+) runs: ([^"]+)"[\s\S]*?<\/svg>/.exec(
            row(html, 'Backup'),
          );
          t.ok(svg, 'the Backup row has its strip');
          t.equal(Number(svg?.[1]), rows.length);
          const succeeded = rows.filter((r) => r.status === 'succeeded').length;
          const failed = rows.filter((r) => r.status === 'failed').length;
          t.equal(svg?.[2], `${succeeded} succeeded, ${failed} failed`, 'the summary counts the rows');
          t.match(
            svg?.[0],
            new RegExp(`<title>Backup, last ${rows.length} runs: ${succeeded} succeeded, ${failed} failed</title>`),
          );
          const marks = [
            ...(svg?.[0] ?? '').matchAll(
              /<rect class="mark (good|bad|other)"[^>]*data-status="([a-z]+)"><title>([^<]+)<\/title>/g,
            ),
          ];
          t.same(
            marks.map((m) => m[2]),
            rows.map((r) => r.status),
            'one mark per row, oldest first, with its outcome',
          );
          t.same(
            marks.map((m) => m[3]),
            rows.map((r) => `${r.started_at.replace(' ', 'T').slice(0, 16).replace('T', ' ')} UTC: ${r.status}`),
            'each mark titled with its date and outcome',
          );
          t.ok(
            marks.every((m) => (m[1] === 'good') === (m[2] === 'succeeded')),
            'green for success, red otherwise',
          );
        },
      );

      await t.test('the size chart: one point per successful backup, its size the counts of its row', async (t) => {
        const rows = (
          await db
            .selectFrom('job_runs')
            .select(['id', 'counts', 'started_at'])
            .where('job_name', '=', 'backup')
            .where('status', '=', 'succeeded')
            .orderBy('id', 'desc')
            .limit(30)
            .execute()
        ).reverse();
        const expected = rows.flatMap((r) => {
          const c = JSON.parse(r.counts ?? 'null') as Record<string, number> | null;
          return c && typeof c.databaseBytes === 'number'
            ? [[String(r.id), String(c.databaseBytes + (c.uploadBytes ?? c.bytesCopied ?? 0))]]
            : [];
        });
        t.ok(expected.length >= 20, `${expected.length} backups with a size`);
        const chart = /<svg class="size-chart"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
        const points = [...chart.matchAll(/<circle class="point"[^>]*data-run="(\d+)" data-bytes="(\d+)"/g)].map(
          (m) => [m[1], m[2]],
        );
        t.same(points, expected, 'the points are the rows, oldest first, with their sizes');
        const table = /<table class="forms sizes">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
        const cells = [...table.matchAll(/<tr data-run="(\d+)">[\s\S]*?<td class="num">([\d,]+)<\/td>/g)].map((m) => [
          m[1],
          (m[2] ?? '').replace(/,/g, ''),
        ]);
        t.same(cells, expected, 'and so is the table beside it');
        const max = Math.max(...expected.map((e) => Number(e[1])));
        const ys = [...chart.matchAll(/cy="([\d.]+)"[^>]*data-bytes="(\d+)"/g)];
        const top = ys.find((m) => Number(m[2]) === max);
        t.equal(Number(top?.[1]), 20, 'the largest backup touches the top of the plot');
        t.match(chart, /role="img" aria-label="Backup size over the last \d+ successful backups: from /);
      });
    },
  ],
  [
    'deployments: commit, environment, times, outcome, rollback, emergency reason, steps',
    async (t, { env, boss }) => {
      const history = new KyselyDeploymentHistory(env.services.database.db);
      for (const d of DEPLOYS) await history.record(d);

      const res = await boss.get('/admin/deployments');
      t.equal(res.statusCode, 200);
      const html = res.body;

      await t.test('every deploy, newest first', async (t) => {
        t.match(html, /<caption>Recent deploys, newest first \(4 shown, at most 50\)<\/caption>/);
        const releases = [...html.matchAll(/<td>(rel-[a-z0-9-]+)<\/td>/g)].map((m) => m[1]);
        t.same(releases, ['rel-refused-4', 'rel-prod-3', 'rel-prod-2', 'rel-staging-1'], 'newest first');
      });

      await t.test('a deploy: environment, short commit, times, outcome and steps', async (t) => {
        const staging = deployRow(html, 'rel-staging-1');
        t.match(staging, /<th scope="row">staging<\/th>/, 'environment');
        t.match(
          staging,
          new RegExp(`<code title="${SHA('a')}">aaaaaaaaaa</code>`),
          'short commit, full id in the title',
        );
        t.match(staging, /<time datetime="2026-11-20T10:00:00.000Z">2026-11-20 10:00:00<\/time>/, 'started, UTC');
        t.match(
          staging,
          /2026-11-20 10:01:30<\/time> <span class="muted">\(1 min 30 s\)/,
          'finished, with the duration',
        );
        t.match(staging, /<span class="badge good">succeeded<\/span>/);
        t.notMatch(staging, /Rolled back|Emergency/);
        t.match(staging, /<summary>2 steps<\/summary>/);
        t.equal([...staging.matchAll(/✅/g)].length, 2);
        t.match(
          staging,
          /<th scope="row">build<\/th>\s*<td><span role="img" aria-label="ok">✅<\/span><\/td>\s*<td class="prewrap">npm run build<\/td>\s*<td class="num">4200 ms<\/td>/,
        );
      });

      await t.test('a rolled-back deploy is marked, its failed step shown escaped', async (t) => {
        const rolledBack = deployRow(html, 'rel-prod-2');
        t.match(rolledBack, /^rolled-back"/, 'the row is marked');
        t.match(rolledBack, /<span class="badge warn">rolled-back<\/span>/);
        t.match(rolledBack, /<strong class="flag bad">Rolled back<\/strong>/, 'clearly marked as rolled back');
        t.match(rolledBack, /<summary>3 steps, 1 failed<\/summary>/);
        t.match(
          rolledBack,
          /<th scope="row">health check<\/th>\s*<td><span role="img" aria-label="failed">❌<\/span><\/td>/,
        );
        t.match(rolledBack, /&lt;script&gt;alert\(1\)&lt;\/script&gt; answered 503/, 'step detail escaped');
        t.match(rolledBack, /30000 ms/);
        t.notMatch(html, /<script>alert/, 'no markup from a step detail reaches the page');
      });

      await t.test('an emergency deploy is marked, with its reason escaped', async (t) => {
        const emergency = deployRow(html, 'rel-prod-3');
        t.match(emergency, /<strong>Emergency deploy<\/strong>/, 'emergency deploys are marked');
        t.match(
          emergency,
          /Hotfix for &quot;SOP export&quot; &lt;b&gt;broken&lt;\/b&gt; &amp; urgent/,
          'with the reason, escaped',
        );
        t.notMatch(emergency, /Rolled back/);
        t.match(emergency, /<summary>1 step<\/summary>/);
        t.equal([...html.matchAll(/Emergency deploy/g)].length, 1, 'only that deploy is an emergency');
        t.equal([...html.matchAll(/class="flag bad">Rolled back/g)].length, 1, 'only that deploy was rolled back');
      });

      await t.test('a refused deploy: no commit, no steps', async (t) => {
        const refused = deployRow(html, 'rel-refused-4');
        t.match(refused, /<span class="muted">not resolved<\/span>/, 'no commit yet');
        t.match(refused, /<span class="badge warn">refused<\/span>/);
        t.match(refused, /<span class="muted">none<\/span>/, 'no steps');
        t.notMatch(refused, /<details>/);
      });

      await t.test('no inline script or style (CSP)', async (t) => {
        t.same(html.match(/<script[^>]*>/g), ['<script src="/static/app.js" defer>'], 'no inline script (CSP)');
        t.notMatch(html, /\sstyle=|<style/, 'no inline style (CSP)');
        t.match(String(res.headers['content-security-policy']), /script-src 'self'/);
      });
    },
  ],
  [
    'the deployments page lists at most 50, the newest',
    async (t, { env, boss }) => {
      const history = new KyselyDeploymentHistory(env.services.database.db);
      for (let i = 0; i < 52; i++)
        await history.record({
          environment: 'staging',
          commitSha: SHA('d'),
          releaseName: `bulk-${String(i).padStart(2, '0')}`,
          startedAt: new Date(Date.parse('2026-11-24T00:00:00Z') + i * 60 * SECOND),
          finishedAt: new Date(Date.parse('2026-11-24T00:00:30Z') + i * 60 * SECOND),
          outcome: 'dry-run',
          rolledBack: false,
          emergencyReason: null,
          steps: [],
        });
      const html = (await boss.get('/admin/deployments')).body;
      t.match(html, /\(50 shown, at most 50\)/);
      t.match(html, /<td>bulk-51<\/td>/);
      t.notMatch(html, /rel-staging-1/, 'older deploys drop off');
    },
  ],
];

await forEachDialect(t, async (t, _handle, ctx) => {
  const fx = await fixtureFor(t, ctx);
  for (const [name, behaviour] of BEHAVIOURS) await t.test(name, (t) => behaviour(t, fx));
});
