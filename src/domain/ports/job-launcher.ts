import type { JobName, JobRunStatus } from '../job-run.ts';

/**
 * How a run started now went, as far as the request that started it waited: `finished` with the
 * run's status (`skipped`: another run of the job held its lock, on this or another instance), or
 * still `running` in the background (its result lands in `job_runs` like any run's).
 */
export type JobLaunchResult =
  | {
      readonly state: 'finished';
      readonly status: Exclude<JobRunStatus, 'running' | 'interrupted'>;
      /** The run's `job_runs` id; null when even recording it failed (database down). */
      readonly runId: number | null;
      readonly error: string | null;
    }
  | { readonly state: 'running' };

/** Starts a maintenance job now, through the same runner and lock as the scheduler. */
export interface JobLauncher {
  /**
   * Starts `jobName` (trigger `manual`); resolves when it has finished or the wait is over. Never
   * throws for a failing job.
   */
  runNow(jobName: JobName): Promise<JobLaunchResult>;
}
