import { runCli } from './cli/run-cli.ts';
import { jobCommand } from './jobs/job-command.ts';

/** `npm run job`: see ops/jobs/job-command.ts. */
runCli(jobCommand);
