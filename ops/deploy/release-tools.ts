import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The operator commands a deploy runs inside a release folder (its compiled `dist/ops/*.js`). */
export interface ReleaseTools {
  /**
   * Proves the database may be upgraded to `release`: the live database matches the live release
   * exactly, and against the new release only migrations that it brings are pending (no unknown or
   * edited migrations). Returns a one-line summary; throws with the checker's report otherwise.
   */
  schemaCheck(previous: string | null, release: string, env: Env): Promise<string>;
  /** Takes a backup of database and uploads; returns its folder. */
  backup(release: string, env: Env): Promise<string>;
  /** `upgrade head` under the migration lock; returns the migrations applied. */
  upgrade(release: string, env: Env): Promise<string[]>;
  /** Restores database and uploads from a backup taken by {@link backup}. */
  restore(release: string, backup: string, env: Env): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Runs `node dist/ops/<script>.js args…` in a release. */
export function runOps(release: string, script: string, args: readonly string[], env: Env) {
  const r = spawnSync(process.execPath, [join(release, 'dist/ops', `${script}.js`), ...args], {
    cwd: release,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, LOG_PRETTY: 'false' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '', output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

interface CheckJson {
  ok: boolean;
  verdicts: {
    pendingMigrations: { ok: boolean; migrations: string[] };
    unknownMigrations: { ok: boolean; migrations: string[] };
    changedMigrations: { ok: boolean; migrations: { name: string }[] };
    schemaDifferences: { ok: boolean; differences: unknown[] };
  };
}

function checkJson(release: string, env: Env): { code: number; report: CheckJson | null; output: string } {
  const r = runOps(release, 'db', ['check', '--json'], env);
  let report: CheckJson | null = null;
  try {
    report = JSON.parse(r.stdout) as CheckJson;
  } catch {
    report = null;
  }
  return { code: r.code, report, output: r.output };
}

/** {@link ReleaseTools} through each release's own compiled CLIs (`npm run db`, `backup`, `restore`). */
export const cliReleaseTools: ReleaseTools = {
  async schemaCheck(previous, release, env) {
    if (previous) {
      const live = checkJson(previous, env);
      if (live.code !== 0) throw new Error(`the live database does not match the live release ${previous}:\n${runOps(previous, 'db', ['check'], env).output}`);
    }
    const next = checkJson(release, env);
    if (next.code === 0) return 'database matches the new release; no migrations to apply';
    const v = next.report?.verdicts;
    if (next.code !== 1 || !v) throw new Error(`schema check could not run:\n${next.output}`);
    if (!v.unknownMigrations.ok || !v.changedMigrations.ok)
      throw new Error(`unknown or edited migrations stop the deploy:\n${runOps(release, 'db', ['check'], env).output}`);
    // With migrations pending, differences against the new declaration are expected; the live
    // release's clean check above is the drift check.
    if (previous === null && !v.schemaDifferences.ok && v.pendingMigrations.ok)
      throw new Error(`the database differs from the declared schema:\n${runOps(release, 'db', ['check'], env).output}`);
    return `${v.pendingMigrations.migrations.length} migration(s) to apply: ${v.pendingMigrations.migrations.join(', ')}`;
  },

  async backup(release, env) {
    const r = runOps(release, 'backup', [], env);
    if (r.code !== 0) throw new Error(`backup failed:\n${r.output}`);
    const folder = /backup (?:written to|folder:?|created:?) (\S+)/i.exec(r.output)?.[1];
    if (!folder) throw new Error(`backup finished but did not say where it wrote:\n${r.output}`);
    return folder;
  },

  async upgrade(release, env) {
    const r = runOps(release, 'db', ['upgrade', 'head'], env);
    if (r.code !== 0) throw new Error(`upgrade head failed:\n${r.output}`);
    return [...r.output.matchAll(/applied (\d{14}_[\w-]+)/g)].map((m) => m[1] as string);
  },

  async restore(release, backup, env) {
    const r = runOps(release, 'restore', [backup, '--yes'], env);
    if (r.code !== 0) throw new Error(`restore failed:\n${r.output}`);
  },
};
