import { existsSync } from 'node:fs';
import { connectDatabase, type DatabaseSettings } from '../../adapters/db/connection/connect.ts';
import { KyselyTrainingSummary } from '../../adapters/db/repositories/kysely-training-summary.ts';
import { KyselyUnitOfWork } from '../../adapters/db/repositories/kysely-unit-of-work.ts';
import type { TrainingSummaryMaintenance } from '../../domain/ports/training-summary.ts';
import type { Clock } from '../../domain/ports/clock.ts';
import {
  ReferenceMatchService,
  type ReferenceMatchPlan,
  type ReferenceMatchResult,
} from '../../domain/reference-match-service.ts';
import { DatabaseUnavailableError, describeTarget } from './operator-database.ts';

/** What `npm run documents -- match-references` reports: the plan, and what applying it did (null: a dry run). */
export interface ReferenceMatchReport {
  readonly plan: ReferenceMatchPlan;
  readonly applied: ReferenceMatchResult | null;
}

/**
 * Matches the free-text references of the forms of the database at `settings` to its documents
 * register ({@link ReferenceMatchService}); with `apply`, links them as `actor`. Throws
 * {@link DatabaseUnavailableError} when it cannot start: no such SQLite file, no answer, or no
 * register yet (migrations not applied).
 */
export async function matchFormReferences(
  settings: DatabaseSettings,
  clock: Clock,
  options: { readonly apply: boolean; readonly actor: string },
): Promise<ReferenceMatchReport> {
  return withRegister(settings, async (db) => {
    const service = new ReferenceMatchService({ uow: new KyselyUnitOfWork(db), clock });
    const plan = await service.plan();
    return { plan, applied: options.apply ? await service.apply(plan, options.actor) : null };
  });
}

/**
 * Works on the training matrix's summary of the database at `settings` (`rebuild-training-summary`,
 * `check-training-summary`). Throws {@link DatabaseUnavailableError} as {@link matchFormReferences}
 * does, and when the summary's migration is not applied.
 */
export function withTrainingSummary<T>(
  settings: DatabaseSettings,
  work: (summary: TrainingSummaryMaintenance) => Promise<T>,
): Promise<T> {
  return withRegister(settings, (db) => work(new KyselyTrainingSummary(db)), 'employee_document_training');
}

/**
 * Opens the database at `settings` for `work` when it has the register (and `table`), else
 * {@link DatabaseUnavailableError}.
 */
async function withRegister<T>(
  settings: DatabaseSettings,
  work: (db: ReturnType<typeof connectDatabase>['db']) => Promise<T>,
  table = 'document_revisions',
): Promise<T> {
  if (settings.dialect === 'sqlite' && settings.path !== ':memory:' && !existsSync(settings.path))
    throw new DatabaseUnavailableError(`SQLite database file ${settings.path} does not exist`);
  const handle = connectDatabase(settings);
  try {
    let tables: string[];
    try {
      tables = (await handle.db.introspection.getTables()).map((t) => t.name);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnavailableError(`cannot reach the database (${describeTarget(settings)}): ${message}`, {
        cause: error,
      });
    }
    if (!tables.includes('document_revisions') || !tables.includes(table))
      throw new DatabaseUnavailableError(
        `${describeTarget(settings)} has no ${table === 'document_revisions' ? 'documents register' : table} yet; run "npm run db -- upgrade head" first`,
      );
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}
