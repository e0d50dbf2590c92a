import type { Kysely } from 'kysely';
import { declaredSchema } from '../../declared-schema/declared-schema.ts';
import { describeDifference } from './check-report.ts';
import { declaredModel } from './declared-model.ts';
import { introspectDatabase } from './introspect.ts';
import type { SchemaDialect } from './schema-model.ts';
import { diffSchemas } from './schema-diff.ts';

/** Whether the live database matches the running code's declared schema, as `/health` reports it. */
export type SchemaVerdict =
  | {
      readonly matches: boolean;
      readonly checkedAt: string;
      /** How many differences `db check` would list; the first {@link SHOWN} are described. */
      readonly differenceCount: number;
      readonly differences: readonly string[];
    }
  | { readonly matches: null; readonly checkedAt: string | null; readonly error: string };

const SHOWN = 10;

/**
 * Compares the live database with the declared schema, object by object (verdict 4 of `db check`:
 * the migration verdicts are reported by `/health` from its per-request query). Introspection costs
 * a few dozen catalogue queries, so callers compute this at start-up and after migrations, not per
 * request.
 */
export async function declaredSchemaVerdict(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspects any database
  db: Kysely<any>,
  dialect: SchemaDialect,
  now: Date,
): Promise<SchemaVerdict> {
  const differences = diffSchemas(dialect, declaredModel(declaredSchema), await introspectDatabase(db, dialect));
  return {
    matches: differences.length === 0,
    checkedAt: now.toISOString(),
    differenceCount: differences.length,
    differences: differences.slice(0, SHOWN).map(describeDifference),
  };
}
