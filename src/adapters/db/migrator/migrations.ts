import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import { listMigrationFiles } from './migration-files.ts';
import { migrationStatus, planUpgrade } from './migration-plan.ts';
import { runMigrations, type RunOptions } from './migration-runner.ts';
import { readAppliedMigrations } from './migration-store.ts';

export { MigrationFailedError } from './migration-runner.ts';

/** `db/migrations`, next to `src/` both in the source tree and in the compiled `dist/`. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../../db/migrations/', import.meta.url));

/** Loads `<timestamp>_<slug>.ts|.js` files, keyed by name without extension, in name order (Kysely's Migrator interface). */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string = MIGRATIONS_FOLDER) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((f) => /^\d{14}_[\w-]+\.(ts|js)$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(join(this.folder, file)).href)) as Partial<Migration>;
      if (typeof module.up !== 'function') throw new Error(`Migration ${file} has no up() function`);
      migrations[file.replace(/\.(ts|js)$/, '')] = module as Migration;
    }
    return migrations;
  }
}

/** Kysely's own Migrator over the folder. The app and `npm run db` use {@link migrateToLatest} (lock, checksums, steps). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export function createMigrator(db: Kysely<any>, folder?: string): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider(folder) });
}

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
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export async function migrateToLatest(db: Kysely<any>, folder: string = MIGRATIONS_FOLDER, options: RunOptions = {}): Promise<readonly MigrationResult[]> {
  const plan = planUpgrade(migrationStatus(await listMigrationFiles(folder), await readAppliedMigrations(db)), 'head');
  const done = await runMigrations(db, plan, 'up', options);
  return done.map((migrationName) => ({ migrationName, direction: 'Up', status: 'Success' }));
}
