/** The maintenance jobs the application runs (nightly, or now through `npm run job`). */
export const JOB_NAMES = ['backup', 'cleanup', 'sync-employees'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/**
 * - `running`: started, not finished (or its process died: see `interrupted`);
 * - `succeeded` / `failed`: finished, with counts or an error;
 * - `skipped`: not run because another run of the same job held the lock;
 * - `cancelled`: stopped on request (server shutdown) before it finished;
 * - `interrupted`: was `running` when its process ended; found by the next run.
 */
export type JobRunStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'interrupted';

/** Who asked for the run: the scheduler or a person (`npm run job`, `npm run backup`). */
export type JobTrigger = 'schedule' | 'manual';

/** Counters a job reports (added, updated, filesCopied, ...). */
export type JobCounts = Readonly<Record<string, number>>;

/** One recorded run of a job. */
export interface JobRun {
  readonly id: number;
  readonly jobName: string;
  readonly trigger: JobTrigger;
  readonly status: JobRunStatus;
  /** Which app instance ran it (host and process). */
  readonly instance: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly counts: JobCounts | null;
  /** A one-paragraph message for an operator (never a stack trace or a secret). */
  readonly error: string | null;
}

export function isJobName(value: string): value is JobName {
  return (JOB_NAMES as readonly string[]).includes(value);
}
