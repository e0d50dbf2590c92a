import type { JobCounts, JobRun, JobRunStatus, JobTrigger } from '../job-run.ts';

/** Where job runs are recorded (the `job_runs` table). */
export interface JobRunRepository {
  /** Records a run as `running` and returns its id. */
  start(run: { jobName: string; trigger: JobTrigger; instance: string; startedAt: Date }): Promise<number>;

  /** Records how run `id` ended. */
  finish(
    id: number,
    outcome: {
      status: Exclude<JobRunStatus, 'running'>;
      finishedAt: Date;
      counts: JobCounts | null;
      error: string | null;
    },
  ): Promise<void>;

  /**
   * Marks every run of `jobName` still `running` (other than `exceptId`) as `interrupted`: called by
   * the lock holder, so such rows belong to a process that died. Returns how many were marked.
   */
  markInterrupted(jobName: string, exceptId: number, at: Date): Promise<number>;

  /**
   * The newest run of each job that has one, by job name, ignoring `skipped` runs (another
   * instance skipping while the real run goes on must not hide that run's result).
   */
  latestPerJob(): Promise<JobRun[]>;

  /**
   * The newest runs first, of one job or of all; at most `limit`. `filter` narrows them to one
   * status (`succeeded`: the last good backups) or leaves out `skipped` runs (the strip of a job's
   * last runs: another instance skipping beside the real run is not a run).
   */
  recent(limit: number, jobName?: string, filter?: RunFilter): Promise<JobRun[]>;
}

/** Which runs {@link JobRunRepository.recent} lists; every run without one. */
export interface RunFilter {
  readonly status?: JobRunStatus;
  readonly withoutSkipped?: boolean;
}
