import { FsBackupStore } from '../../adapters/backup/fs-backup-store.ts';
import { KyselyMaintenanceQueries } from '../../adapters/db/repositories/kysely-maintenance-queries.ts';
import { KyselyTrainingSummary } from '../../adapters/db/repositories/kysely-training-summary.ts';
import { CleanupService } from '../../domain/cleanup-service.ts';
import { backupJob } from '../jobs/backup-job.ts';
import { cleanupJob } from '../jobs/cleanup-job.ts';
import type { MaintenanceJobs } from '../jobs/job-definitions.ts';
import { syncEmployeesJob } from '../jobs/sync-employees-job.ts';
import { auditChainCheck, auditChainHeadIfSealed } from './audit-chain-check.ts';
import { backupDatabase } from './backup-database.ts';
import type { Composition } from './compose.ts';
import { graphDirectory } from './graph-directory.ts';

/** What the jobs are built from: the parts of a composition they use. */
export type MaintenanceParts = Pick<
  Composition,
  'config' | 'clock' | 'database' | 'forms' | 'files' | 'uow' | 'jobRuns' | 'jobLock'
>;

/** Each job built from the composition with only the ports it uses. */
export function maintenanceJobs(c: MaintenanceParts): MaintenanceJobs {
  const { config, clock } = c;
  const backups = new FsBackupStore(config.jobs.backupFolder);
  const cleanup = new CleanupService({
    queries: new KyselyMaintenanceQueries(c.database.db),
    forms: c.forms,
    uploads: c.files,
    backups,
    clock,
    policy: {
      softDeleteRetentionDays: config.jobs.softDeleteRetentionDays,
      orphanGraceHours: config.jobs.orphanGraceHours,
      backupKeepDays: config.jobs.backupKeepDays,
      requestTimeoutMs: config.server.requestTimeoutMs,
    },
    auditChain: auditChainCheck(c.database.db),
    trainingSummary: new KyselyTrainingSummary(c.database.db),
  });
  return {
    definitions: {
      backup: backupJob({
        store: backups,
        database: () => backupDatabase(config, c.database),
        uploadsDir: config.uploadFolder,
        keepDays: config.jobs.backupKeepDays,
        clock,
        auditChainHead: () => auditChainHeadIfSealed(c.database.db),
      }),
      cleanup: cleanupJob({ cleanup }),
      'sync-employees': syncEmployeesJob({ directory: () => graphDirectory(config), uow: c.uow, clock }),
    },
    runner: { runs: c.jobRuns, lock: c.jobLock, clock },
  };
}
