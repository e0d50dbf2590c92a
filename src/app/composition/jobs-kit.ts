/** What the job commands of `ops/` use besides `OperatorTools.jobs()`: the one runner path and its usage error. */
export { runNamedJob, UnknownJobError } from '../jobs/job-definitions.ts';
export { isJobName } from '../../domain/job-run.ts';
export type { JobsProcess } from './jobs.ts';
