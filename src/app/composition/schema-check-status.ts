import type { DatabaseHandle } from '../../adapters/db/connection/connect.ts';
import { listMigrationFiles } from '../../adapters/db/migrator/migration-files.ts';
import { MIGRATIONS_FOLDER } from '../../adapters/db/migrator/migrations.ts';
import { readAppliedMigrations } from '../../adapters/db/migrator/migration-store.ts';
import type { SchemaCheckStatus, SchemaCheckSummary } from '../../adapters/http/app-services.ts';
import { checkVerdictLines } from '../../adapters/schema-check/check-report.ts';
import { declaredModel } from '../../adapters/schema-check/declared-model.ts';
import { introspectDatabase } from '../../adapters/schema-check/introspect.ts';
import { checkSchema } from '../../adapters/schema-check/schema-check.ts';
import { declaredSchema } from '../../declared-schema/declared-schema.ts';
import type { Clock } from '../../domain/ports/clock.ts';

/**
 * `npm run db -- check` run by the application on its own database, for the admin home: the same
 * inputs (the migration files the running code has, with their checksums; the applied records; the
 * live schema against the declaration) and the same four verdicts. Introspection costs dozens of
 * catalogue queries, so the result is kept: computed on first use, after migrations
 * ({@link invalidate}) and when an administrator asks again.
 */
export function schemaCheckStatus(
  database: DatabaseHandle,
  clock: Clock,
  folder: string = MIGRATIONS_FOLDER,
): SchemaCheckStatus & { invalidate(): void } {
  let last: SchemaCheckSummary | null = null;
  let inFlight: Promise<SchemaCheckSummary> | null = null;

  const run = async (): Promise<SchemaCheckSummary> => {
    const checkedAt = clock.now();
    try {
      const [files, applied, live] = await Promise.all([
        listMigrationFiles(folder),
        readAppliedMigrations(database.db),
        introspectDatabase(database.db, database.dialect),
      ]);
      const report = checkSchema({
        dialect: database.dialect,
        target: database.dialect,
        declared: declaredModel(declaredSchema),
        live,
        files,
        applied,
      });
      return {
        checkedAt,
        ok: report.ok,
        error: null,
        verdicts: checkVerdictLines(report),
        migrations: {
          applied: applied.length,
          pending: report.verdicts.pendingMigrations.migrations,
          current: applied.at(-1)?.name ?? null,
          latest: files.at(-1)?.name ?? null,
        },
      };
    } catch (error) {
      return {
        checkedAt,
        ok: null,
        error: error instanceof Error ? error.message : String(error),
        verdicts: [],
        migrations: null,
      };
    }
  };
  // Requests arriving while a check runs share it; one that could not run is not kept.
  const check = (): Promise<SchemaCheckSummary> =>
    (inFlight ??= run()
      .then((summary) => {
        last = summary.ok === null ? null : summary;
        return summary;
      })
      .finally(() => {
        inFlight = null;
      }));

  return {
    latest: async () => last ?? check(),
    recheck: check,
    invalidate() {
      last = null;
    },
  };
}
