import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { DatabaseSettings } from '../../src/adapters/db/connection/connect.ts';

/** Where the test MariaDB is: 127.0.0.1:3306 as root without password unless TEST_MARIADB_* say otherwise. */
export const MARIADB = {
  host: process.env.TEST_MARIADB_HOST ?? '127.0.0.1',
  port: Number(process.env.TEST_MARIADB_PORT ?? 3306),
  user: process.env.TEST_MARIADB_USER ?? 'root',
  password: process.env.TEST_MARIADB_PASSWORD ?? '',
};

let reachable: Promise<string | null> | undefined;

/** null when MariaDB answers, else the reason it does not. Cached per process. */
export function mariadbUnavailableReason(): Promise<string | null> {
  reachable ??= (async () => {
    try {
      const conn = await createConnection({ ...MARIADB, connectTimeout: 2000 });
      await conn.end();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  })();
  return reachable;
}

/** A throwaway utf8mb4 database; `drop()` removes it. Names carry the pid so parallel runs never meet. */
export async function createMariadbDatabase(prefix = 'tf_test'): Promise<{
  settings: Extract<DatabaseSettings, { dialect: 'mariadb' }>;
  drop: () => Promise<void>;
}> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(MARIADB);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    settings: { dialect: 'mariadb', ...MARIADB, database: name, connectionLimit: 5, connectTimeoutMs: 5000 },
    drop: async () => {
      const c = await createConnection(MARIADB);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
