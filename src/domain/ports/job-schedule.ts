/**
 * When the maintenance jobs start on their own in this environment: `JOBS_ENABLED`, one cron
 * expression for all three (`JOBS_SCHEDULE`) read in `JOBS_TIMEZONE`.
 */
export interface JobSchedule {
  /** Whether this environment's server runs the jobs on the schedule (else only by hand). */
  readonly enabled: boolean;
  /** The cron expression, as configured. */
  readonly cron: string;
  /** The IANA zone the expression is read in. */
  readonly timezone: string;
  /** The next scheduled start strictly after `after`; null when the jobs are not scheduled here. */
  nextRun(after: Date): Date | null;
}
