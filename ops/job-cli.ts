import pino from 'pino';
import { composeJobs } from '../src/app/composition/jobs.ts';
import { ConfigError, loadConfig } from '../src/app/config.ts';
import { runNamedJob, UnknownJobError } from '../src/app/jobs/job-definitions.ts';
import { isJobName } from '../src/domain/job-run.ts';

/**
 * Runs one job now, in this process, through the same runner as the scheduler (lock, `job_runs`).
 * Prints what happened; exit 0 succeeded, 1 failed, 3 skipped (another run holds the lock), 2 usage.
 */
export async function runJobCommand(name: string | undefined, options: { dryRun: boolean; usage: string }): Promise<number> {
  if (!name) {
    console.error(options.usage);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const log = pino({ level: config.logLevel === 'silent' ? 'silent' : 'warn' });
  const c = await composeJobs(config);
  try {
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (isJobName(name) && !(await c.hasJobRunsTable())) {
      // A deploy backs up the live database before migrating it, possibly before job_runs exists:
      // the backup must still work there, unrecorded and unlocked. Other jobs need the table.
      if (name !== 'backup') {
        console.error(`${name}: the database has no job_runs table yet; run "npm run db -- upgrade head" first`);
        return 1;
      }
      const result = await c.definitions.backup.run({ signal: controller.signal, dryRun: options.dryRun, log });
      for (const item of result.items ?? []) console.log(`  ${item}`);
      console.log(`backup: succeeded (not recorded: the database has no job_runs table yet)\ncounts: ${JSON.stringify(result.counts)}`);
      return 0;
    }
    const outcome = await runNamedJob(c, name, { trigger: 'manual', log, signal: controller.signal, dryRun: options.dryRun });
    for (const item of outcome.result?.items ?? []) console.log(`  ${item}`);
    const counts = outcome.result?.counts ?? outcome.run?.counts;
    console.log(`${name}: ${outcome.status}${outcome.run ? ` (run ${outcome.run.id})` : ''}${options.dryRun ? ' [dry run]' : ''}`);
    if (counts) console.log(`counts: ${JSON.stringify(counts)}`);
    if (outcome.error) console.error(`error: ${outcome.error}`);
    return outcome.status === 'succeeded' ? 0 : outcome.status === 'skipped' ? 3 : 1;
  } catch (error) {
    if (error instanceof UnknownJobError) {
      console.error(`${error.message}\n${options.usage}`);
      return 2;
    }
    throw error;
  } finally {
    await c.close();
  }
}
