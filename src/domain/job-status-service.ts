import { JOB_NAMES, type JobName, type JobRun } from './job-run.ts';
import type { JobRunRepository } from './ports/job-run-repository.ts';

/** The last run of one job; `latest` is null for a job that never ran. */
export interface JobStatus {
  readonly jobName: JobName;
  readonly latest: JobRun | null;
}

/** What the admin page shows: every job with its last run, and the most recent runs overall. */
export interface JobOverview {
  readonly jobs: readonly JobStatus[];
  readonly recent: readonly JobRun[];
}

/** Read side of the job runs, for the admin page. */
export class JobStatusService {
  constructor(private readonly runs: JobRunRepository) {}

  /** Each known job (in {@link JOB_NAMES} order) with its newest run, plus the newest `recentLimit` runs. */
  async overview(recentLimit = 20): Promise<JobOverview> {
    const latest = await this.runs.latestPerJob();
    const byName = new Map(latest.map((r) => [r.jobName, r]));
    return {
      jobs: JOB_NAMES.map((jobName) => ({ jobName, latest: byName.get(jobName) ?? null })),
      recent: await this.runs.recent(clamp(recentLimit)),
    };
  }

  /**
   * Each known job's last `limit` runs, newest first, skips left out (another instance skipping
   * beside the real run is not a run): the jobs page's strip of outcomes.
   */
  async lastRuns(limit = 30): Promise<{ readonly jobName: JobName; readonly runs: readonly JobRun[] }[]> {
    const n = clamp(limit);
    return Promise.all(
      JOB_NAMES.map(async (jobName) => ({
        jobName,
        runs: await this.runs.recent(n, jobName, { withoutSkipped: true }),
      })),
    );
  }

  /** The last `limit` successful backups, newest first (their counts hold the backup's size). */
  async goodBackups(limit = 30): Promise<JobRun[]> {
    return this.runs.recent(clamp(limit), 'backup', { status: 'succeeded' });
  }

  /** The newest runs of one job, newest first. */
  async history(jobName: JobName, limit = 50): Promise<JobRun[]> {
    return this.runs.recent(clamp(limit), jobName);
  }
}

/** A limit between 1 and 500. */
const clamp = (limit: number) => Math.min(Math.max(Math.trunc(limit), 1), 500);
