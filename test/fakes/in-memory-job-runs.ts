import type { JobCounts, JobRun, JobRunStatus, JobTrigger } from '../../src/domain/job-run.ts';
import type { JobRunRepository, RunFilter } from '../../src/domain/ports/job-run-repository.ts';

/** {@link JobRunRepository} over an array, ids from 1 in insertion order (as the table's). */
export class InMemoryJobRuns implements JobRunRepository {
  readonly runs: JobRun[] = [];

  async start(run: { jobName: string; trigger: JobTrigger; instance: string; startedAt: Date }): Promise<number> {
    const id = this.runs.length + 1;
    this.runs.push({
      id,
      jobName: run.jobName,
      trigger: run.trigger,
      status: 'running',
      instance: run.instance.slice(0, 120),
      startedAt: new Date(run.startedAt.getTime()),
      finishedAt: null,
      counts: null,
      error: null,
    });
    return id;
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
    const i = this.runs.findIndex((r) => r.id === id);
    const run = this.runs[i];
    if (!run) return;
    this.runs[i] = {
      ...run,
      status: outcome.status,
      finishedAt: new Date(outcome.finishedAt.getTime()),
      counts: outcome.counts === null ? null : { ...outcome.counts },
      error: outcome.error === null ? null : outcome.error.slice(0, 4000),
    };
  }

  async markInterrupted(jobName: string, exceptId: number, at: Date): Promise<number> {
    let marked = 0;
    this.runs.forEach((r, i) => {
      if (r.jobName !== jobName || r.status !== 'running' || r.id === exceptId) return;
      this.runs[i] = {
        ...r,
        status: 'interrupted',
        finishedAt: new Date(at.getTime()),
        error: 'The process running this job ended before it finished.',
      };
      marked++;
    });
    return marked;
  }

  async latestPerJob(): Promise<JobRun[]> {
    const latest = new Map<string, JobRun>();
    for (const r of this.runs) if (r.status !== 'skipped') latest.set(r.jobName, r);
    return [...latest.values()].sort((a, b) => (a.jobName < b.jobName ? -1 : 1));
  }

  async recent(limit: number, jobName?: string, filter: RunFilter = {}): Promise<JobRun[]> {
    return this.runs
      .filter(
        (r) =>
          (jobName === undefined || r.jobName === jobName) &&
          (filter.status === undefined || r.status === filter.status) &&
          !(filter.withoutSkipped && r.status === 'skipped'),
      )
      .reverse()
      .slice(0, limit);
  }
}
