import {
  DatabaseUnavailableError,
  type ReferenceMatchReport,
  type UnmatchedReason,
} from '../../src/app/composition/operator-kit.ts';
import { UsageError } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { Output } from '../cli/output.ts';
import type { CliCommand } from '../cli/run-cli.ts';
import { checkTrainingSummary, rebuildTrainingSummary } from './training-summary-commands.ts';

const USAGE =
  'usage: npm run documents -- match-references [--apply] [--actor <name>] | rebuild-training-summary | check-training-summary';
const SUBCOMMANDS = ['match-references', 'rebuild-training-summary', 'check-training-summary'];
const DEFAULT_ACTOR = 'documents match-references';
/** Form ids listed per unmatched reference; the rest are counted. */
const IDS_SHOWN = 10;

const REASONS: Record<UnmatchedReason, string> = {
  'no-reference': 'no document given',
  'unknown-document': 'no such document in the register',
  'ambiguous-document': 'matches more than one document',
  'no-revision': 'no revision given',
  'unknown-revision': 'no such revision of the document',
};

/** A typed text as the operator must see it: quoted (spaces show), `—` when there is none. */
const typed = (text: string | null) => (text === null ? '—' : JSON.stringify(text));

function formIds(ids: readonly number[]): string {
  const shown = ids.slice(0, IDS_SHOWN).join(', ');
  return ids.length > IDS_SHOWN ? `${shown} and ${ids.length - IDS_SHOWN} more` : shown;
}

function printReport({ plan, applied }: ReferenceMatchReport, out: Output, actor: string): void {
  const { links, unmatched } = plan;
  if (links.length === 0) out.out('nothing to link: every form with a register revision is linked already');
  else {
    out.out(`${applied ? 'linking' : 'would link'} ${links.length} form(s) to a register revision:`);
    for (const l of links)
      out.out(
        `  form ${l.formId}: ${typed(l.from.referenceDocument)} rev ${typed(l.from.referenceRevision)} → ${l.to.referenceDocument} rev ${l.to.referenceRevision}`,
      );
  }
  const forms = unmatched.reduce((n, g) => n + g.formIds.length, 0);
  if (unmatched.length === 0) out.out('every free-text reference matches the register');
  else {
    out.out(`${unmatched.length} reference(s) on ${forms} form(s) match nothing in the register (left as they are):`);
    for (const g of unmatched)
      out.out(
        `  ${g.formIds.length} × ${typed(g.referenceDocument)} rev ${typed(g.referenceRevision)}: ${REASONS[g.reason]} (form ${formIds(g.formIds)})`,
      );
  }
  if (!applied) {
    if (links.length > 0) out.out('dry run: nothing changed; add --apply to link them');
    return;
  }
  out.out(
    `✅ linked ${applied.linked} form(s) in ${applied.batches} batch(es) as "${actor}", each audited` +
      (applied.alreadyLinked > 0 ? `; ${applied.alreadyLinked} linked by someone else meanwhile, left alone` : ''),
  );
}

/**
 * `npm run documents -- <subcommand>`. `rebuild-training-summary` and `check-training-summary`: see
 * `training-summary-commands.ts` (exit 0, or 1 when the check finds drift; 2 cannot start).
 *
 * `match-references [--apply] [--actor <name>]`: matches the free-text
 * references of existing forms to the documents register (case, spaces, punctuation and a `Rev`
 * prefix ignored). Without `--apply` it lists what would be linked and the references that match
 * nothing, grouped with counts, and changes nothing; with `--apply` it links them in batches, one
 * audit event per form (actor `documents match-references` unless `--actor`). Forms linked already
 * are not touched, so running it again is a no-op. Exit 0 (unmatched references are listed, not a
 * failure), 1 failed, 2 bad usage or cannot start (no database, no answer, migrations not applied).
 */
export const documentsCommand: CliCommand = {
  name: 'documents',
  usage: USAGE,
  async run(ctx) {
    const { positionals, values } = ctx.parse({
      options: { apply: { type: 'boolean', default: false }, actor: { type: 'string' } },
      allowPositionals: true,
    });
    const sub = positionals[0] ?? '';
    if (positionals.length !== 1 || !SUBCOMMANDS.includes(sub))
      throw new UsageError(`give exactly one subcommand: ${SUBCOMMANDS.join(', ')}`);
    if (sub !== 'match-references' && (values.apply || values.actor !== undefined))
      throw new UsageError(`--apply and --actor belong to match-references, not ${sub}`);
    if (sub === 'rebuild-training-summary') return rebuildTrainingSummary(ctx.tools(), ctx.out);
    if (sub === 'check-training-summary') return checkTrainingSummary(ctx.tools(), ctx.out);
    const actor = (values.actor ?? DEFAULT_ACTOR).trim();
    if (actor === '' || actor.length > 120) throw new UsageError('--actor must be a name of 1 to 120 characters');
    const tools = ctx.tools();
    ctx.out.out(`documents match-references: ${tools.target}${values.apply ? '' : ' (dry run)'}`);
    const report = await tools.matchReferences({ apply: values.apply, actor });
    printReport(report, ctx.out, actor);
    return EXIT.OK;
  },
  mapError(error, out) {
    if (!(error instanceof DatabaseUnavailableError)) return undefined;
    out.err(`documents: cannot start: ${error.message}`);
    return EXIT.USAGE;
  },
};
