import { parseArgs } from 'node:util';
import { runJobCommand } from './job-cli.ts';

/** `npm run job -- <backup|cleanup|sync-employees> [--dry-run]`: runs one maintenance job now. */
const USAGE = 'usage: npm run job -- <backup|cleanup|sync-employees> [--dry-run]';

const { values, positionals } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } }, allowPositionals: true });
if (positionals.length > 1) {
  console.error(USAGE);
  process.exit(2);
}
runJobCommand(positionals[0], { dryRun: values['dry-run'], usage: USAGE }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`job failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
