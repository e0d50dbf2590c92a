import { DatabaseUnavailableError, describeAuditBreak } from '../../src/app/composition/operator-kit.ts';
import { UsageError } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { CliCommand } from '../cli/run-cli.ts';

const AUDIT_USAGE = 'usage: npm run audit -- verify';

/**
 * `npm run audit -- verify`: walks the sealed audit trail of the configured database
 * (docs/audit-trail.md). Exit 0 intact, 1 broken (the first broken link is printed: sequence, row
 * id, what is wrong), 2 cannot check (no database, no answer, migrations not applied, bad usage).
 */
export const auditCommand: CliCommand = {
  name: 'audit',
  usage: AUDIT_USAGE,
  async run(ctx) {
    const { positionals } = ctx.parse({ options: {}, allowPositionals: true });
    if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError('give exactly one subcommand: verify');
    const tools = ctx.tools();
    ctx.out.out(`audit verify: ${tools.target}`);
    const report = await tools.verifyAuditChain();
    if (report.broken) {
      ctx.out.err(`❌ ${describeAuditBreak(report.broken)}`);
      ctx.out.err(`   (${report.checked} event(s) read; events before the break verified)`);
      return EXIT.FAILED;
    }
    ctx.out.out(`✅ audit chain intact: ${report.checked} event(s) verified`);
    return EXIT.OK;
  },
  mapError(error, out) {
    if (!(error instanceof DatabaseUnavailableError)) return undefined;
    out.err(`audit verify: cannot check: ${error.message}`);
    return EXIT.USAGE;
  },
};
