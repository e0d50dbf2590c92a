import type {
  OperatorTools,
  TrainingSummaryDifference,
  TrainingSummaryFact,
} from '../../src/app/composition/operator-kit.ts';
import { EXIT, type ExitCode } from '../cli/exit-codes.ts';
import type { Output } from '../cli/output.ts';

/** Differing pairs printed one a line; the rest are counted. */
const PAIRS_SHOWN = 20;

const fact = (f: TrainingSummaryFact | null) =>
  f === null
    ? 'no row'
    : `revision id ${f.newestRevisionId} (effective ${f.newestEffectiveDate}), last trained ${f.lastTrainingDate}`;

function describe(d: TrainingSummaryDifference): string {
  return `  employee ${d.employeeId}, document ${d.documentId}: the forms give ${fact(d.expected)}; the summary has ${fact(d.actual)}`;
}

/**
 * `npm run documents -- rebuild-training-summary`: recomputes the training matrix's summary
 * (`employee_document_training`) from the forms, a batch of employees per transaction. Exit 0.
 */
export async function rebuildTrainingSummary(tools: OperatorTools, out: Output): Promise<ExitCode> {
  out.out(`documents rebuild-training-summary: ${tools.target}`);
  const { pairs, batches } = await tools.rebuildTrainingSummary();
  out.out(`✅ rebuilt the training summary: ${pairs} (employee, document) pair(s) in ${batches} batch(es)`);
  return EXIT.OK;
}

/**
 * `npm run documents -- check-training-summary`: compares the summary with a fresh aggregation of
 * the forms and lists the pairs that differ. Exit 0 when they match, 1 on drift.
 */
export async function checkTrainingSummary(tools: OperatorTools, out: Output): Promise<ExitCode> {
  out.out(`documents check-training-summary: ${tools.target}`);
  const { pairs, differences } = await tools.checkTrainingSummary();
  if (differences.length === 0) {
    out.out(`✅ the training summary matches the forms: ${pairs} (employee, document) pair(s)`);
    return EXIT.OK;
  }
  out.err(`❌ the training summary differs from the forms on ${differences.length} pair(s) (of ${pairs}):`);
  for (const d of differences.slice(0, PAIRS_SHOWN)) out.err(describe(d));
  if (differences.length > PAIRS_SHOWN) out.err(`  and ${differences.length - PAIRS_SHOWN} more`);
  out.err('fix: npm run documents -- rebuild-training-summary');
  return EXIT.FAILED;
}
