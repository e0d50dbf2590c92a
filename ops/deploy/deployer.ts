import { appendFileSync, mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { composeOperatorTools } from '../../src/app/composition/operator-kit.ts';
import { loadConfig, type Config } from '../../src/app/config.ts';
import { probeHealth, type ServiceSpec } from '../service/supervisor.ts';
import type { ServiceControl } from './service-control.ts';
import { acquireDeployLock } from './deploy-lock.ts';
import { gateRefusal, recordGate } from './gate.ts';
import type { DeployLayout } from './layout.ts';
import { currentRelease, prepareRelease, resolveCommit, switchCurrent } from './release.ts';
import { DeployReport } from './report.ts';
import type { ReleaseTools } from './release-tools.ts';
import type { RollingPlan } from './rolling-flags.ts';
import { checkRollingTargets, rollBack, rollOut, stopInstances, type RollingContext } from './rolling.ts';

export interface DeployOptions {
  readonly layout: DeployLayout;
  readonly env: 'development' | 'staging' | 'production';
  /** The git repository releases are built from, and the commit (or ref) to deploy. */
  readonly source: string;
  readonly ref: string;
  readonly dryRun: boolean;
  /** Deploy to production without a staging pass; the reason is logged and recorded. */
  readonly emergencyReason: string | null;
  /** Settings from the pipeline (secrets), over the shared settings file. */
  readonly env_: Readonly<Record<string, string | undefined>>;
  readonly tools: ReleaseTools;
  readonly service: ServiceControl;
  readonly minFreeBytes: number;
  readonly healthWaitMs: number;
  /**
   * Several instances behind HAProxy, handed over one at a time (ops/deploy/rolling.ts); absent: the one instance on
   * PORT.
   */
  readonly rolling?: RollingPlan | null;
  readonly print?: (line: string) => void;
}

export type DeployOutcome = 'succeeded' | 'dry-run' | 'refused' | 'failed' | 'rolled-back' | 'rollback-failed';

export interface DeployResult {
  readonly outcome: DeployOutcome;
  readonly commit: string | null;
  readonly release: string | null;
  readonly report: DeployReport;
  /** Milliseconds in which the service was restarted (old stopped → new healthy). */
  readonly restartMs: number | null;
}

/**
 * One deploy, step by step: preflight → gate → build release → schema check (a rehearsal on a
 * scratch copy) → backup → upgrade → schema check after upgrade → switch → restart → health →
 * smoke. A refused schema check changes nothing live. A failure after the backup rolls back: the
 * database is restored when migrations ran, `current` goes back to the previous release, which is
 * restarted.
 */
export async function deploy(o: DeployOptions): Promise<DeployResult> {
  const report = new DeployReport(o.print);
  const startedAt = new Date();
  let commit: string | null = null;
  let release: string | null = null;
  let restartMs: number | null = null;
  let config: Config | null = null;
  const finish = async (outcome: DeployOutcome): Promise<DeployResult> => {
    await record(o, config, { outcome, commit, release, startedAt, report });
    return { outcome, commit, release, report, restartMs };
  };

  mkdirSync(o.layout.base, { recursive: true });
  let unlock: () => void;
  try {
    unlock = await report.step(
      'deploy lock',
      () => acquireDeployLock(o.layout.lockFile),
      () => `held by pid ${process.pid}`,
    );
  } catch {
    return { outcome: 'refused', commit, release, report, restartMs };
  }
  try {
    try {
      commit = await report.step(
        'resolve commit',
        () => resolveCommit(o.source, o.ref),
        (c) => c,
      );
      config = await report
        .step(
          'preflight',
          async () => {
            const c = preflight(o);
            await databaseReachable(c);
            return { c, haproxy: o.rolling ? await checkRollingTargets(o.rolling) : null };
          },
          ({ c, haproxy }) =>
            `${c.database.dialect} reachable, uploads writable, disk ok${haproxy ? `; ${haproxy}` : ''}`,
        )
        .then((p) => p.c);
      if (o.env === 'production') {
        const refusal = gateRefusal(o.layout.gate, commit);
        await report.step(
          'production gate',
          () => {
            if (refusal && !o.emergencyReason)
              throw new Error(
                `${refusal}; deploy to staging and pass the integration tests first (or --emergency "<reason>")`,
              );
          },
          () =>
            refusal
              ? `EMERGENCY deploy without a staging pass (${refusal}): ${o.emergencyReason}`
              : 'staging deploy and integration tests passed',
        );
      }
    } catch {
      return await finish('refused');
    }
    const live = config;
    if (live === null) return await finish('failed');
    if (o.dryRun) {
      report.note(`dry run: would build ${commit} and deploy it to ${o.env}; nothing changed`);
      return await finish('dry-run');
    }

    const previous = currentRelease(o.layout);
    const renv = toolEnv(o, live);
    let backup: string | null = null;
    let migrated = false;
    let switched = false;
    const rolling = rollingContext(o, live, report);
    const touched: Parameters<typeof rollOut>[3] = [];
    try {
      release = await report.step(
        'build release',
        () => prepareRelease(o.layout, o.source, commit as string, startedAt, (l) => report.note(l)),
        (r) => r,
      );
      await report.step(
        'schema check',
        () => o.tools.schemaCheck(previous, release as string, renv),
        (d) => d,
      );
      backup = await report.step(
        'backup',
        () => o.tools.backup(release as string, renv),
        (b) => b,
      );
      const applied = await report.step(
        'migrate (upgrade head)',
        async () => {
          try {
            return await o.tools.upgrade(release as string, renv);
          } catch (error) {
            migrated = true; // a failed migration may have applied part of itself (MariaDB DDL commits)
            throw error;
          }
        },
        (a) => (a.length ? `applied ${a.join(', ')}` : 'nothing to apply'),
      );
      migrated = applied.length > 0;
      await report.step(
        'schema check after upgrade',
        () => o.tools.verify(release as string, renv),
        (d) => d,
      );
      await report.step(
        'switch current',
        () => switchCurrent(o.layout, release as string),
        () => `current → ${release}`,
      );
      switched = true;
      if (rolling)
        restartMs = await report.step(
          'rolling hand-over (drain, hand over, ready; one instance at a time)',
          () => rollOut(rolling, release as string, commit as string, touched),
          (ms) => `${touched.length} instance(s) on the new release and back in rotation in ${ms} ms`,
        );
      else
        restartMs = await report.step(
          'restart and wait for /health',
          () => restart(o, live, release as string),
          (ms) => `new release loaded, took over and healthy in ${ms} ms`,
        );
      await report.step(
        'smoke tests',
        async () =>
          (
            await Promise.all(
              ports(o, live).map(async (p) => `${o.rolling ? `${p}: ` : ''}${await smoke(p, commit as string)}`),
            )
          ).join('; '),
        (d) => d,
      );
      if (o.env === 'staging') recordGate(o.layout.gate, commit, 'stagingDeployedAt', new Date());
      return await finish('succeeded');
    } catch {
      if (o.env === 'staging' && commit) recordGate(o.layout.gate, commit, 'stagingFailedAt', new Date());
      // Refused by the schema check: nothing live was touched (the release folder stays for inspection).
      if (backup === null) return await finish(report.steps.at(-1)?.step === 'schema check' ? 'refused' : 'failed');
      return await finish(
        await rollback(o, report, live, { previous, release, backup, migrated, switched, rolling, touched }),
      );
    }
  } finally {
    unlock();
  }
}

function preflight(o: DeployOptions): Config {
  const config = loadConfig({ ...o.env_, APP_ENV: o.env }, o.layout.shared);
  const free = statfsSync(o.layout.base);
  if (free.bavail * free.bsize < o.minFreeBytes)
    throw new Error(
      `only ${Math.round((free.bavail * free.bsize) / 1e6)} MB free on ${o.layout.base}; need ${Math.round(o.minFreeBytes / 1e6)} MB`,
    );
  mkdirSync(config.uploadFolder, { recursive: true });
  const probe = join(config.uploadFolder, `.deploy-write-probe-${process.pid}`);
  writeFileSync(probe, 'ok');
  rmSync(probe);
  return config;
}

/** Opens the target database once to prove it answers (the app and the CLIs open their own). */
const databaseReachable = (config: Config): Promise<void> => composeOperatorTools(config).probeDatabase();

/**
 * The environment of the schema check, migrations, backup and restore: the migration user's
 * credentials (schema rights) when MIGRATION_DB_USER is given, the application's otherwise.
 */
export function toolEnv(o: Pick<DeployOptions, 'env' | 'env_' | 'layout'>, config: Config): Record<string, string> {
  const e = releaseEnv(o, config);
  const user = o.env_.MIGRATION_DB_USER;
  if (!user) return e;
  const password = o.env_.MIGRATION_DB_PASSWORD ?? '';
  return { ...e, DB_USER: user, DB_PASSWORD: password, BACKUP_DB_USER: user, BACKUP_DB_PASSWORD: password };
}

/**
 * The environment every release process gets: the pipeline's settings plus the paths resolved once
 * here, so that relative paths in the shared settings never point into one release's folder.
 */
export function releaseEnv(o: Pick<DeployOptions, 'env' | 'env_' | 'layout'>, config: Config): Record<string, string> {
  return {
    BACKUP_FOLDER: o.layout.backups,
    ...definedOnly(o.env_),
    APP_ENV: o.env,
    UPLOAD_FOLDER: config.uploadFolder,
    ...(config.database.dialect === 'sqlite' ? { DB_PATH: config.database.path } : {}),
  };
}

function spec(o: DeployOptions, config: Config, releaseDir: string): ServiceSpec {
  return {
    releaseDir,
    appEnv: o.env,
    stateDir: o.layout.state,
    healthUrl: `http://127.0.0.1:${config.port}`,
    env: releaseEnv(o, config),
  };
}

async function restart(o: DeployOptions, config: Config, next: string): Promise<number> {
  const started = performance.now();
  await o.service.replace(spec(o, config, next), o.healthWaitMs, config.server.shutdownTimeoutMs + 2000);
  return Math.round(performance.now() - started);
}

/** The ports the environment serves on: the rolling deploy's instances, or the settings' PORT. */
const ports = (o: DeployOptions, config: Config) => o.rolling?.instances.map((i) => i.port) ?? [config.port];

function rollingContext(o: DeployOptions, config: Config, report: DeployReport): RollingContext | null {
  if (!o.rolling) return null;
  return {
    plan: o.rolling,
    service: o.service,
    specOf: (r) => spec(o, config, r),
    waitMs: o.healthWaitMs,
    graceMs: config.server.shutdownTimeoutMs + 2000,
    note: (l) => report.note(l),
  };
}

async function smoke(port: number, commit: string): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const health = await probeHealth(base);
  const body = health?.body as { status?: string; version?: string; commit?: string | null } | undefined;
  if (health?.status !== 200 || body?.status !== 'ok') throw new Error(`/health is not ok: ${JSON.stringify(health)}`);
  if (body.commit !== commit)
    throw new Error(`/health reports commit ${body.commit ?? '(none)'}, not the deployed ${commit}`);
  const home = await fetch(`${base}/`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
  if (home.status >= 500) throw new Error(`GET / answered ${home.status}`);
  return `/health ok (version ${body.version}), GET / → ${home.status}`;
}

async function rollback(
  o: DeployOptions,
  report: DeployReport,
  config: Config,
  s: {
    previous: string | null;
    release: string | null;
    backup: string;
    migrated: boolean;
    switched: boolean;
    rolling: RollingContext | null;
    touched: Parameters<typeof rollBack>[2];
  },
): Promise<DeployOutcome> {
  report.note('ROLLING BACK');
  try {
    if (!s.previous)
      await (s.rolling
        ? stopInstances(s.rolling, s.release ?? '', s.touched)
        : o.service.stop(spec(o, config, s.release ?? ''), 5000));
    if (s.migrated)
      await report.step(
        'rollback: restore database and uploads from backup',
        () => o.tools.restore(s.release ?? (s.previous as string), s.backup, toolEnv(o, config)),
        () => s.backup,
      );
    if (s.previous && !s.migrated && !s.switched)
      report.note(`nothing to undo: the database is unchanged and ${s.previous} never stopped serving`);
    else if (s.previous) {
      const previous = s.previous;
      if (s.switched)
        await report.step(
          'rollback: switch current back',
          () => switchCurrent(o.layout, previous),
          () => `current → ${previous}`,
        );
      // Hands over from whatever runs now (the new release, or the old one still serving) to a fresh previous release.
      const rolling = s.rolling;
      if (rolling)
        await report.step(
          'rollback: previous release on each instance handed over, one at a time',
          () => rollBack(rolling, previous, s.touched),
          () => `${s.touched.length} instance(s) back on ${previous}`,
        );
      else
        await report.step(
          'rollback: restart previous release',
          () => o.service.replace(spec(o, config, previous), o.healthWaitMs, config.server.shutdownTimeoutMs + 2000),
          () => 'healthy',
        );
    } else report.note('no previous release to return to (first deploy): the service stays stopped');
    report.note(
      `state: database ${s.migrated ? 'restored from backup' : 'unchanged (no migration ran)'}; ${s.previous ? `serving the previous release ${s.previous}` : 'no release serving'}`,
    );
    return 'rolled-back';
  } catch (error) {
    report.note(
      `ROLLBACK FAILED: ${error instanceof Error ? error.message : String(error)}; backup to restore by hand: ${s.backup}`,
    );
    return 'rollback-failed';
  }
}

/**
 * Records the deploy in `deployments.jsonl` beside the releases (always) and in the environment's
 * database for the admin page (when it is reachable and migrated; a failure there is reported, not fatal).
 */
async function record(
  o: DeployOptions,
  config: Config | null,
  r: { outcome: DeployOutcome; commit: string | null; release: string | null; startedAt: Date; report: DeployReport },
) {
  const entry = {
    environment: o.env,
    commitSha: r.commit,
    releaseName: r.release ? basename(r.release) : null,
    startedAt: r.startedAt,
    finishedAt: new Date(),
    outcome: r.outcome,
    rolledBack: r.outcome === 'rolled-back' || r.outcome === 'rollback-failed',
    emergencyReason: o.emergencyReason,
    steps: r.report.steps,
  };
  mkdirSync(o.layout.base, { recursive: true });
  appendFileSync(o.layout.history, `${JSON.stringify(entry)}\n`);
  if (!config) return;
  try {
    await composeOperatorTools(config).recordDeployment(entry);
  } catch (error) {
    r.report.note(
      `not recorded in the database (${error instanceof Error ? error.message : String(error)}); see ${o.layout.history}`,
    );
  }
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
