import { isJobName, JOB_NAMES, type JobName, type JobTrigger } from '../../domain/job-run.ts';
import type { Composition } from '../compose.ts';
import { backupJob } from './backup-job.ts';
import { cleanupJob } from './cleanup-job.ts';
import { runJob, type JobDefinition, type JobLogger, type JobOutcome } from './job-runner.ts';
import { syncEmployeesJob } from './sync-employees-job.ts';

/** The three maintenance jobs over one composition. */
export function jobDefinitions(c: Composition): Record<JobName, JobDefinition> {
  return { backup: backupJob(c), cleanup: cleanupJob(c), 'sync-employees': syncEmployeesJob(c) };
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
 */
export async function runNamedJob(
  c: Composition,
  name: string,
  options: { trigger: JobTrigger; log: JobLogger; signal?: AbortSignal; dryRun?: boolean; jobs?: Partial<Record<JobName, JobDefinition>> },
): Promise<JobOutcome> {
  if (!isJobName(name)) throw new UnknownJobError(name);
  const job = options.jobs?.[name] ?? jobDefinitions(c)[name];
  return runJob(job, { runs: c.jobRuns, lock: c.jobLock, clock: c.clock, log: options.log }, options);
}
