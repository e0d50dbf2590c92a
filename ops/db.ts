import { runCli } from './cli/run-cli.ts';
import { dbCommand } from './db/db-command.ts';

/** `npm run db` (and, compiled, `dist/ops/db.js`, which the deploy runs in each release): see ops/db/db-command.ts. */
runCli(dbCommand);
