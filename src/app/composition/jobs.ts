import type { Config } from '../config.ts';
import type { MaintenanceJobs } from '../jobs/job-definitions.ts';
import { compose } from './compose.ts';
import { maintenanceJobs } from './maintenance-jobs.ts';

export { maintenanceJobs } from './maintenance-jobs.ts';

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
