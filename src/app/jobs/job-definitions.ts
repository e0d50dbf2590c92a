import type { ProgressListener } from '../../domain/ports/progress-listener.ts';
import { isJobName, JOB_NAMES, type JobName, type JobTrigger } from '../../domain/job-run.ts';
import { runJob, type JobDefinition, type JobLogger, type JobOutcome, type JobRunnerDeps } from './job-runner.ts';

/** The three maintenance jobs, each built with only its own ports, and what the runner needs. */
export interface MaintenanceJobs {
  readonly definitions: Readonly<Record<JobName, JobDefinition>>;
  readonly runner: Pick<JobRunnerDeps, 'runs' | 'lock' | 'clock'>;
}

/** Thrown for a job name that does not exist (a usage error, not a failed run). */
export class UnknownJobError extends Error {
  readonly code = 'UNKNOWN_JOB';
  constructor(name: string) {
    super(`Unknown job "${name}"; the jobs are: ${JOB_NAMES.join(', ')}`);
  }
}

/**
 * Runs job `name` now through the runner (lock, `job_runs`, never throws for a failing job): the
 * one path used by the scheduler's workers, `npm run job` and `npm run backup`.
 * Throws {@link UnknownJobError} for a name that is not a job.
 */
export async function runNamedJob(
  jobs: MaintenanceJobs,
  name: string,
  options: {
    trigger: JobTrigger;
    log: JobLogger;
    signal?: AbortSignal;
    dryRun?: boolean;
    onProgress?: ProgressListener;
  },
): Promise<JobOutcome> {
  if (!isJobName(name)) throw new UnknownJobError(name);
  return runJob(jobs.definitions[name], { ...jobs.runner, log: options.log }, options);
}
