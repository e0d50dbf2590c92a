import pino from 'pino';
import t, { type Test } from 'tap';
import { KyselyDeploymentHistory } from '../../../src/adapters/db/repositories/kysely-deployment-history.ts';
import { countsText, duration } from '../../../src/adapters/http/admin-format.ts';
import { runJob } from '../../../src/app/jobs/job-runner.ts';
import type { NewDeployment } from '../../../src/domain/deployment.ts';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { ManualClock } from '../../helpers/clock.ts';
import { Client } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const SECOND = 1000;
const SHA = (c: string) => c.repeat(40);

/** The `<tr>` whose row header is `name` (first match), or '' when absent. */
const row = (html: string, name: string) =>
  new RegExp(`<tr[^>]*>\\s*<th scope="row">${name}</th>[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
/** The HTML of the deployments table's top-level row for deploy `release`. */
const deployRow = (html: string, release: string) => {
  const rows = html.split('<tr class="').slice(1);
  return rows.find((r) => r.includes(`<td>${release}</td>`)) ?? '';
};

const at = (iso: string) => new Date(iso);
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
  t.equal(countsText({ added: 2, removed: 0 }), 'added 2, removed 0');
  t.equal(countsText(null), '');
});

/** What the behaviours below share on one dialect (made once per dialect, in this order). */
async function fixtureFor(t: Test, ctx: DialectContext) {
  const env = await buildTestApp(t, ctx.settings);
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
    'only administrators reach the pages; the navigation links them for admins only',
    async (t, { app, boss, alice }) => {
      for (const url of ['/admin/jobs', '/admin/deployments']) {
        t.ok(
          app.routeAccess.some((r) => r.method === 'GET' && r.url === url && r.access === 'admin'),
          `${url} is declared admin (the security route walker checks it)`,
        );
        const anon = await app.inject({ url });
        t.equal(anon.statusCode, 303, `anonymous ${url} is redirected`);
        t.equal(anon.headers.location, `/login?next=${encodeURIComponent(url)}`);
        const denied = await alice.get(url);
        t.equal(denied.statusCode, 403, `non-admin ${url} gets 403`);
        t.notMatch(denied.body, /Job runs|Deployments<\/h1>/);
      }
      const adminHome = await boss.get('/');
      t.match(adminHome.body, /<a href="\/admin\/jobs">Jobs<\/a>/);
      t.match(adminHome.body, /<a href="\/admin\/deployments">Deployments<\/a>/);
      const userHome = await alice.get('/');
      t.notMatch(userHome.body, /\/admin\/(jobs|deployments)/, 'no admin links for a non-admin');
    },
  ],
  [
    'empty states: no job ever ran, no deploy recorded',
    async (t, { boss }) => {
      const jobs = await boss.get('/admin/jobs');
      t.equal(jobs.statusCode, 200);
      t.match(jobs.headers['content-type'], /text\/html/);
      t.match(jobs.body, /<h1>Job runs<\/h1>/);
      t.match(jobs.body, /<caption>Last result of each job<\/caption>/);
      for (const name of ['backup', 'cleanup', 'sync-employees'])
        t.match(row(jobs.body, name), /Never run/, `${name}: never run`);
      t.match(jobs.body, /No job has run yet\./);
      const deploys = await boss.get('/admin/deployments');
      t.equal(deploys.statusCode, 200);
      t.match(deploys.body, /<h1>Deployments<\/h1>/);
      t.match(deploys.body, /No deploy has been recorded yet\./);
      t.notMatch(deploys.body, /<table/);
    },
  ],
  [
    'job runs: the last result of each job and the recent runs',
    async (t, { env, clock, boss }) => {
      const deps = {
        runs: env.services.jobRuns,
        lock: env.services.jobLock,
        clock,
        log: pino({ level: 'silent' }),
        instance: 'web-1:42',
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
            return { counts: { filesCopied: 3, bytesCopied: 42 } };
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
        instance: 'web-2:7',
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
        const b = row(last, 'backup');
        t.match(
          b,
          /<span class="badge good">succeeded<\/span>/,
          'backup: the newer, successful run is the last result',
        );
        t.match(b, /\(manual\)/);
        t.match(b, /<time datetime="2026-11-24T09:00:00.000Z">2026-11-24 09:00:00<\/time>/, 'started, in UTC');
        t.match(b, /2026-11-24 09:00:01/, 'finished');
        t.match(b, /<td>1\.5 s<\/td>/, 'duration');
        t.match(b, /filesCopied 3, bytesCopied 42/, 'counts');
        t.notMatch(b, /disk full/, 'the older failure is not the last result');

        const c = row(last, 'cleanup');
        t.match(c, /<span class="badge bad">failed<\/span>/, 'cleanup: failed, not the later skip');
        t.match(c, /<td>2 min 05 s<\/td>/);
        t.match(
          c,
          /cannot remove &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; more/,
          'the error, escaped',
        );
        t.notMatch(res.body, /<script>alert/, 'no markup from the error reaches the page');

        t.match(row(last, 'sync-employees'), /Never run/, 'a job that never ran says so');
      });

      await t.test('the recent runs: every run, newest first, skips included', async (t) => {
        t.match(recent, /<caption>Recent runs of all jobs, newest first \(4 shown, at most 30\)<\/caption>/);
        const order = [
          ...recent.matchAll(/<th scope="row">([a-z-]+)<\/th>\s*<td><span class="badge [a-z]+">([a-z]+)</g),
        ].map((m) => `${m[1]} ${m[2]}`);
        t.same(
          order,
          ['cleanup skipped', 'cleanup failed', 'backup succeeded', 'backup failed'],
          'every run, newest first, skips included',
        );
        t.match(recent, /disk full/, 'older errors stay visible in the recent runs');
        t.match(recent, /<td>web-2:7<\/td>/, 'the instance');
        t.match(recent, /<td>schedule<\/td>/);
      });

      await t.test('a run in progress shows as running', async (t) => {
        await env.services.jobRuns.start({
          jobName: 'sync-employees',
          trigger: 'schedule',
          instance: 'web-1:42',
          startedAt: clock.now(),
        });
        const running = row((await boss.get('/admin/jobs')).body, 'sync-employees');
        t.match(running, /<span class="badge warn">running<\/span>/, 'a run in progress shows as running');
        t.match(running, /not finished/);
        t.notMatch(running, /Never run/);
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
