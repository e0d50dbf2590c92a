import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { DatabaseSettings } from '../adapters/db/connection/connect.ts';
import type { LdapSettings } from '../adapters/ldap/ldap-settings.ts';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';

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
  /** MIN_FREE_DISK_MB (default 500): `/health` reports `degraded` when the upload or backup folder has less free. */
  readonly minFreeDiskMb: number;
  /**
   * LIST_CACHE_SECONDS (default 5, 0-60; 0: off): how long an instance keeps a filtered list's count
   * and chart months (not the unfiltered list's: read from the per-month counts) and a search's
   * ordered ids; another instance's write shows in them after at most this.
   */
  readonly listCacheMs: number;
  readonly devLogin: boolean;
  /** ADMIN_USERS: usernames made administrators at start-up (comma-separated; added, never removed). */
  readonly adminUsers: readonly string[];
  /**
   * SESSION_IDLE_MINUTES (default 30), SESSION_ABSOLUTE_HOURS (default 12), SESSION_RECHECK_SECONDS
   * (default 5; 0 reads the session table on every request), COOKIE_SECURE (default true in
   * staging/production, where false is refused; false in development/test over plain http).
   */
  readonly session: {
    readonly idleTimeoutMs: number;
    readonly absoluteTimeoutMs: number;
    readonly recheckMs: number;
    readonly secureCookies: boolean;
  };
  readonly server: {
    readonly connectionLimit: number;
    readonly keepAliveTimeoutMs: number;
    readonly requestTimeoutMs: number;
    /**
     * HEADERS_TIMEOUT_MS (default 10000, at most REQUEST_TIMEOUT_MS): a connection must send its
     * whole request header within this, else it gets 408 and is closed, so slow-header clients
     * cannot hold every CONNECTION_LIMIT slot.
     */
    readonly headersTimeoutMs: number;
    readonly bodyLimitBytes: number;
    readonly shutdownTimeoutMs: number;
    /** TRUST_PROXY (default false): the proxies (addresses/CIDRs) whose X-Forwarded-For is believed. */
    readonly trustProxy: TrustProxy;
    /**
     * LISTEN_RETRY_MS (default 0): while the port is still taken, keep trying this long. With
     * READY_FILE (a path written once the app is loaded, just before listening) it lets a deploy
     * start the new release fully before stopping the old one: the hand-over then takes milliseconds.
     */
    readonly listenRetryMs: number;
    readonly readyFile: string | null;
  };
  readonly ldap: {
    readonly host: string | null;
    readonly port: number;
    readonly baseDn: string | null;
    readonly domain: string | null;
    /** ADMIN_GROUP_DN: members of this directory group are admins (null: admins come from admin_users only). */
    readonly adminGroupDn: string | null;
    /** The LDAP authenticator's settings when LDAP_HOST is set, else null (see {@link ldapSettings}). */
    readonly settings: LdapSettings | null;
  };
  readonly azure: {
    readonly clientId: string | null;
    readonly clientSecret: string | null;
    readonly tenantId: string | null;
    /**
     * AZURE_AUTHORITY_HOST: the sign-in cloud (https), e.g. `https://login.microsoftonline.us` for Azure Government.
     */
    readonly authorityHost: string;
    /** GRAPH_BASE_URL: the Graph cloud (https, no version), e.g. `https://graph.microsoft.us`. */
    readonly graphBaseUrl: string;
    /** AZURE_CA_FILE: a PEM file of an extra CA trusted for both (private trust), or null. */
    readonly caFile: string | null;
  };
  /** The nightly maintenance jobs (see docs/jobs.md). */
  readonly jobs: {
    /** JOBS_ENABLED: start the scheduler with the server (default: true in production only). */
    readonly enabled: boolean;
    /** JOBS_TIMEZONE: IANA zone the schedule is read in (default UTC). */
    readonly timezone: string;
    /** JOBS_SCHEDULE: cron expression for all three jobs (default `0 3 * * *`). */
    readonly schedule: string;
    /** BACKUP_FOLDER: where backups go (default beside the upload folder in production). */
    readonly backupFolder: string;
    /**
     * BACKUP_DB_USER / BACKUP_DB_PASSWORD: MariaDB account for `mariadb-dump` and restore (default:
     * DB_USER/DB_PASSWORD). The least-privilege application user cannot dump events or recreate
     * tables: set these to the migration user in staging and production.
     */
    readonly backupDbUser: string | null;
    readonly backupDbPassword: string | null;
    /** BACKUP_KEEP_DAYS: backups older than this are removed (the newest is always kept). */
    readonly backupKeepDays: number;
    /** SOFT_DELETE_RETENTION_DAYS: forms in the trash longer than this are purged. */
    readonly softDeleteRetentionDays: number;
    /** ORPHAN_GRACE_HOURS: an unreferenced upload file must be this old before cleanup removes it. */
    readonly orphanGraceHours: number;
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
  if (deployed && secretKey === DEVELOPMENT_SECRET)
    fail('SECRET_KEY', `is the development default; set a real secret for ${appEnv}`);
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
        database: r.str(
          'DB_NAME',
          {
            development: 'training_tool_dev',
            test: 'training_tool_test',
            staging: 'training_tool_staging',
            production: 'training_tool',
          }[appEnv],
        ),
        user: r.str('DB_USER', deployed ? undefined : 'root'),
        password: r.str('DB_PASSWORD', deployed ? undefined : ''),
        connectionLimit: r.int('DB_CONNECTION_LIMIT', 10, 1, 1000),
        connectTimeoutMs: r.int('DB_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
      };

  const secureCookies = r.bool('COOKIE_SECURE', deployed);
  if (deployed && !secureCookies) fail('COOKIE_SECURE', `must be true in ${appEnv} (session cookies only over https)`);
  const adminUsers = (r.optional('ADMIN_USERS') ?? '')
    .split(',')
    .map((u) => u.trim().toLowerCase())
    .filter((u) => u !== '');
  const badAdmin = adminUsers.find((u) => !/^[a-z0-9._@-]{1,120}$/.test(u));
  if (badAdmin !== undefined) fail('ADMIN_USERS', `must be comma-separated usernames (got "${badAdmin}")`);
  const https = (name: string, fallback: string): string => {
    const v = r.str(name, fallback);
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      fail(name, `must be a URL (got "${v}")`);
    }
    if (url.protocol !== 'https:') fail(name, `must be an https URL (got "${v}")`);
    return url.origin;
  };
  const timezone = r.str('JOBS_TIMEZONE', 'UTC');
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    fail('JOBS_TIMEZONE', `must be an IANA time zone such as Europe/Berlin (got "${timezone}")`);
  }
  const schedule = r.str('JOBS_SCHEDULE', '0 3 * * *');
  if (!/^\S+( \S+){4,5}$/.test(schedule))
    fail('JOBS_SCHEDULE', `must be a cron expression of 5 or 6 fields (got "${schedule}")`);
  const caFile = r.optional('AZURE_CA_FILE');
  if (caFile !== null && !existsSync(path(caFile)))
    fail('AZURE_CA_FILE', `names a file that does not exist (${path(caFile)})`);

  const requestTimeoutMs = r.int('REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000);
  const headersTimeoutMs = r.int('HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 100, 600_000);
  if (headersTimeoutMs > requestTimeoutMs)
    fail('HEADERS_TIMEOUT_MS', `must not be longer than REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);

  const defaultUploads = {
    development: 'uploads',
    test: 'uploads_test',
    staging: 'uploads_staging',
    production: undefined,
  }[appEnv];

  const config: Config = {
    appEnv,
    debug,
    host: r.str('HOST', appEnv === 'development' ? 'localhost' : '0.0.0.0'),
    port: r.int('PORT', appEnv === 'staging' ? 5001 : 5000, 0, 65535),
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL ?? (debug ? 'debug' : 'info'), [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
    prettyLogs: r.bool('LOG_PRETTY', appEnv === 'development'),
    secretKey,
    database,
    migrateOnStart: r.bool('MIGRATE_ON_START', !deployed),
    uploadFolder: path(r.str('UPLOAD_FOLDER', defaultUploads)),
    maxUploadBytes: r.int('MAX_UPLOAD_MB', 25, 1, 1024) * 1024 * 1024,
    minFreeDiskMb: r.int('MIN_FREE_DISK_MB', 500, 0, 100_000_000),
    listCacheMs: r.int('LIST_CACHE_SECONDS', 5, 0, 60) * 1000,
    devLogin,
    adminUsers,
    session: {
      idleTimeoutMs: r.int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000,
      absoluteTimeoutMs: r.int('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30) * 3_600_000,
      recheckMs: r.int('SESSION_RECHECK_SECONDS', 5, 0, 60) * 1000,
      secureCookies,
    },
    server: {
      connectionLimit: r.int('CONNECTION_LIMIT', 1000, 1, 100_000),
      keepAliveTimeoutMs: r.int('KEEP_ALIVE_TIMEOUT_MS', 5000, 1, 600_000),
      requestTimeoutMs,
      headersTimeoutMs,
      bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
      shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
      trustProxy: trustProxy(env.TRUST_PROXY),
      listenRetryMs: r.int('LISTEN_RETRY_MS', 0, 0, 600_000),
      readyFile: r.optional('READY_FILE'),
    },
    ldap: ldapSettings(r, path),
    azure: {
      clientId: r.optional('AZURE_CLIENT_ID'),
      clientSecret: r.optional('AZURE_CLIENT_SECRET'),
      tenantId: r.optional('AZURE_TENANT_ID'),
      authorityHost: https('AZURE_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
      graphBaseUrl: https('GRAPH_BASE_URL', 'https://graph.microsoft.com'),
      caFile: caFile === null ? null : path(caFile),
    },
    jobs: {
      enabled: r.bool('JOBS_ENABLED', appEnv === 'production'),
      timezone,
      schedule,
      backupFolder: path(
        r.str(
          'BACKUP_FOLDER',
          { development: 'backups', test: 'backups_test', staging: 'backups_staging', production: undefined }[appEnv] ??
            resolve(path(r.str('UPLOAD_FOLDER', defaultUploads)), '..', 'backups'),
        ),
      ),
      backupDbUser: r.optional('BACKUP_DB_USER'),
      backupDbPassword: env.BACKUP_DB_PASSWORD ?? null,
      backupKeepDays: r.int('BACKUP_KEEP_DAYS', 14, 1, 3650),
      softDeleteRetentionDays: r.int('SOFT_DELETE_RETENTION_DAYS', 90, 1, 36500),
      orphanGraceHours: r.int('ORPHAN_GRACE_HOURS', 24, 1, 8760),
    },
  };
  return deepFreeze(config);
}

const LDAP_TLS_MODES = ['none', 'ldaps', 'starttls'] as const;
const LDAP_NESTED_GROUP_MODES = ['auto', 'in-chain', 'expand', 'off'] as const;
const DEFAULT_USER_BIND_FORMAT = '{username}@{domain}';

/**
 * The LDAP section (docs/ldap.md). LDAP sign-in is on when LDAP_HOST is set; then:
 * LDAP_BASE_DN (required), LDAP_PORT (3268, the AD global catalog; 3269 with ldaps),
 * LDAP_DOMAIN (UPN suffix for direct binds), LDAP_TLS (none | ldaps | starttls), LDAP_CA_FILE
 * (PEM; needs TLS), LDAP_BIND_DN + LDAP_BIND_PASSWORD (optional service account; both or neither),
 * LDAP_USER_BIND_FORMAT (direct-bind name, default `{username}@{domain}`), LDAP_NESTED_GROUPS
 * (auto | in-chain | expand | off: how group nesting is expanded, docs/ldap.md),
 * LDAP_CONNECT_TIMEOUT_MS (5000), LDAP_TIMEOUT_MS (10000 per operation). ADMIN_GROUP_DN is optional.
 * Error messages never contain LDAP_BIND_PASSWORD.
 */
function ldapSettings(r: ReturnType<typeof reader>, path: (v: string) => string): Config['ldap'] {
  const host = r.optional('LDAP_HOST');
  const tls = oneOf('LDAP_TLS', r.optional('LDAP_TLS')?.toLowerCase() ?? 'none', LDAP_TLS_MODES);
  const port = r.int('LDAP_PORT', tls === 'ldaps' ? 3269 : 3268, 1, 65535);
  const baseDn = r.optional('LDAP_BASE_DN');
  const domain = r.optional('LDAP_DOMAIN');
  const adminGroupDn = r.optional('ADMIN_GROUP_DN');
  if (adminGroupDn !== null && !adminGroupDn.includes('='))
    fail(
      'ADMIN_GROUP_DN',
      `must be a distinguished name such as CN=Admins,OU=Groups,DC=corp,DC=example (got "${adminGroupDn}")`,
    );
  if (host === null) return { host, port, baseDn, domain, adminGroupDn, settings: null };

  if (!/^[A-Za-z0-9.-]+$/.test(host))
    fail(
      'LDAP_HOST',
      `must be a host name or IPv4 address, without scheme or port (got "${host}"); see LDAP_TLS and LDAP_PORT`,
    );
  if (baseDn === null) fail('LDAP_BASE_DN', 'is required when LDAP_HOST is set');
  if (!baseDn.includes('='))
    fail('LDAP_BASE_DN', `must be a distinguished name such as DC=corp,DC=example (got "${baseDn}")`);
  const caSetting = r.optional('LDAP_CA_FILE');
  if (caSetting !== null && tls === 'none') fail('LDAP_CA_FILE', 'needs LDAP_TLS=ldaps or LDAP_TLS=starttls');
  const caFile = caSetting === null ? null : path(caSetting);
  if (caFile !== null && !existsSync(caFile)) fail('LDAP_CA_FILE', `file not found: ${caFile}`);
  const bindDn = r.optional('LDAP_BIND_DN');
  const bindPassword = r.optional('LDAP_BIND_PASSWORD');
  if (bindDn !== null && bindPassword === null) fail('LDAP_BIND_PASSWORD', 'is required when LDAP_BIND_DN is set');
  if (bindDn === null && bindPassword !== null) fail('LDAP_BIND_DN', 'is required when LDAP_BIND_PASSWORD is set');
  const userBindFormat = r.str('LDAP_USER_BIND_FORMAT', DEFAULT_USER_BIND_FORMAT);
  if (!userBindFormat.includes('{username}'))
    fail('LDAP_USER_BIND_FORMAT', `must contain {username} (got "${userBindFormat}")`);
  if (bindDn === null && domain === null && userBindFormat.includes('{domain}'))
    fail(
      'LDAP_DOMAIN',
      'is required for direct bind (LDAP_USER_BIND_FORMAT uses {domain}); or set LDAP_BIND_DN and LDAP_BIND_PASSWORD',
    );

  const settings: LdapSettings = {
    host,
    port,
    baseDn,
    domain,
    tls,
    caFile,
    bindDn,
    bindPassword,
    userBindFormat,
    connectTimeoutMs: r.int('LDAP_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
    timeoutMs: r.int('LDAP_TIMEOUT_MS', 10_000, 100, 300_000),
    nestedGroups: oneOf(
      'LDAP_NESTED_GROUPS',
      r.optional('LDAP_NESTED_GROUPS')?.toLowerCase() ?? 'auto',
      LDAP_NESTED_GROUP_MODES,
    ),
  };
  return { host, port, baseDn, domain, adminGroupDn, settings };
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

function trustProxy(raw: string | undefined): TrustProxy {
  const parsed = parseTrustProxy(raw);
  if ('problem' in parsed) fail('TRUST_PROXY', parsed.problem);
  return parsed.value;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    fail(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
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
