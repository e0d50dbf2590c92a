import { FsBackupStore } from '../../adapters/backup/fs-backup-store.ts';
import { KyselyMaintenanceQueries } from '../../adapters/db/repositories/kysely-maintenance-queries.ts';
import { CleanupService } from '../../domain/cleanup-service.ts';
import type { Config } from '../config.ts';
import { auditChainHeadIfSealed } from './audit-chain-check.ts';
import { backupJob } from '../jobs/backup-job.ts';
import { cleanupJob } from '../jobs/cleanup-job.ts';
import type { MaintenanceJobs } from '../jobs/job-definitions.ts';
import { syncEmployeesJob } from '../jobs/sync-employees-job.ts';
import { backupDatabase } from './backup-database.ts';
import { compose, type Composition } from './compose.ts';
import { graphDirectory } from './graph-directory.ts';
import { auditChainCheck } from './audit-chain-check.ts';

/** Each job built from the composition with only the ports it uses. */
export function maintenanceJobs(c: Composition): MaintenanceJobs {
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

/** What a job process (a Bree worker, `npm run job`) uses. */
export interface JobsProcess extends MaintenanceJobs {
  /**
   * Whether the database has the `job_runs` table yet (a deploy backs up the live database
   * before migrating it, possibly before the table exists).
   */
  hasJobRunsTable(): Promise<boolean>;
  close(): Promise<void>;
}

/** The composition entry of the job processes. */
export async function composeJobs(config: Config): Promise<JobsProcess> {
  const c = await compose(config);
  return {
    ...maintenanceJobs(c),
    hasJobRunsTable: async () => (await c.database.db.introspection.getTables()).some((t) => t.name === 'job_runs'),
    close: c.close,
  };
}
