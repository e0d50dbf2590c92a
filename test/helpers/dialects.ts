import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { connectDatabase, type DatabaseHandle, type DatabaseSettings } from '../../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../../src/adapters/db/migrator/migrations.ts';
import { createMariadbDatabase, mariadbUnavailableReason } from './mariadb.ts';
import { requireOrSkip } from './requirements.ts';

export interface DialectContext {
  readonly settings: DatabaseSettings;
  /** Opens (and tracks for teardown) a fresh handle on the same database (MariaDB: pool size overridable). */
  open(overrides?: { connectionLimit?: number }): DatabaseHandle;
}

/**
 * Runs `body` once per dialect against a fresh, empty database: SQLite (a temp file) always,
 * MariaDB whenever reachable (always in CI). With `migrate`, the schema is applied first and the
 * migrated handle is passed in.
 */
export async function forEachDialect(
  t: Test,
  body: (t: Test, handle: DatabaseHandle, ctx: DialectContext) => Promise<void>,
  options: { migrate?: boolean } = { migrate: true },
): Promise<void> {
  await t.test('sqlite', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-sqlite-'));
    await run(t, { dialect: 'sqlite', path: join(dir, 'test.db') }, body, options);
    rmSync(dir, { recursive: true, force: true });
  });
  await t.test('mariadb', async (t) => {
    if (!requireOrSkip(t, 'MariaDB on 127.0.0.1:3306', await mariadbUnavailableReason())) return;
    const { settings, drop } = await createMariadbDatabase();
    try {
      await run(t, settings, body, options);
    } finally {
      await drop();
    }
  });
}

async function run(
  t: Test,
  settings: DatabaseSettings,
  body: (t: Test, handle: DatabaseHandle, ctx: DialectContext) => Promise<void>,
  options: { migrate?: boolean },
) {
  const handles: DatabaseHandle[] = [];
  const open = (overrides: { connectionLimit?: number } = {}) => {
    const h = connectDatabase(settings.dialect === 'mariadb' ? { ...settings, ...overrides } : settings);
    handles.push(h);
    return h;
  };
  const handle = open();
  try {
    if (options.migrate !== false) await migrateToLatest(handle.db);
    await body(t, handle, { settings, open });
  } finally {
    for (const h of handles) await h.close();
  }
}
