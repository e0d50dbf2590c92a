import pino from 'pino';
import { isJobName, runNamedJob, UnknownJobError } from '../../src/app/composition/jobs-kit.ts';
import { UsageError } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { CliCommand, CliContext } from '../cli/run-cli.ts';

/**
 * Runs one job now, in this process, through the same runner as the scheduler (lock, `job_runs`),
 * showing its progress unless `quiet`. Prints what happened; exit 0 succeeded, 1 failed, 3 skipped
 * (another run holds the lock), 2 usage.
 */
async function runJobNow(ctx: CliContext, name: string, options: { dryRun: boolean; quiet: boolean }): Promise<number> {
  const { dryRun } = options;
  const config = ctx.config();
  const log = pino({ level: config.logLevel === 'silent' ? 'silent' : 'warn' });
  const jobs = await ctx.tools().jobs();
  const progress = ctx.progress(options.quiet);
  try {
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (!(await jobs.hasJobRunsTable()) && isJobName(name)) {
      // A deploy backs up the live database before migrating it, possibly before job_runs exists:
      // the backup must still work there, unrecorded and unlocked. Other jobs need the table.
      if (name !== 'backup') {
        ctx.out.err(`${name}: the database has no job_runs table yet; run "npm run db -- upgrade head" first`);
        return EXIT.FAILED;
      }
      const result = await jobs.definitions.backup.run({
        signal: controller.signal,
        dryRun,
        log,
        onProgress: progress.report,
      });
      progress.finish();
      for (const item of result.items ?? []) ctx.out.out(`  ${item}`);
      ctx.out.out(
        `backup: succeeded (not recorded: the database has no job_runs table yet)\ncounts: ${JSON.stringify(result.counts)}`,
      );
      return EXIT.OK;
    }
    const outcome = await runNamedJob(jobs, name, {
      trigger: 'manual',
      log,
      signal: controller.signal,
      dryRun,
      onProgress: progress.report,
    });
    progress.finish();
    for (const item of outcome.result?.items ?? []) ctx.out.out(`  ${item}`);
    const counts = outcome.result?.counts ?? outcome.run?.counts;
    ctx.out.out(
      `${name}: ${outcome.status}${outcome.run ? ` (run ${outcome.run.id})` : ''}${dryRun ? ' [dry run]' : ''}`,
    );
    if (counts) ctx.out.out(`counts: ${JSON.stringify(counts)}`);
    if (outcome.error) ctx.out.err(`error: ${outcome.error}`);
    return outcome.status === 'succeeded' ? EXIT.OK : outcome.status === 'skipped' ? EXIT.DECLINED : EXIT.FAILED;
  } catch (error) {
    if (error instanceof UnknownJobError) throw new UsageError(error.message);
    throw error;
  } finally {
    await jobs.close();
  }
}

const JOB_USAGE = 'usage: npm run job -- <backup|cleanup|sync-employees> [--dry-run] [--quiet]';

/** `npm run job -- <backup|cleanup|sync-employees> [--dry-run] [--quiet]`: runs one maintenance job now. */
export const jobCommand: CliCommand = {
  name: 'job',
  usage: JOB_USAGE,
  async run(ctx) {
    const { values, positionals } = ctx.parse({
      options: { 'dry-run': { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError('give exactly one job name');
    return runJobNow(ctx, name, { dryRun: values['dry-run'], quiet: values.quiet });
  },
};

/** `npm run backup [-- --quiet]`: the backup job now (recorded in job_runs like the nightly one). */
export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'usage: npm run backup [-- --quiet]',
  async run(ctx) {
    const { values } = ctx.parse({ options: { quiet: { type: 'boolean', default: false } }, allowPositionals: false });
    return runJobNow(ctx, 'backup', { dryRun: false, quiet: values.quiet });
  },
};
