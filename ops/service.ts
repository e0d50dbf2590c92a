import { runCli } from './cli/run-cli.ts';
import { serviceCommand } from './service/service-command.ts';

/** `npm run service`: see ops/service/service-command.ts. */
runCli(serviceCommand);
