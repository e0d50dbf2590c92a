import { sql } from 'kysely';
import t, { type Test } from 'tap';
import { STALE_BACKUP_HOURS } from '../../../src/domain/system-status-service.ts';
import { migrationNamesInCode } from '../../../src/adapters/db/connection/database-status.ts';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { Client } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';
import type { TestApp } from '../../helpers/http-app.ts';

const HOUR = 3_600_000;

/** The `<section>` of the admin home headed `title`. */
const section = (html: string, title: string) =>
  new RegExp(`<section aria-labelledby="[a-z-]+">\\s*<h2 id="[a-z-]+">${title}</h2>[\\s\\S]*?</section>`).exec(
    html,
  )?.[0] ?? '';
const banner = (html: string) => /<section class="alerts"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

/** Records a finished run of `job` that started `hoursAgo` before the app's clock. */
async function recordRun(
  env: TestApp,
  job: string,
  status: 'succeeded' | 'failed',
  hoursAgo: number,
  counts: Record<string, number> | null = null,
  error: string | null = null,
) {
  const startedAt = new Date(env.clock.now().getTime() - hoursAgo * HOUR);
  const id = await env.services.jobRuns.start({ jobName: job, trigger: 'schedule', instance: 'web-1:1:aa', startedAt });
  await env.services.jobRuns.finish(id, { status, finishedAt: new Date(startedAt.getTime() + 1000), counts, error });
}

async function fixtureFor(t: Test, ctx: DialectContext) {
  const env = await buildTestApp(t, ctx.settings);
  const boss = new Client(env.app);
  await boss.signIn('boss');
  const alice = new Client(env.app);
  await alice.signIn('alice');
  return { ctx, env, boss, alice };
}
type Fixture = Awaited<ReturnType<typeof fixtureFor>>;

const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>])[] = [
  [
    'a fresh instance: the four verdicts, migrations, jobs disabled, nothing run, disk space',
    async (t, { boss }) => {
      const res = await boss.get('/admin');
      t.equal(res.statusCode, 200);
      const html = res.body;
      t.match(html, /<h1>Admin<\/h1>/);
      t.match(html, /<title>Admin · Training Forms<\/title>/);
      const schema = section(html, 'Database and schema');
      t.match(schema, /The (sqlite|mariadb) database answers/);
      t.match(schema, /<strong>The database matches the code\.<\/strong>/);
      const verdicts = [...schema.matchAll(/<li class="(good|bad)"><span role="img" aria-label="(passed|failed)">/g)];
      t.same(
        verdicts.map((v) => v[2]),
        ['passed', 'passed', 'passed', 'passed'],
        'the four verdicts of db check',
      );
      t.match(schema, /1\. no pending migrations/);
      t.match(schema, /4\. schema matches the declaration \(\d+ tables, no differences\)/);
      const files = await migrationNamesInCode();
      t.match(
        schema,
        new RegExp(
          `Migrations: ${files.length} applied \\(the newest: <code>${files.at(-1)}</code>\\); none pending\\.`,
        ),
      );
      const jobs = section(html, 'Jobs');
      t.match(jobs, /Jobs are disabled in this environment/);
      t.equal([...jobs.matchAll(/Never run/g)].length, 3);
      t.equal([...jobs.matchAll(/not scheduled here/g)].length, 3, 'no next run where jobs are disabled');
      t.match(section(html, 'Backups'), /No backup has succeeded yet in this environment\./);
      t.match(
        section(html, 'Disk space'),
        /Where uploads are stored: [\d,]+ MB free[\s\S]*Where backups are stored: [\d,]+ MB free/,
      );
      t.match(section(html, 'Directory sync'), /has never run here/);
      t.match(section(html, 'Last deployments'), /No deploy has been recorded yet\./);
      t.equal(banner(html), '', 'nothing needs attention');
      t.notMatch(html, /\sstyle=|<style/, 'no inline style (CSP)');
    },
  ],
  [
    'with history: last runs, the last good backup and its age, the sync result, the last deploys',
    async (t, { env, boss }) => {
      await recordRun(env, 'backup', 'succeeded', 30, { databaseBytes: 2_000_000, uploadBytes: 621_440 });
      await recordRun(env, 'backup', 'failed', 6, null, 'disk full');
      await recordRun(env, 'sync-employees', 'succeeded', 5, {
        listed: 1200,
        added: 3,
        updated: 5,
        deactivated: 1,
        unchanged: 1191,
        dryRun: 0,
      });
      await env.services.deployments.record({
        environment: 'production',
        commitSha: 'abcdef0123456789abcdef0123456789abcdef01',
        releaseName: 'rel-1',
        startedAt: new Date('2026-11-23T22:00:00Z'),
        finishedAt: new Date('2026-11-23T22:02:00Z'),
        outcome: 'succeeded',
        rolledBack: false,
        emergencyReason: null,
        steps: [],
      });
      const html = (await boss.get('/admin')).body;
      const jobs = section(html, 'Jobs');
      t.match(
        jobs,
        /<th scope="row">Backup<\/th>\s*<td><span class="badge bad">Failed<\/span> <time class="when" datetime="2026-11-24T02:00:00.000Z">2026-11-24 02:00 UTC<\/time> <span class="muted">\(6 h ago\)<\/span><\/td>/,
      );
      t.match(jobs, /disk full/);
      const backups = section(html, 'Backups');
      t.match(
        backups,
        /The last good backup started <time class="when" datetime="2026-11-23T02:00:00.000Z">2026-11-23 02:00 UTC<\/time> \(30 h ago\): 2\.5 MB\./,
      );
      t.match(backups, new RegExp(`It is stale: older than ${STALE_BACKUP_HOURS} hours\\.`));
      t.match(backups, /Backups are not scheduled here/);
      t.match(
        section(html, 'Directory sync'),
        /Succeeded[\s\S]*\(5 h ago\)[\s\S]*1,200 people in the directory: 3 added, 5 updated, 1 deactivated/,
      );
      t.match(
        section(html, 'Last deployments'),
        /production <code title="abcdef0123456789abcdef0123456789abcdef01">abcdef0123<\/code> <span class="badge good">succeeded<\/span>/,
      );
    },
  ],
  [
    'a failed job is a banner on every admin page, and only there; a good run clears it',
    async (t, { env, boss, alice }) => {
      // From the behaviour before: the newest backup failed.
      for (const url of ['/admin', '/admin/users', '/admin/jobs', '/trash', '/documents', '/admin/audit']) {
        const b = banner((await boss.get(url)).body);
        t.match(b, /<h2 id="admin-alerts-title">Needs attention<\/h2>/, `${url} has the banner`);
        t.match(
          b,
          /<li>Backup failed \(started 2026-11-24 02:00 UTC\): disk full <a href="\/admin\/jobs">See the jobs<\/a><\/li>/,
        );
        t.notMatch(b, /No backup has succeeded/, 'a stale backup is no banner where backups are not scheduled');
      }
      t.equal(banner((await boss.get('/')).body), '', 'not on the pages every user has');
      t.equal(banner((await alice.get('/')).body), '', 'never for a non-admin');
      t.equal((await alice.get('/admin')).statusCode, 403);
      await recordRun(env, 'backup', 'succeeded', 1, { databaseBytes: 10 });
      t.equal(banner((await boss.get('/admin')).body), '', 'a later good run clears it');
    },
  ],
  [
    'where the jobs are scheduled: the next run, and a backup older than 26 hours is a banner',
    async (t, { ctx }) => {
      const env = await buildTestApp(t, ctx.settings, {
        JOBS_ENABLED: 'true',
        JOBS_SCHEDULE: '0 3 * * *',
        JOBS_TIMEZONE: 'Europe/Berlin',
      });
      const boss = new Client(env.app);
      await boss.signIn('boss');
      // The newest good backup (the behaviour before) started an hour before 08:00 on the same day.
      const home = (await boss.get('/admin')).body;
      const jobs = section(home, 'Jobs');
      t.match(jobs, /every time <code>0 3 \* \* \*<\/code> comes round \(read in Europe\/Berlin\)/);
      t.equal(
        [
          ...jobs.matchAll(
            /<time class="when" datetime="2026-11-25T02:00:00.000Z">2026-11-25 02:00 UTC<\/time> <span class="muted">\(in 18 h\)<\/span>/g,
          ),
        ].length,
        3,
        'next run: 03:00 in Berlin is 02:00 UTC',
      );
      t.notMatch(jobs, /disabled/);
      t.equal(banner(home), '', 'a backup one hour old is fine');
      // The app's clock also times sessions: sign in again after moving it a day.
      env.clock.advance((STALE_BACKUP_HOURS - 1) * HOUR);
      await boss.signIn('boss');
      t.equal(
        banner((await boss.get('/admin/users')).body),
        '',
        `exactly ${STALE_BACKUP_HOURS} hours old: not stale yet`,
      );
      env.clock.advance(1);
      await boss.signIn('boss');
      const stale = banner((await boss.get('/admin/users')).body);
      t.match(
        stale,
        new RegExp(
          `No backup has succeeded for ${STALE_BACKUP_HOURS} hours: the last good one started 2026-11-24 07:00 UTC\\.`,
        ),
      );
      t.match(section((await boss.get('/admin')).body, 'Backups'), /It is stale/);
    },
  ],
  [
    'Check again runs db check anew (CSRF required): a schema change made by hand shows as verdict 4',
    async (t, { ctx, env, boss }) => {
      await boss.get('/admin');
      t.equal((await boss.post('/admin/schema-check', { _csrf: 'forged' })).statusCode, 403);
      const db = env.services.database.db;
      const drop = db.schema.dropIndex('ix_audit_events_actor');
      await (ctx.settings.dialect === 'mariadb' ? drop.on('audit_events') : drop).execute();
      try {
        t.match(
          section((await boss.get('/admin')).body, 'Database and schema'),
          /The database matches the code/,
          'kept until checked again',
        );
        const res = await boss.post('/admin/schema-check');
        t.equal(res.statusCode, 303);
        t.equal(res.headers.location, '/admin');
        const html = (await boss.get(String(res.headers.location))).body;
        t.match(html, /<p class="notice" role="status">The database was checked again\.<\/p>/);
        const schema = section(html, 'Database and schema');
        t.match(schema, /<strong>The database does not match the code\.<\/strong>/);
        t.match(
          schema,
          /<li class="bad"><span role="img" aria-label="failed">❌<\/span> 4\. schema differences \(declaration vs database\): 1/,
        );
        t.match(
          schema,
          /<li>missing index ix_audit_events_actor on audit_events: expected index \(actor, occurred_at\), found nothing<\/li>/,
        );
      } finally {
        await sql`create index ix_audit_events_actor on audit_events (actor, occurred_at)`.execute(db);
      }
      await boss.post('/admin/schema-check');
      t.match(section((await boss.get('/admin')).body, 'Database and schema'), /The database matches the code/);
    },
  ],
];

await forEachDialect(t, async (t, _handle, ctx) => {
  const fx = await fixtureFor(t, ctx);
  for (const [name, behaviour] of BEHAVIOURS) await t.test(name, (t) => behaviour(t, fx));
});
