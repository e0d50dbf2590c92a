import type { Kysely, Selectable } from 'kysely';
import type { JobCounts, JobRun, JobRunStatus, JobTrigger } from '../../../domain/job-run.ts';
import type { JobRunRepository, RunFilter } from '../../../domain/ports/job-run-repository.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../connection/db-values.ts';

type JobRunRow = Selectable<Database['job_runs']>;

/** Longest error text kept; operators need the message, not a novel. */
const MAX_ERROR_CHARS = 4000;

/** {@link JobRunRepository} as rows of `job_runs`; counts stored as JSON text. */
export class KyselyJobRunRepository implements JobRunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async start(run: { jobName: string; trigger: JobTrigger; instance: string; startedAt: Date }): Promise<number> {
    const result = await this.db
      .insertInto('job_runs')
      .values({
        job_name: run.jobName,
        triggered_by: run.trigger,
        status: 'running',
        instance: run.instance.slice(0, 120),
        started_at: toDbTime(run.startedAt),
      })
      .executeTakeFirstOrThrow();
    return Number(result.insertId);
  }

  async finish(
    id: number,
    outcome: {
      status: Exclude<JobRunStatus, 'running'>;
      finishedAt: Date;
      counts: JobCounts | null;
      error: string | null;
    },
  ): Promise<void> {
    await this.db
      .updateTable('job_runs')
      .set({
        status: outcome.status,
        finished_at: toDbTime(outcome.finishedAt),
        counts: outcome.counts === null ? null : JSON.stringify(outcome.counts),
        error: outcome.error === null ? null : outcome.error.slice(0, MAX_ERROR_CHARS),
      })
      .where('id', '=', id)
      .execute();
  }

  async markInterrupted(jobName: string, exceptId: number, at: Date): Promise<number> {
    const result = await this.db
      .updateTable('job_runs')
      .set({
        status: 'interrupted',
        finished_at: toDbTime(at),
        error: 'The process running this job ended before it finished.',
      })
      .where('job_name', '=', jobName)
      .where('status', '=', 'running')
      .where('id', '<>', exceptId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async latestPerJob(): Promise<JobRun[]> {
    const rows = await this.db
      .selectFrom('job_runs as r')
      .selectAll('r')
      .where('r.id', 'in', (eb) =>
        eb
          .selectFrom('job_runs')
          .select((e) => e.fn.max('id').as('id'))
          .where('status', '<>', 'skipped')
          .groupBy('job_name'),
      )
      .orderBy('r.job_name')
      .execute();
    return rows.map(toDomain);
  }

  async recent(limit: number, jobName?: string, filter: RunFilter = {}): Promise<JobRun[]> {
    let query = this.db.selectFrom('job_runs').selectAll().orderBy('id', 'desc').limit(limit);
    if (jobName !== undefined) query = query.where('job_name', '=', jobName);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.withoutSkipped) query = query.where('status', '<>', 'skipped');
    return (await query.execute()).map(toDomain);
  }
}

function toDomain(r: JobRunRow): JobRun {
  return {
    id: r.id,
    jobName: r.job_name,
    trigger: r.triggered_by as JobTrigger,
    status: r.status as JobRunStatus,
    instance: r.instance,
    startedAt: fromDbTime(r.started_at),
    finishedAt: fromDbTimeOrNull(r.finished_at),
    counts: r.counts === null ? null : (JSON.parse(r.counts) as JobCounts),
    error: r.error,
  };
}
