import type { DatabaseSettings } from '../src/adapters/db/connection/connect.ts';

/** The environment of a compiled server a benchmark starts: test settings, development login, no migration at start. */
export function serverEnv(settings: DatabaseSettings, port: number, uploads: string): Record<string, string> {
  const base = {
    APP_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    UPLOAD_FOLDER: uploads,
    MIGRATE_ON_START: 'false',
    DEV_LOGIN: 'true',
  };
  if (settings.dialect === 'sqlite') return { ...base, USE_SQLITE: 'true', DB_PATH: settings.path };
  return {
    ...base,
    USE_SQLITE: 'false',
    DB_HOST: settings.host,
    DB_PORT: String(settings.port),
    DB_NAME: settings.database,
    DB_USER: settings.user,
    DB_PASSWORD: settings.password,
  };
}

/** Waits (up to `timeoutMs`, default 10 s) until `base`/health answers 200. */
export async function waitForHealth(base: string, timeoutMs = 10_000): Promise<void> {
  for (let i = 0; i < timeoutMs / 100; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy');
}
