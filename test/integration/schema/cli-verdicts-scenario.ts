import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Test } from 'tap';
import type { DatabaseHandle } from '../../../src/adapters/db/connection/connect.ts';
import type { DialectContext } from '../../helpers/targets.ts';
import { envFor, processEnv } from '../../helpers/env.ts';
import { runCli, initialOnlyProject, INITIAL_MIGRATION, INITIAL_SCHEMA } from './schema-test-kit.ts';

const INITIAL = INITIAL_MIGRATION;

/**
 * check: verdicts 1-4 provoked for real through the CLI, exit codes 0/1 (run per dialect by
 * cli-verdicts-<dialect>.test.ts).
 */
export async function scenario(t: Test, handle: DatabaseHandle, ctx: DialectContext): Promise<void> {
  await sql`select 1`.execute(handle.db); // creates the SQLite file
  const project = initialOnlyProject('verdicts');
  t.teardown(project.remove);
  const env = processEnv(envFor(ctx.settings));
  const db = (...args: string[]) =>
    runCli([...args, '--migrations-dir', project.migrations, '--schema-module', INITIAL_SCHEMA], env);

  let r = await db('check');
  t.equal(r.code, 1, 'empty database: mismatch');
  t.match(r.stdout, `❌ SCHEMA MISMATCH DETECTED!`);
  t.match(r.stdout, `❌ 1. pending migrations (files not applied): 1`);
  t.match(r.stdout, `pending migration ${INITIAL}`);
  t.match(r.stdout, 'missing table training_forms: expected table, found nothing');
  t.match(r.stdout, 'npm run db -- upgrade head', 'says how to fix');

  r = await db('upgrade', 'head');
  t.equal(r.code, 0, r.output);
  t.match(r.stdout, `✓ ${INITIAL} applied`);
  t.match(r.stdout, /1\. create table .training_forms./, 'each step printed');

  r = await db('check');
  t.equal(r.code, 0, r.output);
  for (const n of [1, 2, 3, 4]) t.match(r.stdout, `✅ ${n}. `, `✅ line for verdict ${n}`);
  t.notMatch(r.stdout, '❌');

  r = await db('check', '--json');
  t.equal(r.code, 0);
  const report = JSON.parse(r.stdout) as Record<string, unknown>;
  t.match(report, {
    formatVersion: 1,
    ok: true,
    dialect: ctx.settings.dialect,
    verdicts: {
      pendingMigrations: { ok: true, migrations: [] },
      unknownMigrations: { ok: true, migrations: [] },
      changedMigrations: { ok: true, migrations: [], unverified: [] },
      schemaDifferences: { ok: true, tables: 7, differences: [] },
    },
  });

  // verdict 2: applied in the database, unknown to the code
  await sql`insert into kysely_migration (name, timestamp) values ('20990101000000_never_committed', '2099-01-01T00:00:00.000Z')`.execute(
    handle.db,
  );
  r = await db('check');
  t.equal(r.code, 1);
  t.match(r.stdout, 'migration version mismatch between local and remote');
  t.match(r.stdout, 'unknown applied migration 20990101000000_never_committed');
  t.match(r.stdout, '✅ 1. no pending migrations');
  t.match(r.stdout, '✅ 4. schema matches the declaration');
  r = await db('upgrade', 'head');
  t.equal(r.code, 1, 'upgrade refuses over a database with unknown migrations');
  t.match(r.stderr, 'applied migrations this code does not have: 20990101000000_never_committed');
  r = await db('history');
  t.match(r.stdout, '[unknown ] 20990101000000_never_committed');
  await sql`delete from kysely_migration where name = '20990101000000_never_committed'`.execute(handle.db);

  // verdict 3: an applied file edited afterwards; a comment or whitespace edit is no alarm
  const file = join(project.migrations, `${INITIAL}.ts`);
  const original = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    original
      .replace('// Frozen history', '// Frozen   history (a reworded comment)')
      .replace(/\n {4}\./g, '\n        .'),
  );
  r = await db('check');
  t.equal(r.code, 0, 'comment and indentation edits are not an alarm');
  writeFileSync(file, original.replace("'varchar(200)'", "'varchar(201)'"));
  r = await db('check');
  t.equal(r.code, 1);
  t.match(r.stdout, '❌ 3. applied migrations whose file changed since they were applied');
  t.match(r.stdout, `changed migration ${INITIAL}`);
  t.match(r.stdout, 'git checkout -- db/migrations/<file>');
  r = await db('history');
  t.match(r.stdout, `[changed ] ${INITIAL}`);
  writeFileSync(file, original);

  // verdict 1: a new file not applied yet
  const pending = '20990101000000_add_stray_table';
  writeFileSync(
    join(project.migrations, `${pending}.ts`),
    `import type { Kysely } from 'kysely';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> { await db.schema.createTable('stray').addColumn('id', 'integer', (c) => c.primaryKey()).execute(); }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> { await db.schema.dropTable('stray').execute(); }
`,
  );
  r = await db('check', '--json');
  t.equal(r.code, 1);
  t.match(JSON.parse(r.stdout), {
    ok: false,
    verdicts: { pendingMigrations: { ok: false, migrations: [pending] }, schemaDifferences: { ok: true } },
  });
  r = await db('current');
  t.match(r.stdout, `current: ${INITIAL}`);
  t.match(r.stdout, `1 pending: ${pending}`);
  r = await db('upgrade', pending);
  t.equal(r.code, 0, r.output);
  r = await db('check');
  t.equal(r.code, 1, 'the migration made a table the declaration lacks');
  t.match(r.stdout, 'extra table stray: expected nothing, found table');
  t.match(r.stdout, 'revision --autogenerate');
  r = await db('downgrade', '-1');
  t.equal(r.code, 0, r.output);
  t.match(r.stdout, `✓ ${pending} reverted`);
}
