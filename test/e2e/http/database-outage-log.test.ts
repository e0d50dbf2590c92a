import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../../../src/app/build-app.ts';
import { compose } from '../../../src/app/composition/compose.ts';
import { loadConfig } from '../../../src/app/config.ts';
import { Client, LogCapture } from '../../helpers/http-app.ts';
import { createMariadbDatabase } from '../../helpers/mariadb.ts';
import { relay } from '../../helpers/tcp-relay.ts';
import { requireTarget } from '../../helpers/targets.ts';

const FAILING = 8;

t.test('a MariaDB outage: one short line per failed request, one line when it starts, one when it ends', async (t) => {
  if (!(await requireTarget(t, 'mariadb'))) return;
  const { settings, drop } = await createMariadbDatabase();
  const link = await relay(settings.port);
  const dir = mkdtempSync(join(tmpdir(), 'tf-outage-'));
  const config = loadConfig({
    APP_ENV: 'test',
    LOG_LEVEL: 'info',
    UPLOAD_FOLDER: join(dir, 'uploads'),
    USE_SQLITE: 'false',
    DB_HOST: '127.0.0.1',
    DB_PORT: String(link.port),
    DB_NAME: settings.database,
    DB_USER: settings.user,
    DB_PASSWORD: settings.password,
    DB_CONNECT_TIMEOUT_MS: '1000',
    SESSION_RECHECK_SECONDS: '0',
  });
  const services = await compose(config);
  const log = new LogCapture();
  const app = await buildApp(config, services, { logStream: log });
  t.teardown(async () => {
    await app.close();
    await services.close();
    await link.cut().catch(() => undefined);
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });
  await services.migrate();
  const alice = new Client(app);
  await alice.signIn('alice');
  t.equal((await alice.get('/')).statusCode, 200, 'the list works before the outage');

  await link.cut();
  const outageStart = log.lines.length;
  for (let i = 0; i < FAILING; i++) {
    const res = await alice.get('/', { 'x-request-id': `outage-${i}` });
    t.equal(res.statusCode, 500, `request ${i} fails`);
  }
  const during = log.lines.slice(outageStart);
  const errors = during.filter((l) => typeof l.level === 'number' && l.level >= 50);
  const perRequest = errors.filter((l) => l.msg === 'request failed: database unreachable');
  t.same(
    perRequest.map((l) => l.reqId),
    Array.from({ length: FAILING }, (_, i) => `outage-${i}`),
    'one line per failed request, with its request id',
  );
  for (const line of perRequest) t.match(line, { code: /^[A-Z_]+$/, error: /.+/ }, 'the error code and message');
  const starts = errors.filter((l) => l.msg === 'database unreachable');
  t.equal(starts.length, 1, 'one outage-start line');
  t.equal(errors.length, FAILING + 1, 'nothing else at error');
  t.notMatch(JSON.stringify(during), /"stack"|\\n\s+at /, 'no stack trace anywhere');

  await link.restore();
  let back = 0;
  for (let i = 0; i < 5 && back !== 200; i++) back = (await alice.get('/')).statusCode;
  t.equal(back, 200, 'the list works again');
  const recovered = log.lines.filter(
    (l) => typeof l.msg === 'string' && /^database reachable again after \d+ s$/.test(l.msg),
  );
  t.equal(recovered.length, 1, 'one recovery line');
  t.match(recovered[0], { level: 40, downSeconds: Number });

  await link.cut();
  await alice.get('/', { 'x-request-id': 'second-outage' });
  t.equal(log.lines.filter((l) => l.msg === 'database unreachable').length, 2, 'a second outage is announced again');
  await link.restore();
});
