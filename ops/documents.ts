import { documentsCommand } from './documents/documents-command.ts';
import { runCli } from './cli/run-cli.ts';

/** `npm run documents -- match-references [--apply]`: see ops/documents/documents-command.ts. */
runCli(documentsCommand);
