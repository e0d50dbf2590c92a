import { documentsCommand } from './documents/documents-command.ts';
import { runCli } from './cli/run-cli.ts';

/**
 * `npm run documents -- match-references [--apply] | rebuild-training-summary | check-training-summary`:
 * see ops/documents/.
 */
runCli(documentsCommand);
