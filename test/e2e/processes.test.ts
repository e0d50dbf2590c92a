import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import t from 'tap';
import { runTs, startTs } from '../helpers/processes.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'tf-proc-'));

t.test('start-up with a broken setting prints one line naming it and exits non-zero', async (t) => {
  const cwd = tmp();
  const portAbc = await runTs('src/app/server.ts', [], { USE_SQLITE: 'false', DB_PORT: 'abc' }, { cwd });
  t.equal(portAbc.code, 1);
  t.equal(portAbc.stderr.trim().split('\n').length, 1, 'one line');
  t.match(portAbc.stderr, /^Invalid configuration: DB_PORT must be a whole number from 1 to 65535 \(got "abc"\)$/m);

  const noSecret = await runTs(
    'src/app/server.ts',
    [],
    { APP_ENV: 'production', DB_HOST: 'db', DB_USER: 'u', DB_PASSWORD: 'p', UPLOAD_FOLDER: cwd },
    { cwd },
  );
  t.equal(noSecret.code, 1);
  t.match(noSecret.stderr.trim(), /^Invalid configuration: SECRET_KEY is required$/);
});

t.test('the server migrates a new SQLite file, serves /health, and stops cleanly on SIGTERM', async (t) => {
  const cwd = tmp();
  const child = startTs('src/app/server.ts', [], { APP_ENV: 'development', PORT: '0', HOST: '127.0.0.1' }, cwd);
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      log += c.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
  });
  const health = await fetch(`${url}/health`);
  t.equal(health.status, 200);
  t.match(await health.json(), { status: 'ok', database: { dialect: 'sqlite' } });
  t.match(log, /applied \d+ migration/);
  const exitCode = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  t.equal(await exitCode, 0, 'exit 0 after SIGTERM');
  t.match(log, /shutting down/);
  t.match(log, /"msg":"stopped"/);
  const db = new SQLite(join(cwd, 'training_forms.db'), { readonly: true });
  t.teardown(() => db.close());
  t.ok(
    db.prepare("select 1 from sqlite_master where name = 'training_forms'").get(),
    'the default SQLite file was created in the working folder',
  );
});

t.test('seed fills a database with varied data; bad arguments are refused', async (t) => {
  const cwd = tmp();
  const dbPath = join(cwd, 'seed.db');
  const env = { APP_ENV: 'development', DB_PATH: dbPath };
  const run = await runTs('ops/seed.ts', ['--forms', '300', '--employees', '40'], env, { cwd });
  t.equal(run.code, 0, run.stderr);
  t.match(run.stdout, /seeded 40 employees, 300 forms, \d+ trainee links into sqlite/);
  const db = new SQLite(dbPath, { readonly: true });
  t.teardown(() => db.close());
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  t.equal(count('select count(*) n from training_forms'), 300);
  t.equal(count('select count(*) n from employees'), 40);
  t.ok(count('select count(distinct training_type) n from training_forms') >= 4, 'varied types');
  t.ok(count('select count(*) n from training_forms where deleted = 1') > 0, 'some forms in the trash');
  t.equal(
    count(
      'select count(*) n from training_forms f where not exists (select 1 from training_form_trainees x where x.training_form_id = f.id)',
    ),
    0,
    'every form has trainees',
  );
  t.equal(
    count(
      'select count(*) n from training_form_trainees x left join training_forms f on f.id = x.training_form_id where f.id is null',
    ),
    0,
    'no dangling trainee links',
  );

  const bad = await runTs('ops/seed.ts', ['--forms', 'lots'], env, { cwd });
  t.equal(bad.code, 1);
  t.match(bad.stderr, /--forms must be a whole number/);
  const prod = await runTs(
    'ops/seed.ts',
    [],
    {
      APP_ENV: 'production',
      USE_SQLITE: 'true',
      ALLOW_SQLITE_IN_PRODUCTION: 'true',
      SECRET_KEY: 'p'.repeat(40),
      UPLOAD_FOLDER: cwd,
      DB_PATH: dbPath,
    },
    { cwd },
  );
  t.equal(prod.code, 1);
  t.match(prod.stderr, /refusing to seed a production database/);
});
