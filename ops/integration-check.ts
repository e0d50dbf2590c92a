import { runCli } from './cli/run-cli.ts';
import { integrationCommand } from './integration/integration-command.ts';

/** `npm run test:integration`: see ops/integration/integration-command.ts. */
runCli(integrationCommand);
