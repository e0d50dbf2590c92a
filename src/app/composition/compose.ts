import { connectDatabase, type DatabaseHandle } from '../../adapters/db/connection/connect.ts';
import { isDatabaseUnreachable } from '../../adapters/db/connection/database-reachability.ts';
import { KyselyAdminUserRepository } from '../../adapters/db/repositories/kysely-admin-user-repository.ts';
import { KyselyAuditLog } from '../../adapters/db/repositories/kysely-audit-log.ts';
import { KyselyEmployeeRepository } from '../../adapters/db/repositories/kysely-employee-repository.ts';
import { KyselySessionStore } from '../../adapters/db/repositories/kysely-session-store.ts';
import { KyselySignInFailureLog } from '../../adapters/db/repositories/kysely-sign-in-failure-log.ts';
import { KyselyDeploymentHistory } from '../../adapters/db/repositories/kysely-deployment-history.ts';
import { KyselyJobRunRepository } from '../../adapters/db/repositories/kysely-job-run-repository.ts';
import { KyselyJobLock } from '../../adapters/db/locks/kysely-job-lock.ts';
import { KyselyUnitOfWork } from '../../adapters/db/repositories/kysely-unit-of-work.ts';
import { migrateToLatest } from '../../adapters/db/migrator/migrations.ts';
import type { DatabaseReachability, PageSettings } from '../../adapters/http/app-services.ts';
import type { SchemaVerdict } from '../../adapters/schema-check/schema-verdict.ts';
import { CryptoTokenGenerator } from '../../adapters/crypto/crypto-token-generator.ts';
import { DevelopmentAuthenticator } from '../../adapters/dev-auth/development-authenticator.ts';
import { FileTypeMagicDetector } from '../../adapters/storage/file-type-magic-detector.ts';
import { FsAttachmentStore } from '../../adapters/storage/fs-attachment-store.ts';
import { AdminUserService } from '../../domain/admin-user-service.ts';
import { AttachmentService } from '../../domain/attachment-service.ts';
import { FormDetailsService } from '../../domain/form-details-service.ts';
import { FormSignatureService } from '../../domain/form-signature-service.ts';
import type { Authenticator } from '../../domain/ports/authenticator.ts';
import type { DeploymentHistory } from '../../domain/ports/deployment-history.ts';
import type { Clock } from '../../domain/ports/clock.ts';
import type { JobLock } from '../../domain/ports/job-lock.ts';
import type { JobRunRepository } from '../../domain/ports/job-run-repository.ts';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.ts';
import { SessionService } from '../../domain/session-service.ts';
import { SignInService } from '../../domain/sign-in-service.ts';
import { SignInThrottle } from '../../domain/sign-in-throttle.ts';
import { JobStatusService } from '../../domain/job-status-service.ts';
import { TrainingFormService } from '../../domain/training-form-service.ts';
import type { Config } from '../config.ts';
import { chooseAuthenticator } from './choose-authenticator.ts';
import { choosePersonDirectory } from './choose-person-directory.ts';
import { healthCheck } from './health-check.ts';
import type { HealthReport } from '../../adapters/http/app-services.ts';
import { KyselyRegisterUnitOfWork } from '../../adapters/db/repositories/kysely-register-unit-of-work.ts';
import { KyselyTrainingMatrixQueries } from '../../adapters/db/repositories/kysely-training-matrix-queries.ts';
import { KyselyDirectoryScopes } from '../../adapters/db/repositories/kysely-directory-scopes.ts';
import { DocumentRegisterService } from '../../domain/document-register-service.ts';
import { TrainingRequirementService } from '../../domain/training-requirement-service.ts';
import { TrainingMatrixService } from '../../domain/training-matrix-service.ts';
import type { DirectoryScopes } from '../../domain/ports/directory-scopes.ts';
import { KyselyEmployeeTrainingRecordReader } from '../../adapters/db/repositories/kysely-employee-training-record-reader.ts';
import { EmployeeRecordService } from '../../domain/employee-record-service.ts';
import type { SchemaCheckStatus } from '../../adapters/http/app-services.ts';
import { KyselyAuditTrail } from '../../adapters/db/repositories/kysely-audit-trail.ts';
import { AuditTrailService } from '../../domain/audit-trail-service.ts';
import { JobControlService } from '../../domain/job-control-service.ts';
import { SystemStatusService } from '../../domain/system-status-service.ts';
import pino from 'pino';
import { jobSchedule } from '../jobs/job-schedule.ts';
import { runNowLauncher } from '../jobs/run-now.ts';
import { loggerOptions } from '../logger.ts';
import { maintenanceJobs } from './maintenance-jobs.ts';
import { schemaCheckStatus } from './schema-check-status.ts';
import { systemClock } from './system-clock.ts';

/**
 * The one wiring of an application instance: every adapter and service, built once from the
 * validated configuration. Only the entries of this folder (web server, jobs, operator tools) and
 * tests use it whole; each process gets a narrow view of it. `close()` releases everything.
 */
export interface Composition {
  readonly config: Config;
  /** The Kysely handle: for the entries of this folder and tests, never for jobs or ops. */
  readonly database: DatabaseHandle;
  readonly clock: Clock;
  readonly files: FsAttachmentStore;
  readonly uow: UnitOfWork;
  readonly admins: KyselyAdminUserRepository;
  readonly employees: KyselyEmployeeRepository;
  /** Job runs (`job_runs`) and the database lock that keeps each job to one run at a time. */
  readonly jobRuns: JobRunRepository;
  readonly jobLock: JobLock;
  readonly forms: TrainingFormService;
  readonly details: FormDetailsService;
  readonly signatures: FormSignatureService;
  readonly attachments: AttachmentService;
  readonly sessions: SessionService;
  readonly signIn: SignInService;
  readonly adminUsers: AdminUserService;
  /** Last run of each job and recent runs, for the admin page. */
  readonly jobStatus: JobStatusService;
  /** Deploys to this environment, recorded by `npm run deploy`. */
  readonly deployments: DeploymentHistory;
  readonly pageSettings: PageSettings;
  readonly databaseReachability: DatabaseReachability;
  /** The register of controlled documents and their revisions (#17). */
  readonly documents: DocumentRegisterService;
  /** Which documents each department or job title must be trained on. */
  readonly requirements: TrainingRequirementService;
  /** Who is trained on the current revision, only on an older one, or never. */
  readonly matrix: TrainingMatrixService;
  /** The department and job-title spellings of the directory (requirement choices). */
  readonly directoryScopes: DirectoryScopes;
  health(): Promise<HealthReport>;
  /** Adds the ADMIN_USERS administrators not yet listed (idempotent; run after migrations). */
  seedAdmins(): Promise<string[]>;
  /** Applies pending migrations (development start-up; deployments use `npm run db`), then {@link checkSchema}. */
  migrate(): Promise<readonly string[]>;
  /** Compares the live database with the declared schema again; `/health` reports the result. */
  checkSchema(): Promise<SchemaVerdict>;
  close(): Promise<void>;
  /** Employee search and per-employee training records. */
  readonly employeeRecords: EmployeeRecordService;
  /** The jobs, backups and deploys at a glance, and the admin pages' banner. */
  readonly systemStatus: SystemStatusService;
  /** The four verdicts of `db check` against this database, kept between checks. */
  readonly schemaCheck: SchemaCheckStatus;
  /** "Run now": a job started from the jobs page, in this process, through the runner and its lock. */
  readonly jobControl: JobControlService;
  /** Every audit event, filtered and paged. */
  readonly auditTrail: AuditTrailService;
}

/** Builds the whole wiring from the validated configuration. */
export async function compose(
  config: Config,
  options: {
    clock?: Clock;
    authenticator?: Authenticator;
    /** How long "Run now" waits for its job before answering (default `RUN_NOW_WAIT_MS`). */
    runNowWaitMs?: number;
  } = {},
): Promise<Composition> {
  const clock = options.clock ?? systemClock;
  const database = connectDatabase(config.database);
  const files = new FsAttachmentStore(config.uploadFolder);
  await files.init();
  const check = await healthCheck(config, database, files, clock);

  const uow = new KyselyUnitOfWork(database.db, config.listCacheMs);
  const admins = new KyselyAdminUserRepository(database.db);
  const authenticator = options.authenticator ?? chooseAuthenticator(config);
  const sessions = new SessionService({
    store: new KyselySessionStore(database.db),
    tokens: new CryptoTokenGenerator(),
    clock,
    policy: { ...config.session, touchIntervalMs: 60_000 },
  });
  const jobRuns = new KyselyJobRunRepository(database.db);
  const registerUow = new KyselyRegisterUnitOfWork(database.db);
  const signIn = new SignInService({
    authenticator,
    admins,
    audit: new KyselyAuditLog(database.db),
    clock,
    adminGroupDn: config.ldap.adminGroupDn,
    // In the database, so the limits hold across every instance behind the load balancer.
    throttle: new SignInThrottle(new KyselySignInFailureLog(database.db)),
  });
  const schemaCheck = schemaCheckStatus(database, clock);
  const deployments = new KyselyDeploymentHistory(database.db);
  // "Run now" runs jobs in this process: built on first use, with its own logger (the jobs' lines,
  // as a worker's). Cancelled and waited for by close().
  let jobs: ReturnType<typeof maintenanceJobs> | null = null;
  let jobLog: pino.Logger | null = null;
  const launcher = runNowLauncher({
    jobs: () => (jobs ??= maintenanceJobs(composition)),
    log: () => (jobLog ??= pino(loggerOptions(config)).child({ runNow: true })),
    ...(options.runNowWaitMs !== undefined && { waitMs: options.runNowWaitMs }),
  });
  const attachments = new AttachmentService({
    uow,
    files,
    detector: new FileTypeMagicDetector(),
    clock,
    maxBytes: config.maxUploadBytes,
  });
  const composition: Composition = {
    config,
    database,
    clock,
    files,
    uow,
    admins,
    employees: new KyselyEmployeeRepository(database.db),
    jobRuns,
    jobLock: new KyselyJobLock(database.db),
    forms: new TrainingFormService({ uow, files, clock, attachments }),
    details: new FormDetailsService({ uow }),
    attachments,
    sessions,
    adminUsers: new AdminUserService({
      admins,
      sessions,
      audit: new KyselyAuditLog(database.db),
      clock,
      people: choosePersonDirectory(config, database.db),
      adminGroupDn: config.ldap.adminGroupDn,
    }),
    signIn,
    signatures: new FormSignatureService({ uow, clock, passwords: signIn }),
    jobStatus: new JobStatusService(jobRuns),
    deployments,
    pageSettings: {
      appEnv: config.appEnv,
      secretKey: config.secretKey,
      secureCookies: config.session.secureCookies,
      devLogin: authenticator instanceof DevelopmentAuthenticator,
      maxUploadBytes: config.maxUploadBytes,
      cacheTemplates: config.appEnv !== 'development',
      softDeleteRetentionDays: config.jobs.softDeleteRetentionDays,
    },
    databaseReachability: {
      isUnreachable: isDatabaseUnreachable,
      onQuerySucceeded: (listener) => database.onQuerySucceeded(listener),
    },
    documents: new DocumentRegisterService({ uow: registerUow, clock }),
    requirements: new TrainingRequirementService({ uow: registerUow, clock }),
    matrix: new TrainingMatrixService({
      uow: registerUow,
      matrix: new KyselyTrainingMatrixQueries(database.db),
      clock,
    }),
    directoryScopes: new KyselyDirectoryScopes(database.db),
    health: check.health,
    seedAdmins: () => admins.ensure(config.adminUsers, 'system', clock.now()),
    async migrate() {
      const results = await migrateToLatest(database.db);
      await check.migrationsChanged();
      schemaCheck.invalidate();
      return results.map((r) => r.migrationName);
    },
    checkSchema: check.checkSchema,
    async close() {
      await launcher.close(Math.floor(config.server.shutdownTimeoutMs / 2));
      await database.close();
    },
    employeeRecords: new EmployeeRecordService({ reader: new KyselyEmployeeTrainingRecordReader(database.db), clock }),
    systemStatus: new SystemStatusService({ runs: jobRuns, deployments, schedule: jobSchedule(config.jobs), clock }),
    schemaCheck,
    jobControl: new JobControlService({ launcher, audit: new KyselyAuditLog(database.db), clock }),
    auditTrail: new AuditTrailService({ trail: new KyselyAuditTrail(database.db) }),
  };
  return composition;
}
