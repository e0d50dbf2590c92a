import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The operator commands a deploy runs inside a release folder (its compiled `dist/ops/*.js`). */
export interface ReleaseTools {
  /**
   * Proves, before anything live changes, that the database will match `release` once its pending
   * migrations run: the release's own `db rehearse` applies them to a scratch copy of the database's
   * structure and checks the result (unknown or edited migrations fail it too). The live release's
   * own check is reported alongside: when it is not clean, a release whose rehearsal is clean is the
   * way out. Returns a summary; throws with the checker's report and the steps to fix otherwise.
   */
  schemaCheck(previous: string | null, release: string, env: Env): Promise<string>;
  /** After `upgrade head`: the release's own `db check` must be clean; throws with its report otherwise. */
  verify(release: string, env: Env): Promise<string>;
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
  return {
    code: r.status ?? -1,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim(),
  };
}

/** What the refusal adds to the checker's own "How to fix": the way back to a deploy. */
const REDEPLOY = [
  '  # then deploy that commit again: staging first, then production once its integration tests pass',
  '  npm run deploy -- --env staging --commit <the fixed commit>',
];

/** {@link ReleaseTools} through each release's own compiled CLIs (`npm run db`, `backup`, `restore`). */
export const cliReleaseTools: ReleaseTools = {
  async schemaCheck(previous, release, env) {
    const live = previous ? runOps(previous, 'db', ['check'], env) : null;
    const liveBroken = live !== null && live.code !== 0;
    const rehearsal = runOps(release, 'db', ['rehearse'], env);
    if (rehearsal.code === 0) {
      const applied = /after (\d+) migration\(s\)/.exec(rehearsal.output)?.[1] ?? '?';
      const rescue = liveBroken
        ? `; it also repairs the live release ${previous}, which does not match its database`
        : '';
      return `rehearsed on a scratch copy: after ${applied} migration(s) the database matches the new release${rescue}`;
    }
    if (rehearsal.code !== 1) throw new Error(`schema check could not run:\n${rehearsal.output}`);
    const lines = [
      /FAILED: Migration/.test(rehearsal.output)
        ? "a migration of the new release fails on a copy of the database's structure."
        : 'the new release does not match what its migrations produce: after upgrade head the database would differ from its declared schema.',
      'Nothing live was changed (rehearsed on a scratch copy); the live release keeps serving.',
      '',
      rehearsal.output,
      ...REDEPLOY,
    ];
    if (liveBroken)
      lines.push(
        '',
        `The live release ${previous} does not match its database either:`,
        live.output,
        'To recover, deploy a release whose rehearsal is clean: the fix above, or the last commit that deployed cleanly',
        '(its migrations must be the ones applied: npm run db -- history).',
      );
    throw new Error(lines.join('\n'));
  },

  async verify(release, env) {
    const r = runOps(release, 'db', ['check'], env);
    if (r.code === 0) return 'database matches the new release';
    throw new Error(`after upgrade head the database does not match the new release:\n${r.output}`);
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
    return [...r.output.matchAll(/✓ (\d{14}_[\w-]+) applied/g)].map((m) => m[1] as string);
  },

  async restore(release, backup, env) {
    const r = runOps(release, 'restore', [backup, '--yes'], env);
    if (r.code !== 0) throw new Error(`restore failed:\n${r.output}`);
  },
};
