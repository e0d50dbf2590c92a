import { existsSync } from 'node:fs';
import { connectDatabase, type DatabaseSettings } from '../../adapters/db/connection/connect.ts';
import { KyselyUnitOfWork } from '../../adapters/db/repositories/kysely-unit-of-work.ts';
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
    if (!tables.includes('document_revisions'))
      throw new DatabaseUnavailableError(
        `${describeTarget(settings)} has no documents register yet; run "npm run db -- upgrade head" first`,
      );
    const service = new ReferenceMatchService({ uow: new KyselyUnitOfWork(handle.db), clock });
    const plan = await service.plan();
    return { plan, applied: options.apply ? await service.apply(plan, options.actor) : null };
  } finally {
    await handle.close();
  }
}
