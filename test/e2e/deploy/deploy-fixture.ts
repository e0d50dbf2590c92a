import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { stop } from '../../../ops/service/supervisor.ts';
import { createMariadbDatabase, MARIADB } from '../../helpers/mariadb.ts';
import { freePort } from '../../helpers/ports.ts';
import { REPO, runTs } from '../../helpers/processes.ts';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/**
 * A deploy playground: a git clone of this repository as the release source, staging and
 * production on two throwaway MariaDB databases, each with its own port, upload folder and
 * shared settings under a temporary deploy root.
 */
export async function deployFixture(
  options: { env?: Record<string, string>; integrationUser?: { username: string; password: string } } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-deploy-'));
  const root = join(dir, 'root');
  const source = join(dir, 'source');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO, source]);
  git(source, 'config', 'user.email', 'deploy-test@example.com');
  git(source, 'config', 'user.name', 'Deploy test');
  // Releases hard-link node_modules from a folder with the same lockfile: let the clone offer the repo's.
  symlinkSync(join(REPO, 'node_modules'), join(source, 'node_modules'));

  const databases = {
    staging: await createMariadbDatabase('tf_deploy_stg'),
    production: await createMariadbDatabase('tf_deploy_prd'),
  };
  const ports = { staging: await freePort(), production: await freePort() };
  // Deployed environments refuse an empty DB_PASSWORD: a throwaway user with a password, rights on both.
  const user = { name: `tf_dep_${process.pid}`, password: `deploy-test-${process.pid}-password` };
  const admin = await createConnection(MARIADB);
  await admin.query(`CREATE USER IF NOT EXISTS '${user.name}'@'%' IDENTIFIED BY '${user.password}'`);
  for (const d of Object.values(databases)) {
    await admin.query(`GRANT ALL ON \`${d.settings.database}\`.* TO '${user.name}'@'%'`);
    // The deploy's rehearsal copies the structure into <database>_rehearsal (docs/deployment.md).
    await admin.query(`GRANT ALL ON \`${d.settings.database}_rehearsal\`.* TO '${user.name}'@'%'`);
  }
  await admin.end();
  for (const env of ['staging', 'production'] as const) {
    const s = databases[env].settings;
    mkdirSync(join(root, env, 'shared'), { recursive: true });
    writeFileSync(
      join(root, env, 'shared', `.env.${env}`),
      [
        'USE_SQLITE=false',
        `DB_HOST=${s.host}`,
        `DB_PORT=${s.port}`,
        `DB_NAME=${s.database}`,
        `DB_USER=${user.name}`,
        `DB_PASSWORD=${user.password}`,
        `PORT=${ports[env]}`,
        'HOST=127.0.0.1',
        `UPLOAD_FOLDER=${join(dir, `${env}-uploads`)}`,
        `SECRET_KEY=${env}-secret-for-the-deploy-tests-0123456789`,
        'LOG_LEVEL=warn',
        'SHUTDOWN_TIMEOUT_MS=3000',
        ...Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
        '',
      ].join('\n'),
    );
  }

  return {
    dir,
    root,
    source,
    ports,
    databases,
    sharedEnv: (env: 'staging' | 'production') => sharedEnv(root, env),
    url: (env: 'staging' | 'production') => `http://127.0.0.1:${ports[env]}`,
    head: () => git(source, 'rev-parse', 'HEAD'),
    /** Commits `files` (path → content) on top of `base` on a new branch; returns the commit id. */
    commit(
      branch: string,
      base: string,
      message: string,
      files: Record<string, string | ((old: string) => string)>,
    ): string {
      return this.commitWith(branch, base, message, () => {
        for (const [path, content] of Object.entries(files)) {
          const full = join(source, path);
          if (typeof content === 'string') {
            writeFileSync(full, content);
            continue;
          }
          // A patch that no longer matches its file (the file was reworded) must fail here, not
          // deploy an unchanged release that makes the test pass or fail for the wrong reason.
          const old = readFileSync(full, 'utf8');
          const patched = content(old);
          if (patched === old) throw new Error(`the patch of ${path} for "${message}" changed nothing`);
          writeFileSync(full, patched);
        }
      });
    },
    /** Checks out `base` on a new branch, runs `work` in the clone, commits everything it changed. */
    commitWith(branch: string, base: string, message: string, work: () => void): string {
      git(source, 'checkout', '--quiet', '-B', branch, base);
      work();
      git(source, 'add', '-A');
      git(source, 'commit', '--quiet', '-m', message);
      return git(source, 'rev-parse', 'HEAD');
    },
    deploy(env: 'staging' | 'production', commit: string, ...extra: string[]) {
      return runTs(
        'ops/deploy.ts',
        [
          '--env',
          env,
          '--root',
          root,
          '--source',
          source,
          '--commit',
          commit,
          '--min-free-mb',
          '1',
          '--health-wait-ms',
          '30000',
          ...extra,
        ],
        {},
        { timeoutMs: 240_000 },
      );
    },
    /** `npm run test:integration` as the pipeline runs it (pages walked as `integrationUser`), recording a pass. */
    integration(env: 'staging' | 'production', commit: string) {
      const u = options.integrationUser;
      const creds: Record<string, string> = u
        ? {
            INTEGRATION_ADMIN_USER: u.username,
            INTEGRATION_ADMIN_PASSWORD: u.password,
            INTEGRATION_TRAINEE: 'Integration Trainee',
          }
        : {};
      return runTs(
        'ops/integration-check.ts',
        [
          '--base-url',
          `http://127.0.0.1:${ports[env]}`,
          '--env',
          env,
          '--record-pass',
          join(root, 'gate'),
          '--commit',
          commit,
        ],
        creds,
      );
    },
    /** `npm run db -- …` in the source clone, as a developer runs it there (its own code and migrations). */
    db(args: readonly string[], env: Record<string, string>) {
      const r = spawnSync(join(source, 'node_modules/.bin/tsx'), ['ops/db.ts', ...args], {
        cwd: source,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_PRETTY: 'false', ...env },
        encoding: 'utf8',
      });
      return { code: r.status, output: `${r.stdout}${r.stderr}` };
    },
    /** Runs `npm run service -- <verb>` for an environment on the release `dir` (default `current`). */
    service(env: 'staging' | 'production', verb: string, dir = join(root, env, 'current')) {
      return runTs('ops/service.ts', [verb, '--env', env, '--dir', dir, '--state-dir', join(root, env, 'state')], {
        ...sharedEnv(root, env),
      });
    },
    stopAll() {
      return Promise.all((['staging', 'production'] as const).map((env) => this.service(env, 'stop')));
    },
    /** Stops the staging instances a rolling deploy started on `ports` (each has its own state folder). */
    async stopStagingInstances(ports: readonly number[]) {
      for (const port of ports)
        await stop(
          {
            releaseDir: '',
            appEnv: 'staging',
            stateDir: join(root, 'staging', 'state', `instance-${port}`),
            healthUrl: '',
          },
          { graceMs: 5000 },
        );
    },
    async drop() {
      await databases.staging.drop();
      await databases.production.drop();
      const c = await createConnection(MARIADB);
      await c.query(`DROP USER IF EXISTS '${user.name}'@'%'`);
      await c.end();
      rmSync(dir, { recursive: true, force: true }); // releases, backups and the source clone: ~60 MB a run
    },
  };
}

function sharedEnv(root: string, env: string): Record<string, string> {
  const text = readFileSync(join(root, env, 'shared', `.env.${env}`), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/**
 * A fingerprint of every row of every table (migration bookkeeping included) and of the upload
 * bytes. Job and deploy bookkeeping are left out: the deploy records its own backup and itself there.
 * So is the matrix generation: a restore gives it a new epoch on purpose, so that no running
 * instance serves a matrix page it kept from other data (docs/pages.md, "How the matrix is kept").
 */
export async function fingerprint(
  settings: { host: string; port: number; user: string; password: string; database: string },
  uploads: string,
) {
  const { host, port, user, password, database } = settings;
  const conn = await createConnection({ host, port, user, password, database, dateStrings: true });
  try {
    const [tables] = (await conn.query(
      'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name',
      [settings.database],
    )) as unknown as [{ t: string }[]];
    const hash = createHash('sha256');
    for (const { t } of tables) {
      if (['job_runs', 'job_locks', 'deployments', 'matrix_generation'].includes(t)) continue;
      const [rows] = await conn.query(`SELECT * FROM \`${t}\` ORDER BY 1`);
      hash.update(`${t}:${JSON.stringify(rows)}\n`);
    }
    const files = readdirSync(uploads).sort();
    for (const f of files)
      hash.update(
        `${f}:${createHash('sha256')
          .update(readFileSync(join(uploads, f)))
          .digest('hex')}\n`,
      );
    return { tables: tables.map((r) => r.t), files, digest: hash.digest('hex') };
  } finally {
    await conn.end();
  }
}
