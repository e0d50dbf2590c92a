import { runCli } from './cli/run-cli.ts';
import { restoreCommand } from './backup/restore-command.ts';

/**
 * `npm run restore` (and, compiled, `dist/ops/restore.js`, which the deploy runs on a rollback): see
 * ops/backup/restore-command.ts.
 */
runCli(restoreCommand);
