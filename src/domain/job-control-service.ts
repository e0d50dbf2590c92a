import { ValidationError } from './errors.ts';
import { isJobName, JOB_NAMES } from './job-run.ts';
import type { AuditLog } from './ports/audit-log.ts';
import type { Clock } from './ports/clock.ts';
import type { JobLaunchResult, JobLauncher } from './ports/job-launcher.ts';

/** The entity type under which a person starting a job is audited (`entityId`: the job's name). */
export const JOB_ENTITY = 'job';

/** The audit action of "Run now". */
export const RUN_JOB_ACTION = 'run-job';

/** "Run now" on the jobs page: an administrator starts a maintenance job, recorded in the audit trail. */
export class JobControlService {
  constructor(
    private readonly deps: { readonly launcher: JobLauncher; readonly audit: AuditLog; readonly clock: Clock },
  ) {}

  /**
   * Audits that `actor` started `jobName`, then starts it through the launcher (the scheduler's
   * runner and lock). A run refused because another holds the lock comes back `skipped`. Throws
   * {@link ValidationError} for a name that is not a job.
   */
  async runNow(jobName: string, actor: string): Promise<JobLaunchResult> {
    if (!isJobName(jobName)) throw new ValidationError({ job: `Not a job; the jobs are ${JOB_NAMES.join(', ')}.` });
    await this.deps.audit.record({
      occurredAt: this.deps.clock.now(),
      actor,
      action: RUN_JOB_ACTION,
      entityType: JOB_ENTITY,
      entityId: jobName,
      details: null,
    });
    return this.deps.launcher.runNow(jobName);
  }
}
