import type { Test } from 'tap';
import { ConfigError, loadConfig } from '../../src/app/config.ts';

/** Asserts that `env` is refused with a one-line {@link ConfigError} matching `pattern`. */
export function configRefused(t: Test, root: string, env: Record<string, string>, pattern: RegExp): void {
  const error = (() => {
    try {
      loadConfig(env, root);
    } catch (e) {
      return e;
    }
    return null;
  })();
  t.ok(error instanceof ConfigError, `${JSON.stringify(env)} is refused`);
  t.match((error as Error).message, pattern);
  t.notMatch((error as Error).message, /\n/, 'one line');
}
