import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shared by the schema suites (not a test file). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
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
export function scratchProject(
  label: string,
  copyMigrations = true,
): { dir: string; migrations: string; schema: string; writeSchema(source: string): void; remove(): void } {
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
