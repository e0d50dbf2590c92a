import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';

/** `db/migrations`, next to `src/` both in the source tree and in the compiled `dist/`. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../db/migrations/', import.meta.url));

/** Loads `<timestamp>_<slug>.ts|.js` files, keyed by name without extension, in name order. */
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export function createMigrator(db: Kysely<any>, folder?: string): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider(folder) });
}

/** Which migrations the code has and which the database has applied. */
export interface MigrationState {
  readonly applied: readonly string[];
  readonly pending: readonly string[];
  /** The newest applied migration, or null on an empty database. */
  readonly current: string | null;
  /** The newest migration the code has. */
  readonly latest: string | null;
  readonly upToDate: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export async function migrationState(db: Kysely<any>, folder?: string): Promise<MigrationState> {
  const infos = await createMigrator(db, folder).getMigrations();
  const applied = infos.filter((m) => m.executedAt !== undefined).map((m) => m.name);
  const pending = infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
  return {
    applied,
    pending,
    current: applied.at(-1) ?? null,
    latest: infos.at(-1)?.name ?? null,
    upToDate: pending.length === 0,
  };
}

/** Thrown when a migration fails; `results` says which ran, which failed and which never started. */
export class MigrationFailedError extends Error {
  constructor(
    readonly results: readonly MigrationResult[],
    options: { cause: unknown },
  ) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    super(`Migration ${failed} failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}

/** Applies every pending migration; returns what ran, throws {@link MigrationFailedError} on failure. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export async function migrateToLatest(db: Kysely<any>, folder?: string): Promise<readonly MigrationResult[]> {
  const { error, results = [] } = await createMigrator(db, folder).migrateToLatest();
  if (error) throw new MigrationFailedError(results, { cause: error });
  return results;
}
