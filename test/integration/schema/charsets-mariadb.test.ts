import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import t from 'tap';
import { buildApp } from '../../../src/app/build-app.ts';
import { compose } from '../../../src/app/composition/compose.ts';
import { loadConfig } from '../../../src/app/config.ts';
import { MARIADB } from '../../helpers/mariadb.ts';
import { runTs } from '../../helpers/processes.ts';
import { requireTarget } from '../../helpers/targets.ts';

// A MariaDB server whose default character set is latin1 accepts every migration; then a name
// outside Latin-1 cannot be stored. `db check` (and so the deploy's rehearsal and /health) says so
// and how to convert; following its steps ends clean.

t.test('a database created in latin1: check names it, /health is 503, the printed steps fix it', async (t) => {
  if (!(await requireTarget(t, 'mariadb'))) return;
  const name = `tf_latin1_${process.pid}`;
  const admin = await createConnection({ ...MARIADB, multipleStatements: true });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET latin1`);
  t.teardown(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  });
  const env = {
    APP_ENV: 'test',
    USE_SQLITE: 'false',
    DB_HOST: MARIADB.host,
    DB_PORT: String(MARIADB.port),
    DB_NAME: name,
    DB_USER: MARIADB.user,
    DB_PASSWORD: MARIADB.password,
  };
  const db = (...args: string[]) => runTs('ops/db.ts', args, env);
  t.equal((await db('upgrade', 'head')).code, 0, 'the migrations run without a word');
  const storeName = () =>
    admin.query(`INSERT INTO \`${name}\`.employees (directory_id, display_name, active) VALUES (?, ?, 1)`, [
      `d-${Math.random()}`,
      'Zhāng Wěi 张伟',
    ]);
  await t.rejects(
    storeName(),
    { code: 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD' },
    'and then a name outside Latin-1 cannot be stored',
  );

  const check = await db('check');
  t.equal(check.code, 1, check.stdout + check.stderr);
  t.match(
    check.stdout,
    /character set \(database default\): expected utf8mb4 \(utf8mb4_unicode_ci\), found latin1 \(latin1_swedish_ci\)/,
  );
  t.match(
    check.stdout,
    /character set employees: expected utf8mb4 \(utf8mb4_unicode_ci\), found latin1 \(latin1_swedish_ci\), with \d+ of its \d+ text columns/,
  );
  t.notMatch(check.stdout, /revision --autogenerate/, 'no migration is proposed: character sets are not migrations');
  const json = JSON.parse((await db('check', '--json')).stdout) as {
    verdicts: { schemaDifferences: { differences: { kind: string }[] } };
  };
  t.ok(
    json.verdicts.schemaDifferences.differences.every((d) => d.kind === 'character-set'),
    'every difference is of kind character-set',
  );

  const services = await compose({
    ...loadConfig({ ...env, UPLOAD_FOLDER: mkdtempSync(join(tmpdir(), 'tf-latin1-')) }),
  });
  const app = await buildApp(services.config, services, { logger: false });
  const health = await app.inject('/health');
  await app.close();
  await services.close();
  t.equal(health.statusCode, 503, '/health: this release does not match its database');
  t.match(health.json(), {
    status: 'degraded',
    schema: { matches: false, differences: [/^character set \(database default\)/] },
  });

  // The printed steps, as an operator runs them.
  const steps = check.stdout
    .split('\n')
    .filter((l) => /^ {2}ALTER (DATABASE|TABLE)/.test(l))
    .map((l) => l.replace('<database>', `\`${name}\``));
  t.ok(steps.length > 5, 'one ALTER for the database and one per table');
  await admin.query(`USE \`${name}\`; ${steps.join('\n')}`);
  const widened = await db('check');
  t.equal(widened.code, 1);
  t.match(
    widened.stdout,
    /column type training_forms\.description: expected text, found mediumtext/,
    'as the note says, CONVERT TO widened TEXT columns; check names them',
  );
  await admin.query(`USE \`${name}\`;
    ALTER TABLE training_forms MODIFY description TEXT NULL; ALTER TABLE audit_events MODIFY details TEXT NULL;
    ALTER TABLE sessions MODIFY data TEXT NOT NULL; ALTER TABLE job_runs MODIFY counts TEXT NULL, MODIFY error TEXT NULL;
    ALTER TABLE deployments MODIFY steps TEXT NOT NULL`);
  const clean = await db('check');
  t.equal(clean.code, 0, clean.stdout);
  await storeName();
  t.pass('the name is stored now');
});
