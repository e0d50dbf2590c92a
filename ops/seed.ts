import { runCli } from './cli/run-cli.ts';
import { seedCommand } from './seed/seed-command.ts';

/** `npm run seed`: see ops/seed/seed-command.ts. */
runCli(seedCommand);
