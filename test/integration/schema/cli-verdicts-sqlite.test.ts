import { join } from 'node:path';
import t from 'tap';
import { scenario } from './cli-verdicts-scenario.ts';
import { forEachDatabase } from '../../helpers/targets.ts';
import { envFor, processEnv } from '../../helpers/env.ts';
import { runCli, scratchProject } from './schema-test-kit.ts';

t.test('check: verdicts 1-4 provoked for real through the CLI, exit codes 0/1', (t) =>
  forEachDatabase(t, ['sqlite'], scenario, { migrate: false }),
);

t.test('check: exit 2 with the reason when it cannot check', async (t) => {
  const project = scratchProject('cannot');
  t.teardown(project.remove);
  const missing = join(project.dir, 'nope.db');
  let r = await runCli(['check'], processEnv(envFor({ dialect: 'sqlite', path: missing })));
  t.equal(r.code, 2);
  t.match(r.stderr, `cannot check: SQLite database file ${missing} does not exist`);
  r = await runCli(['check', '--json'], {
    ...processEnv(
      envFor({ dialect: 'mariadb', host: '127.0.0.1', port: 1, database: 'x', user: 'root', password: '' }),
    ),
  });
  t.equal(r.code, 2);
  t.match(r.stderr, /cannot check: cannot reach the database \(mariadb 127\.0\.0\.1:1\/x/);
  r = await runCli(['check'], {
    ...processEnv(envFor({ dialect: 'sqlite', path: missing })),
    DB_PORT: 'abc',
    USE_SQLITE: 'maybe',
  });
  t.equal(r.code, 2);
  t.match(r.stderr, 'Invalid configuration: USE_SQLITE must be true or false');
  r = await runCli(['frobnicate'], processEnv(envFor({ dialect: 'sqlite', path: missing })));
  t.equal(r.code, 2);
  t.match(r.stderr, 'unknown command "frobnicate"');
  t.match(r.stderr, 'usage: npm run db');
});
