import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { DatabaseSettings } from '../adapters/db/connect.ts';

export const APP_ENVS = ['development', 'test', 'staging', 'production'] as const;
export type AppEnv = (typeof APP_ENVS)[number];

/** The development secret: accepted in development and test only. */
export const DEVELOPMENT_SECRET = 'development-only-secret-change-me-000000';
const MIN_SECRET_LENGTH = 32;

/** The validated, frozen configuration; built once by {@link loadConfig}. */
export interface Config {
  readonly appEnv: AppEnv;
  readonly debug: boolean;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  readonly prettyLogs: boolean;
  readonly secretKey: string;
  readonly database: DatabaseSettings;
  readonly migrateOnStart: boolean;
  readonly uploadFolder: string;
  readonly maxUploadBytes: number;
  readonly devLogin: boolean;
  /** ADMIN_USERS: usernames made administrators at start-up (comma-separated; added, never removed). */
  readonly adminUsers: readonly string[];
  /**
   * SESSION_IDLE_MINUTES (default 30), SESSION_ABSOLUTE_HOURS (default 12), COOKIE_SECURE (default
   * true in staging/production, where false is refused; false in development/test over plain http).
   */
  readonly session: {
    readonly idleTimeoutMs: number;
    readonly absoluteTimeoutMs: number;
    readonly secureCookies: boolean;
  };
  readonly server: {
    readonly connectionLimit: number;
    readonly keepAliveTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly bodyLimitBytes: number;
    readonly shutdownTimeoutMs: number;
    readonly trustProxy: boolean;
  };
  readonly ldap: {
    readonly host: string | null;
    readonly port: number;
    readonly baseDn: string | null;
    readonly domain: string | null;
  };
  readonly azure: {
    readonly clientId: string | null;
    readonly clientSecret: string | null;
    readonly tenantId: string | null;
  };
}

/** A bad or missing setting; the message is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `.env.<APP_ENV>` from `rootDir` under the real environment (real variables win) and
 * validates everything. Throws {@link ConfigError} on the first bad setting.
 */
export function loadConfig(env: Env = process.env, rootDir: string = process.cwd()): Config {
  const appEnv = oneOf('APP_ENV', env.APP_ENV ?? 'development', APP_ENVS);
  const file = resolve(rootDir, `.env.${appEnv}`);
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return buildConfig(appEnv, { ...fromFile, ...definedOnly(env) }, rootDir);
}

function buildConfig(appEnv: AppEnv, env: Env, rootDir: string): Config {
  const r = reader(env);
  const deployed = appEnv === 'staging' || appEnv === 'production';
  const path = (v: string) => (isAbsolute(v) ? v : resolve(rootDir, v));

  const debug = r.bool('DEBUG', false);
  if (deployed && debug) fail('DEBUG', `must not be true in ${appEnv}`);

  const devLogin = r.bool('DEV_LOGIN', !deployed);
  if (deployed && devLogin) fail('DEV_LOGIN', `the development login is not allowed in ${appEnv}`);

  const secretKey = r.str('SECRET_KEY', deployed ? undefined : DEVELOPMENT_SECRET);
  if (deployed && secretKey === DEVELOPMENT_SECRET) fail('SECRET_KEY', `is the development default; set a real secret for ${appEnv}`);
  if (secretKey.length < MIN_SECRET_LENGTH) fail('SECRET_KEY', `must be at least ${MIN_SECRET_LENGTH} characters`);

  const useSqlite = r.bool('USE_SQLITE', !deployed);
  if (deployed && useSqlite && !r.bool('ALLOW_SQLITE_IN_PRODUCTION', false))
    fail('USE_SQLITE', `SQLite in ${appEnv} needs ALLOW_SQLITE_IN_PRODUCTION=true`);

  const sqlitePath = r.str('DB_PATH', 'training_forms.db');
  const database: DatabaseSettings = useSqlite
    ? { dialect: 'sqlite', path: sqlitePath === ':memory:' ? sqlitePath : path(sqlitePath) }
    : {
        dialect: 'mariadb',
        host: r.str('DB_HOST', deployed ? undefined : '127.0.0.1'),
        port: r.int('DB_PORT', 3306, 1, 65535),
        database: r.str('DB_NAME', { development: 'training_tool_dev', test: 'training_tool_test', staging: 'training_tool_staging', production: 'training_tool' }[appEnv]),
        user: r.str('DB_USER', deployed ? undefined : 'root'),
        password: r.str('DB_PASSWORD', deployed ? undefined : ''),
        connectionLimit: r.int('DB_CONNECTION_LIMIT', 10, 1, 1000),
        connectTimeoutMs: r.int('DB_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
      };

  const secureCookies = r.bool('COOKIE_SECURE', deployed);
  if (deployed && !secureCookies) fail('COOKIE_SECURE', `must be true in ${appEnv} (session cookies only over https)`);
  const adminUsers = (r.optional('ADMIN_USERS') ?? '').split(',').map((u) => u.trim().toLowerCase()).filter((u) => u !== '');
  const badAdmin = adminUsers.find((u) => !/^[a-z0-9._@-]{1,120}$/.test(u));
  if (badAdmin !== undefined) fail('ADMIN_USERS', `must be comma-separated usernames (got "${badAdmin}")`);

  const defaultUploads = { development: 'uploads', test: 'uploads_test', staging: 'uploads_staging', production: undefined }[appEnv];

  const config: Config = {
    appEnv,
    debug,
    host: r.str('HOST', appEnv === 'development' ? 'localhost' : '0.0.0.0'),
    port: r.int('PORT', appEnv === 'staging' ? 5001 : 5000, 0, 65535),
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL ?? (debug ? 'debug' : 'info'), ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    prettyLogs: r.bool('LOG_PRETTY', appEnv === 'development'),
    secretKey,
    database,
    migrateOnStart: r.bool('MIGRATE_ON_START', !deployed),
    uploadFolder: path(r.str('UPLOAD_FOLDER', defaultUploads)),
    maxUploadBytes: r.int('MAX_UPLOAD_MB', 25, 1, 1024) * 1024 * 1024,
    devLogin,
    adminUsers,
    session: {
      idleTimeoutMs: r.int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000,
      absoluteTimeoutMs: r.int('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30) * 3_600_000,
      secureCookies,
    },
    server: {
      connectionLimit: r.int('CONNECTION_LIMIT', 1000, 1, 100_000),
      keepAliveTimeoutMs: r.int('KEEP_ALIVE_TIMEOUT_MS', 5000, 1, 600_000),
      requestTimeoutMs: r.int('REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
      bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
      shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
      trustProxy: r.bool('TRUST_PROXY', false),
    },
    ldap: {
      host: r.optional('LDAP_HOST'),
      port: r.int('LDAP_PORT', 3268, 1, 65535),
      baseDn: r.optional('LDAP_BASE_DN'),
      domain: r.optional('LDAP_DOMAIN'),
    },
    azure: {
      clientId: r.optional('AZURE_CLIENT_ID'),
      clientSecret: r.optional('AZURE_CLIENT_SECRET'),
      tenantId: r.optional('AZURE_TENANT_ID'),
    },
  };
  return deepFreeze(config);
}

function reader(env: Env) {
  const raw = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    optional: (name: string) => raw(name) ?? null,
    str(name: string, fallback: string | undefined): string {
      const v = raw(name) ?? fallback;
      if (v === undefined) fail(name, 'is required');
      return v;
    },
    int(name: string, fallback: number, min: number, max: number): number {
      const v = raw(name);
      if (v === undefined) return fallback;
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
        fail(name, `must be a whole number from ${min} to ${max} (got "${v}")`);
      return Number(v);
    },
    bool(name: string, fallback: boolean): boolean {
      const v = raw(name)?.toLowerCase();
      if (v === undefined) return fallback;
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      fail(name, `must be true or false (got "${raw(name)}")`);
    },
  };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) fail(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function fail(name: string, problem: string): never {
  throw new ConfigError(`Invalid configuration: ${name} ${problem}`);
}

function definedOnly(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}
