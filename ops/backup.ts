import { runJobCommand } from './job-cli.ts';

/** `npm run backup`: the backup job now (recorded in job_runs like the nightly one). */
runJobCommand('backup', { dryRun: false, usage: 'usage: npm run backup' }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
