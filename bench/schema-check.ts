// `npx tsx bench/schema-check.ts [--runs N]`: wall time of `check` (process start included) on the
// app schema and on a synthetic 200-table schema, SQLite and MariaDB; prints a Markdown table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConnection } from 'mysql2/promise';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);
const work = join(ROOT, 'tmp', `bench-schema-${process.pid}`);
mkdirSync(join(work, 'migrations'), { recursive: true });

// 200 tables of 10 columns, 2 indexes and a foreign key each
const TABLES = 200;
const decl = [
  `import { integer, varchar, text, datetime, boolean, decimal, table } from '../../src/declared-schema/define.ts';`,
  'export const declaredSchema = {',
];
const mig = [
  `import type { Kysely } from 'kysely';`,
  '// eslint-disable-next-line @typescript-eslint/no-explicit-any',
  'export async function up(db: Kysely<any>): Promise<void> {',
];
for (let i = 0; i < TABLES; i++) {
  const fk =
    i > 0
      ? `foreignKeys: [{ name: 'fk_t${i}_parent', columns: ['parent_id'], references: { table: 't${i - 1}', columns: ['id'] }, onDelete: 'cascade' }],`
      : '';
  decl.push(`  t${i}: table({ columns: { id: integer().autoIncrement(), parent_id: integer().nullable(), name: varchar(120), code: varchar(20).default('x'), body: text().nullable(), at: datetime().defaultNow(), flag: boolean().default(false), amount: decimal(10, 2).nullable(), n: integer().default(0), note: varchar(200).nullable() },
    primaryKey: ['id'], indexes: [{ name: 'ux_t${i}_code', columns: ['code', 'name'], unique: true }, { name: 'ix_t${i}_at', columns: ['at'] }], ${fk} }),`);
  mig.push(`  await db.schema.createTable('t${i}').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()).addColumn('parent_id', 'integer')
    .addColumn('name', 'varchar(120)', (c) => c.notNull()).addColumn('code', 'varchar(20)', (c) => c.notNull().defaultTo('x')).addColumn('body', 'text')
    .addColumn('at', 'datetime(3)', (c) => c.notNull().defaultTo(nowDefault(db))).addColumn('flag', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('amount', 'decimal(10, 2)').addColumn('n', 'integer', (c) => c.notNull().defaultTo(0)).addColumn('note', 'varchar(200)')
    ${i > 0 ? `.addForeignKeyConstraint('fk_t${i}_parent', ['parent_id'], 't${i - 1}', ['id'], (fk) => fk.onDelete('cascade'))` : ''}.execute();
  await db.schema.createIndex('ux_t${i}_code').on('t${i}').columns(['code', 'name']).unique().execute();
  await db.schema.createIndex('ix_t${i}_at').on('t${i}').column('at').execute();`);
}
decl.push('};');
mig.push('}');
writeFileSync(join(work, 'schema.ts'), decl.join('\n'));
writeFileSync(
  join(work, 'migrations', '20300101000000_synthetic.ts'),
  `import { nowDefault } from '../../../db/helpers/migration-helpers.ts';\n${mig.join('\n')}\n`,
);

const tsx = join(ROOT, 'node_modules/.bin/tsx');
// the same CLI compiled (as production runs it): node dist/ops/db.js, migrations read from db/migrations
const dist = join(work, 'dist');
execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', dist], {
  cwd: ROOT,
  stdio: 'pipe',
});
writeFileSync(
  join(work, 'schema.mjs'),
  decl.join('\n').replace('../../src/declared-schema/define.ts', './dist/src/declared-schema/define.js'),
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
function time(args: string[], env: NodeJS.ProcessEnv, expectCode = 0, compiled = false): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    try {
      if (compiled)
        execFileSync(process.execPath, [join(dist, 'ops/db.js'), ...args], { cwd: ROOT, env, stdio: 'pipe' });
      else execFileSync(tsx, ['ops/db.ts', ...args], { cwd: ROOT, env, stdio: 'pipe' });
      if (expectCode !== 0) throw new Error('expected a failure');
    } catch (error) {
      if ((error as { status?: number }).status !== expectCode) throw error;
    }
    samples.push(performance.now() - start);
  }
  return median(samples);
}
const base = { ...process.env, APP_ENV: 'test' };
const sqliteEnv = (path: string) => ({ ...base, USE_SQLITE: 'true', DB_PATH: path });
const mariaEnv = (name: string) => ({
  ...base,
  USE_SQLITE: 'false',
  DB_HOST: '127.0.0.1',
  DB_PORT: '3306',
  DB_NAME: name,
  DB_USER: 'root',
  DB_PASSWORD: '',
});
const synthetic = ['--migrations-dir', join(work, 'migrations'), '--schema-module', join(work, 'schema.ts')];

const rows: string[] = [];
const admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
try {
  for (const [label, extra] of [
    ['app schema (7 tables)', []],
    [`synthetic (${TABLES} tables)`, synthetic],
  ] as const) {
    const sqlitePath = join(work, `${label.length}.db`);
    execFileSync(tsx, ['ops/db.ts', 'upgrade', 'head', ...extra], {
      cwd: ROOT,
      env: sqliteEnv(sqlitePath),
      stdio: 'pipe',
    });
    const db = `tf_bench_schema_${process.pid}_${extra.length}`;
    await admin.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    try {
      execFileSync(tsx, ['ops/db.ts', 'upgrade', 'head', ...extra], { cwd: ROOT, env: mariaEnv(db), stdio: 'pipe' });
      const s = time(['check', ...extra], sqliteEnv(sqlitePath));
      const m = time(['check', ...extra], mariaEnv(db));
      const startOnly = time(['frobnicate'], sqliteEnv(sqlitePath), 2);
      const compiledArgs = extra.length
        ? ['--migrations-dir', join(work, 'migrations'), '--schema-module', join(work, 'schema.mjs')]
        : ['--migrations-dir', join(ROOT, 'db/migrations')];
      const sc = time(['check', ...compiledArgs], sqliteEnv(sqlitePath), 0, true);
      const mc = time(['check', ...compiledArgs], mariaEnv(db), 0, true);
      const startOnlyC = time(['frobnicate'], sqliteEnv(sqlitePath), 2, true);
      const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      rows.push(`| ${label} | tsx (\`npm run schema:check\`) | ${f(s)} | ${f(m)} | ${f(startOnly)} |`);
      rows.push(`| ${label} | compiled (\`node dist/ops/db.js check\`) | ${f(sc)} | ${f(mc)} | ${f(startOnlyC)} |`);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    }
  }
} finally {
  await admin.end();
  rmSync(work, { recursive: true, force: true });
}
console.log(`median of ${RUNS} runs, wall time of \`tsx ops/db.ts check\` including process start\n`);
console.log(
  '| schema | runner | SQLite | MariaDB | process start only (usage error) |\n| --- | --- | --- | --- | --- |',
);
for (const r of rows) console.log(r);
