import { DatabaseUnavailableError, describeAuditBreak } from '../../src/app/composition/operator-kit.ts';
import { UsageError } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { CliCommand } from '../cli/run-cli.ts';

const AUDIT_USAGE = 'usage: npm run audit -- verify [--anchor <seq>:<hash>]';

/** `--anchor 1234:<64 hex>`: a head printed by an earlier run and kept outside the database. */
function parseAnchor(text: string | undefined): { seq: number; hash: string } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text);
  if (!m || !Number.isSafeInteger(Number(m[1])) || Number(m[1]) < 1)
    throw new UsageError('--anchor must be <sequence>:<64 hex digits> as printed by an earlier verify');
  return { seq: Number(m[1]), hash: m[2] as string };
}

/**
 * `npm run audit -- verify [--anchor <seq>:<hash>]`: walks the sealed audit trail of the configured
 * database (docs/audit-trail.md) and prints the chain head to keep elsewhere; with `--anchor`, the
 * event at that sequence must still have that hash. Exit 0 intact, 1 broken (the first broken link
 * is printed: sequence, row id, what is wrong), 2 cannot check (no database, no answer, migrations
 * not applied) or bad usage.
 */
export const auditCommand: CliCommand = {
  name: 'audit',
  usage: AUDIT_USAGE,
  async run(ctx) {
    const { positionals, values } = ctx.parse({ options: { anchor: { type: 'string' } }, allowPositionals: true });
    if (positionals.length !== 1 || positionals[0] !== 'verify')
      throw new UsageError('give exactly one subcommand: verify');
    const anchor = parseAnchor(values.anchor);
    const tools = ctx.tools();
    ctx.out.out(`audit verify: ${tools.target}`);
    const { report, head } = await tools.verifyAuditChain(anchor);
    if (report.broken) {
      ctx.out.err(`❌ ${describeAuditBreak(report.broken)}`);
      ctx.out.err(`   (${report.checked} event(s) read; events before the break verified)`);
      return EXIT.FAILED;
    }
    ctx.out.out(
      `✅ audit chain intact: ${report.checked} event(s) verified${anchor ? `, including the anchor at sequence ${anchor.seq}` : ''}`,
    );
    if (head && head.seq > 0)
      ctx.out.out(
        `chain head: ${head.seq}:${head.hash}  (keep it outside the database; later: verify --anchor ${head.seq}:${head.hash})`,
      );
    return EXIT.OK;
  },
  mapError(error, out) {
    if (!(error instanceof DatabaseUnavailableError)) return undefined;
    out.err(`audit verify: cannot check: ${error.message}`);
    return EXIT.USAGE;
  },
};
