import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import t from 'tap';
import { MARIADB } from '../../helpers/mariadb.ts';
import { REPO, runTs } from '../../helpers/processes.ts';
import { requireTarget } from '../../helpers/targets.ts';

const sqlFile = (env: string) => join(REPO, 'ops/sql', `setup_mariadb_${env}.sql`);

function runScript(env: string, vars: Record<string, string>) {
  const init = `SET ${Object.entries(vars)
    .map(([k, v]) => `@${k}='${v}'`)
    .join(', ')}`;
  return spawnSync(
    'mariadb',
    [
      '-h',
      MARIADB.host,
      '-P',
      String(MARIADB.port),
      '-u',
      MARIADB.user,
      ...(MARIADB.password ? [`-p${MARIADB.password}`] : []),
      `--init-command=${init}`,
    ],
    { input: readFileSync(sqlFile(env)), encoding: 'utf8' },
  );
}

t.test('the two setup scripts differ only in their defaults', async (t) => {
  const strip = (env: string) =>
    readFileSync(sqlFile(env), 'utf8')
      .split('\n')
      .filter((l) => !/^(--|SET @(db_name|app_user|migrator_user) )/.test(l))
      .join('\n');
  t.equal(strip('staging'), strip('production'));
  t.match(readFileSync(sqlFile('production'), 'utf8'), /COALESCE\(@db_name, 'training_tool'\)/);
  t.match(readFileSync(sqlFile('staging'), 'utf8'), /COALESCE\(@db_name, 'training_tool_staging'\)/);
  const statements = readFileSync(sqlFile('production'), 'utf8').replace(/^--.*$/gm, '');
  t.notMatch(statements, /GRANT ALL/i);
});

t.test('least privilege: the app user reads and writes data, only the migration user changes the schema', async (t) => {
  if (!(await requireTarget(t, 'mariadb'))) return;
  const id = randomBytes(3).toString('hex');
  const names = { db_name: `tf_setup_${id}`, app_user: `tf_app_${id}`, migrator_user: `tf_mig_${id}`, user_host: '%' };
  const passwords = { app_password: `app-${id}-0123456789`, migrator_password: `mig-${id}-0123456789` };
  const admin = await createConnection(MARIADB);
  t.teardown(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${names.db_name}\``);
    await admin.query(`DROP DATABASE IF EXISTS \`${names.db_name}_rehearsal\``);
    await admin.query(`DROP USER IF EXISTS '${names.app_user}'@'%', '${names.migrator_user}'@'%'`);
    await admin.end();
  });

  const refused = runScript('staging', names);
  t.not(refused.status, 0, 'refuses to run without passwords');
  t.match(refused.stderr, /Set @app_password and @migrator_password/);

  const ok = runScript('staging', { ...names, ...passwords });
  t.equal(ok.status, 0, ok.stderr);
  t.equal(runScript('staging', { ...names, ...passwords }).status, 0, 'idempotent');
  const [rows] = await admin.query(
    `SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?`,
    [names.db_name],
  );
  t.same(rows, [{ cs: 'utf8mb4' }]);

  const as = (user: string, password: string) =>
    createConnection({ ...MARIADB, user, password, database: names.db_name });
  const migrator = await as(names.migrator_user, passwords.migrator_password);
  await migrator.query('CREATE TABLE probe (id INT PRIMARY KEY)');
  await migrator.end();
  const app = await as(names.app_user, passwords.app_password);
  await app.query('INSERT INTO probe VALUES (1)');
  t.same((await app.query('SELECT id FROM probe'))[0], [{ id: 1 }]);
  await t.rejects(app.query('CREATE TABLE nope (id INT)'), { code: 'ER_TABLEACCESS_DENIED_ERROR' });
  await t.rejects(app.query('DROP TABLE probe'), { code: 'ER_TABLEACCESS_DENIED_ERROR' });
  await app.end();

  // The migration user can run the deploy's rehearsal: a scratch copy in <db>_rehearsal, dropped again.
  const dbEnv = {
    APP_ENV: 'test',
    USE_SQLITE: 'false',
    DB_HOST: MARIADB.host,
    DB_PORT: String(MARIADB.port),
    DB_NAME: names.db_name,
    DB_USER: names.migrator_user,
    DB_PASSWORD: passwords.migrator_password,
  };
  const rehearsal = await runTs('ops/db.ts', ['rehearse'], dbEnv);
  t.equal(rehearsal.code, 1, rehearsal.stdout + rehearsal.stderr);
  t.match(rehearsal.stdout, new RegExp(`copied without rows to mariadb .*/${names.db_name}_rehearsal`));
  t.match(rehearsal.stdout, /extra table probe/, 'the copy has the structure (and the check runs on it)');
  const [left] = await admin.query(`SHOW DATABASES LIKE '${names.db_name}\\_rehearsal'`);
  t.same(left, [], 'and it is dropped');
});
