import { CompiledQuery, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import { CHARACTER_SET } from '../../../declared-schema/define.ts';
import type { DatabaseSettings } from '../connection/connect.ts';
import { preparingPool } from './mariadb-prepared-pool.ts';

/** Kysely's MySQL dialect over a mysql2 pool: UTC sessions, dates as strings, utf8mb4, hot statements prepared. */
export function mariadbDialect(s: Extract<DatabaseSettings, { dialect: 'mariadb' }>): MysqlDialect {
  return new MysqlDialect({
    pool: preparingPool(
      createPool({
        host: s.host,
        port: s.port,
        database: s.database,
        user: s.user,
        password: s.password,
        connectionLimit: s.connectionLimit,
        connectTimeout: s.connectTimeoutMs,
        charset: CHARACTER_SET.collation,
        dateStrings: true,
        timezone: 'Z',
        supportBigNumbers: true,
        enableKeepAlive: true,
      }),
    ),
    onCreateConnection: async (conn) => {
      await conn.executeQuery(CompiledQuery.raw("SET time_zone = '+00:00'"));
    },
  });
}
