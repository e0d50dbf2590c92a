import { readdir } from 'node:fs/promises';
import { sql } from 'kysely';
import type { DatabaseHandle } from './connect.ts';
import { MIGRATIONS_FOLDER } from '../migrator/migrations.ts';

/** What `/health` reports about the database. */
export type DatabaseStatus = {
  readonly reachable: boolean;
  readonly dialect: string;
  readonly latencyMs: number;
  /** Present when unreachable: the driver's message (never credentials). */
  readonly error?: string;
  readonly migrations?: {
    readonly current: string | null;
    readonly latest: string | null;
    readonly pending: number;
    readonly unknown: number;
    readonly upToDate: boolean;
  };
};

/** The names of the migrations this code has (file names without extension), in order. */
export async function migrationNamesInCode(folder: string = MIGRATIONS_FOLDER): Promise<string[]> {
  const files = (await readdir(folder)).filter((f) => /^\d{14}_[\w-]+\.(ts|js)$/.test(f));
  return [...new Set(files.map((f) => f.replace(/\.(ts|js)$/, '')))].sort();
}

/**
 * Probes the database with one query (the applied-migration list), so a health check costs a
 * single round trip. `known` is the code's migration list, read once at start-up.
 */
export async function databaseStatus(
  handle: DatabaseHandle,
  known: readonly string[],
  now = () => performance.now(),
): Promise<DatabaseStatus> {
  const started = now();
  try {
    const applied = await appliedMigrations(handle);
    const pending = known.filter((n) => !applied.includes(n)).length;
    const unknown = applied.filter((n) => !known.includes(n)).length;
    return {
      reachable: true,
      dialect: handle.dialect,
      latencyMs: Math.round((now() - started) * 10) / 10,
      migrations: {
        current: applied.at(-1) ?? null,
        latest: known.at(-1) ?? null,
        pending,
        unknown,
        upToDate: pending === 0 && unknown === 0,
      },
    };
  } catch (error) {
    return {
      reachable: false,
      dialect: handle.dialect,
      latencyMs: Math.round((now() - started) * 10) / 10,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

async function appliedMigrations(handle: DatabaseHandle): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
    return rows.map((r) => r.name);
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
}

function isMissingTable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === 'ER_NO_SUCH_TABLE' || (typeof e.message === 'string' && e.message.includes('no such table'));
}
