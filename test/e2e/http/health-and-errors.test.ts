import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { ERROR_STATUS } from '../../../src/adapters/http/error-status.ts';
import { buildApp } from '../../../src/app/build-app.ts';
import { compose } from '../../../src/app/composition/compose.ts';
import { loadConfig } from '../../../src/app/config.ts';
import { migrationNamesInCode } from '../../../src/adapters/db/connection/database-status.ts';
import {
  DOMAIN_ERROR_CODES,
  StaleTrainingFormError,
  TrainingFormNotFoundError,
  ValidationError,
} from '../../../src/domain/errors.ts';
import { createMariadbDatabase } from '../../helpers/mariadb.ts';
import { relay } from '../../helpers/tcp-relay.ts';
import { forEachDialect, requireTarget } from '../../helpers/targets.ts';

const testEnv = (extra: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-http-'));
  return loadConfig({ APP_ENV: 'test', UPLOAD_FOLDER: join(dir, 'uploads'), DB_PATH: join(dir, 'app.db'), ...extra });
};

t.test('every domain error code has an HTTP status', async (t) => {
  for (const code of DOMAIN_ERROR_CODES) t.type(ERROR_STATUS[code], 'number', code);
});

t.test('/health on SQLite: degraded before migrations, ok after', async (t) => {
  const services = await compose(testEnv({}));
  const app = await buildApp(services.config, services, { logger: false });
  t.teardown(async () => {
    await app.close();
    await services.close();
  });
  const before = await app.inject('/health');
  t.equal(before.statusCode, 503, 'a database without the declared tables does not match this release: 503');
  t.match(before.json(), {
    status: 'degraded',
    database: {
      reachable: true,
      dialect: 'sqlite',
      migrations: { pending: (await migrationNamesInCode()).length, upToDate: false },
    },
    schema: { matches: false, differences: [/^missing table training_forms/] },
  });
  await services.migrate();
  const after = await app.inject({ url: '/health', headers: { 'x-request-id': 'probe-1' } });
  t.equal(after.statusCode, 200);
  t.equal(after.headers['x-request-id'], 'probe-1', 'request id echoed');
  t.equal(after.headers['cache-control'], 'no-store');
  t.match(after.json(), {
    status: 'ok',
    version: /^\d+\.\d+\.\d+/,
    environment: 'test',
    database: {
      reachable: true,
      migrations: { current: (await migrationNamesInCode()).at(-1), pending: 0, unknown: 0, upToDate: true },
    },
    uploads: { writable: true },
    schema: { matches: true, differenceCount: 0, differences: [] },
  });
  rmSync(services.config.uploadFolder, { recursive: true });
  t.match(
    (await app.inject('/health')).json(),
    { status: 'degraded', uploads: { writable: false } },
    'a missing upload folder degrades health',
  );
});

t.test('/health: 503 and degraded when the database differs from the declared schema', (t) =>
  forEachDialect(
    t,
    async (t, _handle, ctx) => {
      const services = await compose({ ...testEnv({}), database: ctx.settings });
      const app = await buildApp(services.config, services, { logger: false });
      t.teardown(async () => {
        await app.close();
        await services.close();
      });
      await services.migrate();
      const first = await app.inject('/health');
      t.equal(first.statusCode, 200);
      t.notOk('cluster' in first.json().database, 'one server: no cluster state');
      // Drift that no migration made: a column the pages read is gone.
      await sql`alter table training_forms drop column location`.execute(services.database.db);
      t.equal(
        (await app.inject('/health')).statusCode,
        200,
        'computed at start-up and after migrations, not per request',
      );
      const verdict = await services.checkSchema(); // what a restart (or the next migration) computes
      t.match(verdict, { matches: false, differenceCount: 1 });
      const after = await app.inject('/health');
      t.equal(after.statusCode, 503, 'a load balancer and the deploy see it');
      t.match(after.json(), {
        status: 'degraded',
        database: { reachable: true, migrations: { upToDate: true } },
        schema: {
          matches: false,
          differenceCount: 1,
          differences: ['missing column training_forms.location: expected varchar(120), found nothing'],
        },
      });
    },
    { migrate: false },
  ),
);

t.test('errors: domain codes map to statuses; unexpected errors leak nothing', async (t) => {
  const services = await compose(testEnv({}));
  const app = await buildApp(services.config, services, { logger: false });
  t.teardown(async () => {
    await app.close();
    await services.close();
  });
  app.get('/boom/stale', { config: { access: 'public' } }, async () => {
    throw new StaleTrainingFormError(7, 1, 2);
  });
  app.get('/boom/missing', { config: { access: 'public' } }, async () => {
    throw new TrainingFormNotFoundError(7);
  });
  app.get('/boom/invalid', { config: { access: 'public' } }, async () => {
    throw new ValidationError({ title: 'Required.' });
  });
  app.get('/boom/crash', { config: { access: 'public' } }, async () => {
    throw new Error('ENOENT: /srv/app/src/secret/file.ts at line 12');
  });
  t.equal((await app.inject('/boom/stale')).statusCode, 409);
  t.equal((await app.inject('/boom/missing')).statusCode, 404);
  const json = { accept: 'application/json' };
  const invalid = await app.inject({ url: '/boom/invalid', headers: json });
  t.equal(invalid.statusCode, 422);
  t.same(invalid.json().error.fields, { title: 'Required.' });
  const crash = await app.inject({ url: '/boom/crash', headers: json });
  t.equal(crash.statusCode, 500);
  t.notMatch(crash.body, /srv|secret|\.ts|ENOENT|at line/, 'no path, no message, no stack');
  t.match(crash.json(), { error: { code: 'INTERNAL', requestId: /.+/ } });
  const page = await app.inject('/boom/crash');
  t.equal(page.statusCode, 500);
  t.match(page.headers['content-type'], /text\/html/, 'browsers get a page');
  t.notMatch(page.body, /srv|secret|\.ts|ENOENT|at line/, 'no path, no message, no stack in the page either');
  const unknown = await app.inject('/nowhere?x=1');
  t.equal(unknown.statusCode, 404);
});

t.test('/health on MariaDB: 503 while the database is unreachable, 200 again when it returns', async (t) => {
  if (!(await requireTarget(t, 'mariadb'))) return;
  const { settings, drop } = await createMariadbDatabase();
  const link = await relay(settings.port);
  const services = await compose(
    testEnv({
      USE_SQLITE: 'false',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(link.port),
      DB_NAME: settings.database,
      DB_USER: settings.user,
      DB_PASSWORD: settings.password,
      DB_CONNECT_TIMEOUT_MS: '1000',
    }),
  );
  const app = await buildApp(services.config, services, { logger: false });
  t.teardown(async () => {
    await app.close();
    await services.close();
    await link.cut().catch(() => undefined);
    await drop();
  });
  await services.migrate();
  const up = await app.inject('/health');
  t.equal(up.statusCode, 200);
  t.match(up.json(), { status: 'ok', database: { dialect: 'mariadb', reachable: true } });

  await link.cut();
  const down = await app.inject('/health');
  t.equal(down.statusCode, 503);
  t.match(down.json(), { status: 'unavailable', database: { reachable: false, error: /.+/ } });
  t.notMatch(down.body, new RegExp(settings.password || 'no-password-set'), 'no credentials in the report');

  await link.restore();
  let back = await app.inject('/health');
  // The pool may hand out one connection that died with the outage; it is replaced on the next call.
  if (back.statusCode !== 200) back = await app.inject('/health');
  t.equal(back.statusCode, 200, 'recovers by itself');
});
