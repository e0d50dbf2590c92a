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
  const config = loadConfig({ APP_ENV: 'test', DB_PATH: join(dir, 'app.db'), UPLOAD_FOLDER: join(dir, 'uploads') });
  const services = await compose(config);
  if (migrate) await services.migrate();
  const app = await buildApp(config, services, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, config, close: async () => (await app.close(), await services.close()) };
}

const check = (url: string, ...args: string[]) => runTs('ops/integration-check.ts', ['--base-url', url, ...args], {});

t.test('a healthy instance passes every check', async (t) => {
  const i = await instance(true);
  t.teardown(i.close);
  const r = await check(i.url, '--env', 'test');
  t.equal(r.code, 0, r.stdout + r.stderr);
  for (const name of ['HTTP response', 'Database connectivity', 'Migration status', 'Upload directory', 'Environment configuration'])
    t.match(r.stdout, new RegExp(`✅ ${name}`));
  t.match(r.stdout, /All \d+ checks passed/);
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
