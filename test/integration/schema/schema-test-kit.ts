import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { connectDatabase, type DatabaseHandle, type DatabaseSettings } from '../../../src/adapters/db/connection/connect.ts';
import type { DialectContext } from '../../helpers/dialects.ts';
import { createMariadbDatabase, mariadbUnavailableReason } from '../../helpers/mariadb.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

/** Shared by the schema suites (not a test file). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
}

/** The environment that points the real CLI at `settings` (nothing inherited from DB_* / USE_SQLITE). */
export function envFor(settings: DatabaseSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(DB_|USE_SQLITE|APP_ENV|CI$)/.test(k)) env[k] = v;
  env.APP_ENV = 'test';
  if (settings.dialect === 'sqlite') return { ...env, USE_SQLITE: 'true', DB_PATH: settings.path };
  return { ...env, USE_SQLITE: 'false', DB_HOST: settings.host, DB_PORT: String(settings.port), DB_NAME: settings.database, DB_USER: settings.user, DB_PASSWORD: settings.password };
}

/** `node --import tsx ops/db.ts ...args`: the CLI as `npm run db` runs it, without tsx's extra wrapper process. */
export const CLI = [process.execPath, '--import', 'tsx', 'ops/db.ts'] as const;

/** Runs the real CLI as a child process, as an operator would. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(CLI[0], [...CLI.slice(1), ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

/**
 * A scratch project folder under `<repo>/tmp/` (so migrations there resolve `kysely` and
 * `db/helpers` as the real ones do): `migrations/` starts as a copy of `db/migrations`.
 */
export function scratchProject(label: string, copyMigrations = true): { dir: string; migrations: string; schema: string; writeSchema(source: string): void; remove(): void } {
  const dir = join(ROOT, 'tmp', `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations, { recursive: true });
  if (copyMigrations) cpSync(join(ROOT, 'db/migrations'), migrations, { recursive: true });
  const schema = join(dir, 'schema.ts');
  return {
    dir,
    migrations,
    schema,
    writeSchema: (source) => writeFileSync(schema, source),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The first migration and the declaration that matches it (a frozen fixture). */
export const INITIAL_MIGRATION = '20261124080000_initial_schema';
export const INITIAL_SCHEMA = join(ROOT, 'test/fixtures/schema/initial-schema.ts');

/**
 * A scratch project holding only the initial migration, checked against {@link INITIAL_SCHEMA}:
 * scenarios built on it do not change when the application gains migrations.
 */
export function initialOnlyProject(label: string) {
  const project = scratchProject(label, false);
  cpSync(join(ROOT, 'db/migrations', `${INITIAL_MIGRATION}.ts`), join(project.migrations, `${INITIAL_MIGRATION}.ts`));
  return project;
}

/** Import specifiers from a scratch project's files to the repo's modules. */
export const FROM_SCRATCH = '../../src/declared-schema';

/**
 * Like `forEachDialect` but for one dialect, so the slow CLI suites (each command is a process
 * start) can be split into one file per dialect and stay well inside tap's per-file timeout.
 */
export async function onDialect(
  t: Test,
  dialect: 'sqlite' | 'mariadb',
  body: (t: Test, handle: DatabaseHandle, ctx: DialectContext) => Promise<void>,
): Promise<void> {
  let settings: DatabaseSettings;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tf-sqlite-'));
    settings = { dialect: 'sqlite', path: join(dir, 'test.db') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (!requireOrSkip(t, 'MariaDB on 127.0.0.1:3306', await mariadbUnavailableReason())) return;
    const created = await createMariadbDatabase();
    settings = created.settings;
    cleanup = created.drop;
  }
  const handles: DatabaseHandle[] = [];
  const open = () => {
    const h = connectDatabase(settings);
    handles.push(h);
    return h;
  };
  try {
    await t.test(dialect, (t) => body(t, open(), { settings, open }));
  } finally {
    for (const h of handles) await h.close();
    await cleanup();
  }
}
