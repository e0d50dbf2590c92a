import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../../src/app/build-app.ts';
import { compose } from '../../src/app/compose.ts';
import { loadConfig } from '../../src/app/config.ts';
import { runTs } from '../helpers/processes.ts';

// `npm run test:integration` against a real listening instance.

async function instance(migrate: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-integ-'));
  const config = loadConfig({ APP_ENV: 'test', DB_PATH: join(dir, 'app.db'), UPLOAD_FOLDER: join(dir, 'uploads'), ADMIN_USERS: 'alice' });
  const services = await compose(config);
  if (migrate) {
    await services.migrate();
    await services.seedAdmins();
  }
  const app = await buildApp(config, services, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, config, close: async () => (await app.close(), await services.close()) };
}

const check = (url: string, ...args: string[]) => runTs('ops/integration-check.ts', ['--base-url', url, ...args], {});
const asUser = (username: string) => ({ INTEGRATION_ADMIN_USER: username, INTEGRATION_ADMIN_PASSWORD: 'not-used-by-the-dev-login' });

t.test('a healthy instance passes every check', async (t) => {
  const i = await instance(true);
  t.teardown(i.close);
  const r = await runTs('ops/integration-check.ts', ['--base-url', i.url, '--env', 'test'], asUser('alice'));
  t.equal(r.code, 0, r.stdout + r.stderr);
  for (const name of ['HTTP response', 'Database connectivity', 'Migration status', 'Upload directory', 'Environment configuration'])
    t.match(r.stdout, new RegExp(`✅ ${name}`));
  t.match(r.stdout, /✅ Admin access: signed in as alice; GET \/admin\/users → 200/);
  t.match(r.stdout, /All 6 checks passed/);
});

t.test('admin access: a non-admin fails; no configured admin is a visible skip', async (t) => {
  const i = await instance(true);
  t.teardown(i.close);
  const bob = await runTs('ops/integration-check.ts', ['--base-url', i.url], asUser('bob'));
  t.equal(bob.code, 1);
  t.match(bob.stdout, /❌ Admin access: signed in as bob; GET \/admin\/users → 403/);
  const none = await check(i.url);
  t.equal(none.code, 0);
  t.match(none.stdout, /⏭️ {2}Admin access: not checked/);
  t.match(none.stdout, /All 5 checks passed/);
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
