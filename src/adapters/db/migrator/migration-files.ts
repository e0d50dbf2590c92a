import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { checksumAlgorithm, migrationChecksum } from './migration-checksum.ts';

/** A migration file of the code: `<14-digit UTC timestamp>_<slug>.ts|.js`. */
export interface MigrationFile {
  /** The file name without extension: what `kysely_migration.name` stores. */
  readonly name: string;
  readonly path: string;
  /** See {@link migrationChecksum}. */
  readonly checksum: string;
  /** `sha256-code-v1` for `.ts` sources, `sha256-code-v1-js` for compiled files. */
  readonly algorithm: string;
}

/** A loaded migration module. */
export interface MigrationModule {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
  up(db: Kysely<any>): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
  down?(db: Kysely<any>): Promise<void>;
}

export const MIGRATION_FILE = /^(\d{14}_[\w-]+)\.(ts|js)$/;

/** The migrations of `folder` in name order; a `.ts` wins over a compiled `.js` of the same name. */
export async function listMigrationFiles(folder: string): Promise<MigrationFile[]> {
  const byName = new Map<string, string>();
  for (const f of (await readdir(folder)).sort()) {
    const m = MIGRATION_FILE.exec(f);
    if (m?.[1] && (!byName.has(m[1]) || f.endsWith('.ts'))) byName.set(m[1], join(folder, f));
  }
  const files: MigrationFile[] = [];
  for (const [name, path] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1)))
    files.push({
      name,
      path,
      checksum: migrationChecksum(await readFile(path, 'utf8')),
      algorithm: checksumAlgorithm(path),
    });
  return files;
}

/** Imports a migration file; throws when it has no `up()`. */
export async function loadMigration(file: MigrationFile): Promise<MigrationModule> {
  const module = (await import(pathToFileURL(file.path).href)) as Partial<MigrationModule>;
  if (typeof module.up !== 'function') throw new Error(`Migration ${file.name} has no up() function`);
  return module as MigrationModule;
}
