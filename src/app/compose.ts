import { existsSync, readFileSync } from 'node:fs';
import { connectDatabase, type DatabaseHandle } from '../adapters/db/connection/connect.ts';
import { databaseStatus, migrationNamesInCode } from '../adapters/db/connection/database-status.ts';
import { isDatabaseUnreachable } from '../adapters/db/connection/database-reachability.ts';
import { KyselyAdminUserRepository } from '../adapters/db/repositories/kysely-admin-user-repository.ts';
import { KyselyAuditLog } from '../adapters/db/repositories/kysely-audit-log.ts';
import { KyselyEmployeeRepository } from '../adapters/db/repositories/kysely-employee-repository.ts';
import { KyselySessionStore } from '../adapters/db/repositories/kysely-session-store.ts';
import { KyselySignInFailureLog } from '../adapters/db/repositories/kysely-sign-in-failure-log.ts';
import { KyselyDeploymentHistory } from '../adapters/db/repositories/kysely-deployment-history.ts';
import { KyselyJobRunRepository } from '../adapters/db/repositories/kysely-job-run-repository.ts';
import { KyselyJobLock } from '../adapters/db/locks/kysely-job-lock.ts';
import { KyselyUnitOfWork } from '../adapters/db/repositories/kysely-unit-of-work.ts';
import { migrateToLatest } from '../adapters/db/migrator/migrations.ts';
import { declaredSchemaVerdict, type SchemaVerdict } from '../adapters/schema-check/schema-verdict.ts';
import { readClusterStatus, type ClusterStatus } from '../adapters/db/mariadb/mariadb-cluster-status.ts';
import type { AppServices, HealthReport } from '../adapters/http/app-services.ts';
import { CryptoTokenGenerator } from '../adapters/crypto/crypto-token-generator.ts';
import { DevelopmentAuthenticator } from '../adapters/dev-auth/development-authenticator.ts';
import { LdapAuthenticator } from '../adapters/ldap/ldap-authenticator.ts';
import { FileTypeMagicDetector } from '../adapters/storage/file-type-magic-detector.ts';
import { FsAttachmentStore } from '../adapters/storage/fs-attachment-store.ts';
import { diskReport } from '../adapters/storage/free-space.ts';
import { AdminUserService } from '../domain/admin-user-service.ts';
import { AttachmentService } from '../domain/attachment-service.ts';
import { FormDetailsService } from '../domain/form-details-service.ts';
import type { Authenticator } from '../domain/ports/authenticator.ts';
import type { DeploymentHistory } from '../domain/ports/deployment-history.ts';
import type { Clock } from '../domain/ports/clock.ts';
import { SessionService } from '../domain/session-service.ts';
import { SignInService } from '../domain/sign-in-service.ts';
import { SignInThrottle } from '../domain/sign-in-throttle.ts';
import type { JobLock } from '../domain/ports/job-lock.ts';
import type { JobRunRepository } from '../domain/ports/job-run-repository.ts';
import type { UnitOfWork } from '../domain/ports/unit-of-work.ts';
import { JobStatusService } from '../domain/job-status-service.ts';
import { TrainingFormService } from '../domain/training-form-service.ts';
import type { Config } from './config.ts';

/** The nearest package.json's version: `src/app` in development, `dist/src/app` when compiled. */
function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    const url = new URL(up, import.meta.url);
    if (existsSync(url)) return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}
const VERSION = packageVersion();

/** The commit a deployed release was built from (`release.json`, written by the deploy); null elsewhere. */
function releaseCommit(): string | null {
  for (const up of ['../../release.json', '../../../release.json']) {
    const url = new URL(up, import.meta.url);
    if (existsSync(url)) return (JSON.parse(readFileSync(url, 'utf8')) as { commit?: string }).commit ?? null;
  }
  return null;
}
const COMMIT = releaseCommit();

export const systemClock: Clock = { now: () => new Date() };

/** Every adapter and service of one application instance; `close()` releases them all. */
export interface Composition extends AppServices {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly employees: KyselyEmployeeRepository;
  readonly files: FsAttachmentStore;
  readonly admins: KyselyAdminUserRepository;
  /** Adds the ADMIN_USERS administrators not yet listed (idempotent; run after migrations). */
  seedAdmins(): Promise<string[]>;
  readonly clock: Clock;
  readonly uow: UnitOfWork;
  /** Job runs (`job_runs`) and the database lock that keeps each job to one run at a time. */
  readonly jobRuns: JobRunRepository;
  readonly jobLock: JobLock;
  /** Last run of each job and recent runs, for the admin page. */
  readonly jobStatus: JobStatusService;
  /** Deploys to this environment, recorded by `npm run deploy`. */
  readonly deployments: DeploymentHistory;
  /** Applies pending migrations (development start-up; deployments use `npm run db`), then {@link checkSchema}. */
  migrate(): Promise<readonly string[]>;
  /** Compares the live database with the declared schema again; `/health` reports the result. */
  checkSchema(): Promise<SchemaVerdict>;
  close(): Promise<void>;
}

/** The composition root: builds adapters and services from the validated configuration. */
export async function compose(
  config: Config,
  options: { clock?: Clock; authenticator?: Authenticator } = {},
): Promise<Composition> {
  const clock = options.clock ?? systemClock;
  const database = connectDatabase(config.database);
  const files = new FsAttachmentStore(config.uploadFolder);
  await files.init();
  let knownMigrations = await migrationNamesInCode();
  const startedAt = Date.now();

  // The declared schema against the live one: computed at start-up and after migrations, not per
  // request; while it is unknown (the database was down), the next probe that reaches it computes it.
  let schema: SchemaVerdict = { matches: null, checkedAt: null, error: 'not checked yet' };
  let schemaInFlight: Promise<SchemaVerdict> | null = null;
  const checkSchema = (): Promise<SchemaVerdict> =>
    (schemaInFlight ??= declaredSchemaVerdict(database.db, database.dialect, clock.now())
      .catch((error: unknown): SchemaVerdict => ({ matches: null, checkedAt: clock.now().toISOString(), error: error instanceof Error ? error.message : String(error) }))
      .then((verdict) => (schema = verdict))
      .finally(() => {
        schemaInFlight = null;
      }));

  // A Galera node's state, read with each probe once a probe has seen wsrep on (one query per
  // probe on a cluster; on SQLite or a single MariaDB server only the first probe asks).
  let onCluster: boolean | null = null;
  const clusterState = async (): Promise<ClusterStatus | null> => {
    if (onCluster === false) return null;
    // The database's reachability is reported by databaseStatus; a cluster query that fails in
    // between leaves the question open for the next probe instead of failing this one.
    const status = await readClusterStatus(database).catch(() => undefined);
    if (status === undefined) return null;
    onCluster = status !== null;
    return status;
  };

  const checkHealth = async (): Promise<HealthReport> => {
    const [db, uploadsWritable, disk] = await Promise.all([
      databaseStatus(database, knownMigrations),
      files.writable(),
      diskReport({ uploads: config.uploadFolder, backups: config.jobs.backupFolder }, config.minFreeDiskMb),
    ]);
    // Unknown (never computed, or the last try failed): computed again, at most every 30 s.
    if (db.reachable && schema.matches === null && (schema.checkedAt === null || clock.now().getTime() - Date.parse(schema.checkedAt) > 30_000)) await checkSchema();
    const cluster = db.reachable ? await clusterState() : null;
    const clusterOk = !cluster || (cluster.synced && cluster.ready && cluster.primary);
    return {
      status: !db.reachable ? 'unavailable' : schema.matches === true && db.migrations?.upToDate && uploadsWritable && !disk.low && clusterOk ? 'ok' : 'degraded',
      version: VERSION,
      commit: COMMIT,
      environment: config.appEnv,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      database: cluster ? { ...db, cluster } : db,
      uploads: { writable: uploadsWritable },
      disk,
      schema,
    };
  };
  // Probes arriving while a check runs share it (never a result older than that one check):
  // a load balancer's burst of probes costs one database round trip, not one each.
  let healthInFlight: Promise<HealthReport> | null = null;
  const health = (): Promise<HealthReport> =>
    (healthInFlight ??= checkHealth().finally(() => {
      healthInFlight = null;
    }));

  const uow = new KyselyUnitOfWork(database.db);
  const admins = new KyselyAdminUserRepository(database.db);
  const authenticator = options.authenticator ?? chooseAuthenticator(config);
  const sessions = new SessionService({
    store: new KyselySessionStore(database.db),
    tokens: new CryptoTokenGenerator(),
    clock,
    policy: { ...config.session, touchIntervalMs: 60_000 },
  });

  const jobRuns = new KyselyJobRunRepository(database.db);
  return {
    config,
    database,
    files,
    admins,
    employees: new KyselyEmployeeRepository(database.db),
    forms: new TrainingFormService({ uow, files, clock }),
    details: new FormDetailsService({ uow }),
    attachments: new AttachmentService({ uow, files, detector: new FileTypeMagicDetector(), clock, maxBytes: config.maxUploadBytes }),
    sessions,
    adminUsers: new AdminUserService({ admins, sessions, audit: new KyselyAuditLog(database.db), clock }),
    signIn: new SignInService({
      authenticator,
      admins,
      audit: new KyselyAuditLog(database.db),
      clock,
      adminGroupDn: config.ldap.adminGroupDn,
      // In the database, so the limits hold across every instance behind the load balancer.
      throttle: new SignInThrottle(new KyselySignInFailureLog(database.db)),
    }),
    pageSettings: {
      appEnv: config.appEnv,
      secretKey: config.secretKey,
      secureCookies: config.session.secureCookies,
      devLogin: authenticator instanceof DevelopmentAuthenticator,
      maxUploadBytes: config.maxUploadBytes,
      cacheTemplates: config.appEnv !== 'development',
    },
    seedAdmins: () => admins.ensure(config.adminUsers, 'system', clock.now()),
    clock,
    uow,
    jobRuns,
    jobStatus: new JobStatusService(jobRuns),
    deployments: new KyselyDeploymentHistory(database.db),
    jobLock: new KyselyJobLock(database.db),
    health,
    databaseReachability: { isUnreachable: isDatabaseUnreachable, onQuerySucceeded: (listener) => database.onQuerySucceeded(listener) },
    async migrate() {
      const results = await migrateToLatest(database.db);
      knownMigrations = await migrationNamesInCode();
      await checkSchema();
      return results.map((r) => r.migrationName);
    },
    checkSchema,
    close: () => database.close(),
  };
}

/**
 * LDAP when LDAP_HOST is set; otherwise the development login where the configuration allows it
 * (never in staging/production); otherwise every sign-in fails with "directory unavailable".
 */
function chooseAuthenticator(config: Config): Authenticator {
  if (config.ldap.settings) return new LdapAuthenticator(config.ldap.settings);
  if (config.devLogin) return new DevelopmentAuthenticator();
  return {
    authenticate: async () => ({ ok: false, reason: 'directory-unavailable', detail: 'no authenticator configured (LDAP not set up, DEV_LOGIN off)' }),
  };
}
