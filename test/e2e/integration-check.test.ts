import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { buildApp } from '../../src/app/build-app.ts';
import { compose } from '../../src/app/composition/compose.ts';
import { loadConfig } from '../../src/app/config.ts';
import { runTs } from '../helpers/processes.ts';

// `npm run test:integration` against a real listening instance.

async function instance(migrate: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-integ-'));
  const config = loadConfig({
    APP_ENV: 'test',
    DB_PATH: join(dir, 'app.db'),
    UPLOAD_FOLDER: join(dir, 'uploads'),
    ADMIN_USERS: 'alice',
  });
  const services = await compose(config);
  if (migrate) {
    await services.migrate();
    await services.seedAdmins();
    await services.employees.upsert([
      {
        directoryId: 'dir-alice',
        displayName: 'Alice Example',
        email: 'alice@example.com',
        userPrincipalName: null,
        department: 'QA',
        jobTitle: null,
        active: true,
        lastSyncedAt: null,
      },
    ]);
  }
  const app = await buildApp(config, services, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, config, services, close: async () => (await app.close(), await services.close()) };
}

const check = (url: string, ...args: string[]) => runTs('ops/integration-check.ts', ['--base-url', url, ...args], {});
const asUser = (username: string) => ({
  INTEGRATION_ADMIN_USER: username,
  INTEGRATION_ADMIN_PASSWORD: 'not-used-by-the-dev-login',
  INTEGRATION_TRAINEE: 'Alice',
});

const PAGE_CHECKS = [
  'Sign in',
  'Form list',
  'Create a form',
  'Open the form',
  'Delete the form',
  'Purge it from the trash',
  'Admin access',
];

t.test('a healthy instance passes every check, pages included, and the check leaves no form behind', async (t) => {
  const i = await instance(true);
  t.teardown(i.close);
  const r = await runTs('ops/integration-check.ts', ['--base-url', i.url, '--env', 'test'], asUser('alice'));
  t.equal(r.code, 0, r.stdout + r.stderr);
  for (const name of [
    'HTTP response',
    'Database connectivity',
    'Migration status',
    'Schema matches the release',
    'Upload directory',
    'Environment configuration',
    ...PAGE_CHECKS,
  ])
    t.match(r.stdout, new RegExp(`✅ ${name}`));
  t.match(r.stdout, /✅ Create a form: form \d+ created/);
  t.match(r.stdout, /All 13 checks passed/);
  const forms = await i.services.database.db.selectFrom('training_forms').select('id').execute();
  t.same(forms, [], 'created, deleted and purged');
  const audit = await i.services.database.db
    .selectFrom('audit_events')
    .select('action')
    .where('entity_type', '=', 'training_form')
    .orderBy('id')
    .execute();
  t.same(
    audit.map((a) => a.action),
    ['create', 'delete', 'purge'],
    'each step audited as for a person',
  );
});

t.test(
  'pages: a non-admin fails at the trash and the steps after it are not run; no user is a visible skip',
  async (t) => {
    const i = await instance(true);
    t.teardown(i.close);
    const bob = await runTs('ops/integration-check.ts', ['--base-url', i.url], asUser('bob'));
    t.equal(bob.code, 1);
    t.match(bob.stdout, /✅ Delete the form/);
    t.match(bob.stdout, /❌ Purge it from the trash: .*\/trash\/\d+\/purge → 403/);
    t.match(bob.stdout, /❌ Admin access: not run: "Purge it from the trash" failed/);
    const none = await check(i.url);
    t.equal(none.code, 0);
    t.match(none.stdout, /⏭️ {2}Pages: not checked/);
    t.match(none.stdout, /All 6 checks passed/);
  },
);

t.test('a page that fails although /health is 200 fails the run', async (t) => {
  const i = await instance(true);
  t.teardown(i.close);
  // The list reads a column the database no longer has; /health keeps its start-up verdict.
  await sql`alter table training_forms drop column location`.execute(i.services.database.db);
  const r = await runTs('ops/integration-check.ts', ['--base-url', i.url], asUser('alice'));
  t.equal(r.code, 1, r.stdout);
  t.match(r.stdout, /✅ HTTP response: GET \/health → 200/);
  t.match(r.stdout, /❌ (Form list|Create a form|Open the form): .*→ 500/);
});

t.test('--record-pass: needs the page checks, and the instance must run the commit named', async (t) => {
  const i = await instance(true);
  t.teardown(i.close);
  const gate = mkdtempSync(join(tmpdir(), 'tf-gate-'));
  const commit = 'a'.repeat(40);
  const noUser = await check(i.url, '--record-pass', gate, '--commit', commit);
  t.equal(noUser.code, 2);
  t.match(noUser.stderr, /--record-pass needs the page checks/);
  const other = await runTs(
    'ops/integration-check.ts',
    ['--base-url', i.url, '--record-pass', gate, '--commit', commit],
    asUser('alice'),
  );
  t.equal(other.code, 1, other.stdout);
  t.match(other.stdout, /❌ Release commit: runs an unreported commit, not a{40}/);
  t.notMatch(other.stdout, /Recorded:/);
  t.same(readdirSync(gate), [], 'no pass recorded');
});

t.test('each problem is named with ❌ and fails the run', async (t) => {
  const i = await instance(false);
  t.teardown(i.close);
  rmSync(i.config.uploadFolder, { recursive: true });
  const r = await check(i.url, '--env', 'staging');
  t.equal(r.code, 1);
  t.match(r.stdout, /❌ Migration status: at \(none\), head \d+_[\w-]+, \d+ pending/);
  t.match(r.stdout, /❌ Upload directory: missing or not writable/);
  t.match(r.stdout, /❌ Environment configuration: APP_ENV=test \(expected staging\)/);
  t.match(r.stdout, /✅ Database connectivity/);
});

t.test('nothing listening → ❌ HTTP response; bad arguments → usage', async (t) => {
  const i = await instance(true);
  const url = i.url;
  await i.close();
  const r = await check(url);
  t.equal(r.code, 1);
  t.match(r.stdout, /❌ HTTP response: GET \/health failed/);
  const usage = await runTs('ops/integration-check.ts', [], {});
  t.equal(usage.code, 2);
  t.match(usage.stderr, /usage: npm run test:integration -- --base-url/);
});
