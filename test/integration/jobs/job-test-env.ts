import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { DatabaseSettings } from '../../../src/adapters/db/connection/connect.ts';
import { compose, type Composition } from '../../../src/app/composition/compose.ts';
import { loadConfig } from '../../../src/app/config.ts';
import type { Clock } from '../../../src/domain/ports/clock.ts';
import { envFor } from '../../helpers/env.ts';

export const silentLog = pino({ level: 'silent' });

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
