import { fileURLToPath } from 'node:url';
import type { Kysely, MigrationResult } from 'kysely';
import { listMigrationFiles } from './migration-files.ts';
import { migrationStatus, planUpgrade } from './migration-plan.ts';
import { runMigrations, type RunOptions } from './migration-runner.ts';
import { readAppliedMigrations } from './migration-store.ts';

export { MigrationFailedError } from './migration-runner.ts';

/** `db/migrations`, next to `src/` both in the source tree and in the compiled `dist/`. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../../db/migrations/', import.meta.url));

/** Which migrations the code has and which the database has applied. */
export interface MigrationState {
  readonly applied: readonly string[];
  readonly pending: readonly string[];
  /** Applied in the database, unknown to the code. */
  readonly unknown: readonly string[];
  /** The newest applied migration, or null on an empty database. */
  readonly current: string | null;
  /** The newest migration the code has. */
  readonly latest: string | null;
  readonly upToDate: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export async function migrationState(db: Kysely<any>, folder: string = MIGRATIONS_FOLDER): Promise<MigrationState> {
  const s = migrationStatus(await listMigrationFiles(folder), await readAppliedMigrations(db));
  return {
    applied: s.applied.map((a) => a.name),
    pending: s.pending.map((p) => p.name),
    unknown: s.unknown.map((u) => u.name),
    current: s.current,
    latest: s.head,
    upToDate: s.pending.length === 0 && s.unknown.length === 0,
  };
}

/**
 * Applies every pending migration under the migration lock, recording checksums; returns what
 * ran, throws `MigrationFailedError` (which step failed, what took effect) on failure.
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
  db: Kysely<any>,
  folder: string = MIGRATIONS_FOLDER,
  options: RunOptions = {},
): Promise<readonly MigrationResult[]> {
  return migrateUpTo(db, 'head', folder, options);
}

/** Like {@link migrateToLatest}, but stops at `target` (a migration name, or `head`). */
export async function migrateUpTo(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
  db: Kysely<any>,
  target: string,
  folder: string = MIGRATIONS_FOLDER,
  options: RunOptions = {},
): Promise<readonly MigrationResult[]> {
  const plan = planUpgrade(migrationStatus(await listMigrationFiles(folder), await readAppliedMigrations(db)), target);
  const done = await runMigrations(db, plan, 'up', options);
  return done.map((migrationName) => ({ migrationName, direction: 'Up', status: 'Success' }));
}
