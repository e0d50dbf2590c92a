import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FsBackupStore } from '../../adapters/backup/fs-backup-store.ts';
import { connectDatabase } from '../../adapters/db/connection/connect.ts';
import { migrateToLatest } from '../../adapters/db/migrator/migrations.ts';
import { KyselyDeploymentHistory } from '../../adapters/db/repositories/kysely-deployment-history.ts';
import { seedDatabase, type SeedOptions } from '../../adapters/db/seed/seed-database.ts';
import type { Declaration } from '../../adapters/schema-check/declared-model.ts';
import type { NewDeployment } from '../../domain/deployment.ts';
import type { Config } from '../config.ts';
import { backupDatabase } from './backup-database.ts';
import type { JobsProcess } from './jobs.ts';
import { describeTarget, openOperatorDatabase, type OperatorDatabase } from './operator-database.ts';
import { verifyAuditTrail, type AuditTrailVerification } from './operator-audit.ts';
import { matchFormReferences, withTrainingSummary, type ReferenceMatchReport } from './operator-documents.ts';
import type { TrainingSummaryCheck, TrainingSummaryRebuild } from '../../domain/ports/training-summary.ts';
import { systemClock } from './system-clock.ts';
import type { AuditChainHead } from '../../domain/audit-seal.ts';
import type { ProgressListener } from '../../domain/ports/progress-listener.ts';

/** `--schema-module` names a module that exports no `declaredSchema` (a usage error). */
export class InvalidSchemaModuleError extends Error {}

/** What `restore` reports. */
export interface RestoreSummary {
  readonly files: number;
  readonly removed: number;
  readonly manifest: { readonly name: string; readonly createdAt: string };
}

/** What the operator CLIs (`ops/`) use: everything built from one configuration, no Kysely handle. */
export interface OperatorTools {
  readonly config: Config;
  /** The configured database as operators read it (`sqlite <path>`, `mariadb host:port/name (user u)`). */
  readonly target: string;
  /** Opens the configured database (see {@link openOperatorDatabase}). */
  openDatabase(options: { mustExist: boolean }): Promise<OperatorDatabase>;
  /** The application's declared schema, or the one exported by `schemaModule` ({@link InvalidSchemaModuleError}). */
  loadDeclaration(schemaModule: string | undefined): Promise<Declaration>;
  /** Migrates to the latest migration, then adds generated employees and forms in one transaction. */
  seed(options: SeedOptions): Promise<{ employees: number; forms: number; trainees: number }>;
  /**
   * Puts a backup (folder) back into the configured database and upload folder (`RestoreRefusedError`,
   * `BackupInvalidError`).
   */
  restore(backupDir: string, options: { force: boolean; onProgress?: ProgressListener }): Promise<RestoreSummary>;
  /** The maintenance jobs over their own composition; `close()` it. */
  jobs(): Promise<JobsProcess>;
  /** Whether the configured database answers (throws its error when not). */
  probeDatabase(): Promise<void>;
  /** Records a deploy in the configured database's `deployments`. */
  recordDeployment(entry: NewDeployment): Promise<void>;
  /**
   * Verifies the sealed audit trail of the configured database, against a recorded head if given
   * (`DatabaseUnavailableError`: cannot check).
   */
  verifyAuditChain(anchor?: AuditChainHead): Promise<AuditTrailVerification>;
  /**
   * Matches the forms' free-text references to the documents register; with `apply`, links them as
   * `actor` (`DatabaseUnavailableError`: cannot start).
   */
  matchReferences(options: { readonly apply: boolean; readonly actor: string }): Promise<ReferenceMatchReport>;
  /** Rebuilds the training matrix's summary from the forms (`DatabaseUnavailableError`: cannot start). */
  rebuildTrainingSummary(): Promise<TrainingSummaryRebuild>;
  /** Compares the training matrix's summary with a fresh aggregation of the forms (`DatabaseUnavailableError`). */
  checkTrainingSummary(): Promise<TrainingSummaryCheck>;
}

/** The composition entry of the operator tools. */
export function composeOperatorTools(config: Config): OperatorTools {
  const settings = config.database;
  const withConnection = async <T>(work: (handle: ReturnType<typeof connectDatabase>) => Promise<T>): Promise<T> => {
    const handle = connectDatabase(settings);
    try {
      return await work(handle);
    } finally {
      await handle.close();
    }
  };
  return {
    config,
    target: describeTarget(settings),
    openDatabase: ({ mustExist }) => openOperatorDatabase(settings, mustExist),
    async loadDeclaration(schemaModule) {
      if (!schemaModule) return (await import('../../declared-schema/declared-schema.ts')).declaredSchema;
      const module = (await import(pathToFileURL(resolve(schemaModule)).href)) as { declaredSchema?: Declaration };
      if (!module.declaredSchema) throw new InvalidSchemaModuleError(`${schemaModule} exports no declaredSchema`);
      return module.declaredSchema;
    },
    seed: (options) =>
      withConnection(async (handle) => {
        await migrateToLatest(handle.db);
        return seedDatabase(handle.db, options);
      }),
    async restore(backupDir, { force, onProgress }) {
      const database = backupDatabase(config);
      return new FsBackupStore(config.jobs.backupFolder).restore(backupDir, {
        database,
        uploadsDir: config.uploadFolder,
        force,
        onProgress,
      });
    },
    // Loaded when asked for: the jobs bring the whole composition (the directory clients among it), which
    // the other commands (migrate, check, audit, backup…) do not need at start-up.
    jobs: async () => (await import('./jobs.ts')).composeJobs(config),
    probeDatabase: () =>
      withConnection(async (handle) => void (await handle.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute())),
    recordDeployment: (entry) => withConnection((handle) => new KyselyDeploymentHistory(handle.db).record(entry)),
    verifyAuditChain: (anchor) => verifyAuditTrail(settings, anchor),
    matchReferences: (options) => matchFormReferences(settings, systemClock, options),
    rebuildTrainingSummary: () => withTrainingSummary(settings, (summary) => summary.rebuild()),
    checkTrainingSummary: () => withTrainingSummary(settings, (summary) => summary.check()),
  };
}
