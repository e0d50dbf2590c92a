import { runCli } from './cli/run-cli.ts';
import { backupCommand } from './jobs/job-command.ts';

/** `npm run backup` (and, compiled, `dist/ops/backup.js`, which the deploy runs): see ops/jobs/job-command.ts. */
runCli(backupCommand);
