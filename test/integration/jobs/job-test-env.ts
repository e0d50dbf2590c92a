import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { DatabaseSettings } from '../../../src/adapters/db/connection/connect.ts';
import { compose, type Composition } from '../../../src/app/composition/compose.ts';
import { loadConfig } from '../../../src/app/config.ts';
import type { Clock } from '../../../src/domain/ports/clock.ts';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(public current: Date = new Date('2026-11-24T03:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const silentLog = pino({ level: 'silent' });

/** The environment variables that point the app at `settings`, with its own upload and backup folders. */
export function envFor(settings: DatabaseSettings, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const db: Record<string, string> =
    settings.dialect === 'sqlite'
      ? { USE_SQLITE: 'true', DB_PATH: settings.path }
      : {
          USE_SQLITE: 'false',
          DB_HOST: settings.host,
          DB_PORT: String(settings.port),
          DB_NAME: settings.database,
          DB_USER: settings.user,
          DB_PASSWORD: settings.password,
        };
  return {
    APP_ENV: 'test',
    LOG_LEVEL: 'silent',
    UPLOAD_FOLDER: join(dir, 'uploads'),
    BACKUP_FOLDER: join(dir, 'backups'),
    ...db,
    ...extra,
  };
}

/** A composition over `settings` with temp folders; `close()` closes it and removes the folders. */
export async function composeFor(
  settings: DatabaseSettings,
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<{ c: Composition; env: Record<string, string>; dir: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-jobs-'));
  const env = envFor(settings, dir, options.env);
  const c = await compose(loadConfig(env, dir), { clock: options.clock });
  return {
    c,
    env,
    dir,
    close: async () => {
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
