import { auditCommand } from './audit/audit-command.ts';
import { runCli } from './cli/run-cli.ts';

/** `npm run audit -- verify`: see ops/audit/audit-command.ts. */
runCli(auditCommand);
