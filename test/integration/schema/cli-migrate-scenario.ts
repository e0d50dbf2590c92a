import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Test } from 'tap';
import { introspectDatabase } from '../../../src/adapters/schema-check/introspect.ts';
import type { DatabaseHandle } from '../../../src/adapters/db/connection/connect.ts';
import type { DialectContext } from '../../helpers/targets.ts';
import { envFor, processEnv } from '../../helpers/env.ts';
import { CLI, ROOT, runCli, initialOnlyProject, INITIAL_MIGRATION, INITIAL_SCHEMA } from './schema-test-kit.ts';

const INITIAL = INITIAL_MIGRATION;
const migrationFile = (up: string, down = '') => `import { sql, type Kysely } from 'kysely';
void sql;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
${up}
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
${down}
}
`;

async function waitFor(path: string, timeoutMs = 30_000): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < timeoutMs;) {
    if (existsSync(path)) return true;
    await sleep(50);
  }
  return false;
}

/** The CLI as a background process, for the lock test. */
function background(args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(CLI[0], [...CLI.slice(1), ...args], { cwd: ROOT, env });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return {
    exit: new Promise<number | null>((resolve) => child.on('close', resolve)),
    output: () => out,
    async printed(text: string, timeoutMs = 30_000) {
      for (const start = Date.now(); Date.now() - start < timeoutMs; await sleep(50))
        if (out.includes(text)) return true;
      return false;
    },
  };
}

/**
 * upgrade/downgrade --sql, stamp, history, failures and the lock, through the CLI (run per dialect by
 * cli-migrate-<dialect>.test.ts).
 */
export async function scenario(t: Test, handle: DatabaseHandle, ctx: DialectContext): Promise<void> {
  const dialect = handle.dialect;
  await sql`select 1`.execute(handle.db);
  const project = initialOnlyProject('migrate');
  t.teardown(project.remove);
  const env = processEnv(envFor(ctx.settings));
  const db = (...args: string[]) =>
    runCli([...args, '--migrations-dir', project.migrations, '--schema-module', INITIAL_SCHEMA], env);
  const tables = async () => Object.keys((await introspectDatabase(handle.db, dialect)).tables).sort();
  const applied = async () =>
    await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db).then(
      (r) => r.rows.map((x) => x.name),
      () => [] as string[],
    );

  let r = await db('upgrade', 'head', '--sql');
  t.equal(r.code, 0, r.output);
  t.match(r.stdout, `-- ${INITIAL} (up)`);
  t.match(r.stdout, /create table .training_forms. \(.*\);\n/);
  t.match(r.stdout, /create unique index .ux_employees_directory_id./);
  t.match(r.stdout, 'the database was not changed');
  t.same(await tables(), [], 'upgrade --sql changed nothing');
  t.same(await applied(), [], 'and recorded nothing');

  r = await db('stamp', 'head');
  t.equal(r.code, 0, r.output);
  t.match(r.stdout, `recording ${INITIAL} as applied (not run)`);
  t.same(await tables(), [], 'stamp ran nothing');
  r = await db('current');
  t.match(r.stdout, `current: ${INITIAL}`);
  t.match(r.stdout, 'up to date');
  r = await db('stamp', 'nonexistent_name');
  t.equal(r.code, 1);
  t.match(r.stderr, 'no migration named "nonexistent_name"');

  // back to an empty database, then a real upgrade
  await sql`delete from kysely_migration`.execute(handle.db);
  r = await db('upgrade');
  t.equal(r.code, 0, r.output);
  t.equal((await tables()).length, 7);
  r = await db('downgrade', 'base', '--sql');
  t.equal(r.code, 0, r.output);
  t.match(r.stdout, /drop table .sessions.;\n/);
  t.match(r.stdout, /drop table .training_forms.;\n/);
  t.equal((await tables()).length, 7, 'downgrade --sql changed nothing');
  r = await db('downgrade');
  t.equal(r.code, 2, 'downgrade needs a target');
  r = await db('downgrade', '-5');
  t.equal(r.code, 1);
  t.match(r.stderr, 'cannot go back 5: only 1 migration(s) applied');

  // a failing migration names its step and what took effect
  const failing = '20990101000000_half_done';
  writeFileSync(
    join(project.migrations, `${failing}.ts`),
    migrationFile(
      "  await db.schema.createTable('first_step').addColumn('id', 'integer', (c) => c.primaryKey()).execute();\n  await db.schema.createIndex('ix_nope').on('first_step').column('no_such_column').execute();",
      "  await db.schema.dropTable('first_step').execute();",
    ),
  );
  r = await db('upgrade', 'head');
  t.equal(r.code, 1, 'a failed migration exits non-zero');
  t.match(r.stderr, `✗ ${failing} FAILED at step 2`);
  t.match(r.stderr, /failing statement: create index .ix_nope./);
  if (dialect === 'sqlite') {
    t.match(r.stderr, 'rolled back (SQLite): none of its steps took effect');
    t.notOk((await tables()).includes('first_step'), 'SQLite rolled the whole migration back');
  } else {
    t.match(r.stderr, 'MariaDB commits DDL at once: these 1 earlier step(s) of it TOOK EFFECT and stayed:');
    t.match(r.stderr, /1\. create table .first_step./);
    t.ok((await tables()).includes('first_step'), 'on MariaDB the first step stayed, as reported');
    await sql`drop table first_step`.execute(handle.db);
  }
  t.same(await applied(), [INITIAL], 'the failed migration is not recorded');

  // the lock: a second upgrade waits for the first, or fails clearly when its timeout is short
  const marker = join(project.dir, 'started');
  const release = join(project.dir, 'release');
  writeFileSync(
    join(project.migrations, `${failing}.ts`),
    migrationFile(
      `
  const { existsSync, writeFileSync } = await import('node:fs');
  writeFileSync(${JSON.stringify(marker)}, 'x');
  while (!existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 50));
  await db.schema.createTable('slow_table').addColumn('id', 'integer', (c) => c.primaryKey()).execute();`,
      "  await db.schema.dropTable('slow_table').execute();",
    ),
  );
  const first = background(['upgrade', 'head', '--migrations-dir', project.migrations], env);
  t.ok(await waitFor(marker), 'the first upgrade is inside its migration');
  r = await db('upgrade', 'head', '--lock-timeout', '1');
  t.equal(r.code, 1, 'a concurrent upgrade with a short timeout fails');
  t.match(r.stderr, /FAILED: another (process holds the write lock|migration run holds the lock)/);
  const waiting = background(['upgrade', 'head', '--lock-timeout', '60', '--migrations-dir', project.migrations], env);
  t.ok(
    await waiting.printed('upgrading: 1 migration(s) to apply'),
    'the second upgrade planned the same migration and waits',
  );
  await sleep(300);
  writeFileSync(release, 'go');
  t.equal(await first.exit, 0, first.output());
  t.match(first.output(), `✓ ${failing} applied`);
  t.equal(await waiting.exit, 0, waiting.output());
  t.match(waiting.output(), `${failing} skipped: another run applied it while this one waited for the lock`);
  t.same(await applied(), [INITIAL, failing], 'applied exactly once');

  r = await db('history');
  t.match(r.stdout, `[applied ] ${INITIAL}`);
  t.match(r.stdout, `[applied ] ${failing}`);
  r = await db('downgrade', 'base');
  t.equal(r.code, 0, r.output);
  t.match(r.stdout, `✓ ${failing} reverted`);
  t.match(r.stdout, `✓ ${INITIAL} reverted`);
  t.same(await tables(), []);
  r = await db('history');
  t.match(r.stdout, `[pending ] ${INITIAL}`);
}
