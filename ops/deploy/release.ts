import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  lstatSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { DeployLayout } from './layout.ts';

/** Runs a command, returning its output; throws with the command's own output when it fails. */
export function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${(r.stdout + r.stderr).trim()}`);
  return r.stdout;
}

/** The full id of `ref` in the source repository. */
export function resolveCommit(source: string, ref: string): string {
  return run('git', ['rev-parse', '--verify', `${ref}^{commit}`], source).trim();
}

const lockHash = (dir: string) =>
  existsSync(join(dir, 'package-lock.json'))
    ? createHash('sha256')
        .update(readFileSync(join(dir, 'package-lock.json')))
        .digest('hex')
    : null;

/**
 * Builds a release folder from a commit: the commit's files (git archive), dependencies (hard-linked
 * from a folder with the identical lockfile when there is one, else `npm ci`), the shared settings
 * file linked in, and `npm run build`. When a release of the same commit was already built under this
 * deploy root (staging's, before production), its files are hard-linked instead of building again:
 * production runs the very files that passed staging. Nothing live changes here.
 */
export function prepareRelease(
  layout: DeployLayout,
  source: string,
  commit: string,
  now: Date,
  log: (line: string) => void,
): string {
  const id = `${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${commit.slice(0, 12)}`;
  const dir = join(layout.releases, id);
  mkdirSync(dir, { recursive: true });
  const built = builtRelease(layout, commit);
  if (built) {
    // Everything but the other release's own record and its environment's settings link.
    for (const name of readdirSync(built))
      if (name !== RECORD && !(name.startsWith('.env.') && lstatSync(join(built, name)).isSymbolicLink()))
        run('cp', ['-al', join(built, name), join(dir, name)], dir);
    log(`reused the build of ${commit.slice(0, 12)} in ${built} (hard-linked, not built again)`);
  } else buildFromSource(layout, source, commit, dir, log);
  if (existsSync(layout.envFile)) symlinkSync(layout.envFile, join(dir, basename(layout.envFile)));
  // Written last: the server reports the commit it runs (`/health`), so a staging pass is recorded
  // for what really ran, and only a finished build is ever reused.
  writeFileSync(join(dir, RECORD), `${JSON.stringify({ commit, release: id, built: true })}\n`);
  log(`built ${id}`);
  return dir;
}

const RECORD = 'release.json';

function buildFromSource(
  layout: DeployLayout,
  source: string,
  commit: string,
  dir: string,
  log: (line: string) => void,
): void {
  execFileSync('sh', ['-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'sh', source, commit, dir]);
  const wanted = lockHash(dir);
  const donor = [currentRelease(layout), source].find(
    (d) => d && existsSync(join(d, 'node_modules')) && lockHash(d) === wanted,
  );
  if (donor) {
    run('cp', ['-al', join(donor, 'node_modules'), join(dir, 'node_modules')], dir);
    log(`dependencies hard-linked from ${donor} (identical package-lock.json)`);
  } else {
    run('npm', ['ci', '--no-audit', '--no-fund'], dir);
    log('dependencies installed with npm ci');
  }
  run('npm', ['run', 'build'], dir);
}

/**
 * A finished release of `commit` under the deploy root, in any environment, or null. Its record is
 * written only after a successful build (records of older deploys, written before their build, lack
 * `built` and are never reused).
 */
function builtRelease(layout: DeployLayout, commit: string): string | null {
  const suffix = `-${commit.slice(0, 12)}`;
  for (const env of readdirSync(layout.root)) {
    const releases = join(layout.root, env, 'releases');
    if (!existsSync(releases)) continue;
    for (const name of readdirSync(releases)
      .filter((n) => n.endsWith(suffix))
      .sort()
      .reverse()) {
      const record = join(releases, name, RECORD);
      if (!existsSync(record)) continue;
      const recorded = JSON.parse(readFileSync(record, 'utf8')) as { commit?: unknown; built?: unknown };
      if (recorded.commit === commit && recorded.built === true) return join(releases, name);
    }
  }
  return null;
}

/** The release `current` points at, or null before the first deploy. */
export function currentRelease(layout: DeployLayout): string | null {
  try {
    return join(layout.releases, basename(readlinkSync(layout.current)));
  } catch {
    return null;
  }
}

/** Points `current` at `release` atomically (a new link renamed over the old one). */
export function switchCurrent(layout: DeployLayout, release: string): void {
  const tmp = `${layout.current}.next`;
  rmSync(tmp, { force: true });
  symlinkSync(join('releases', basename(release)), tmp);
  renameSync(tmp, layout.current);
}
