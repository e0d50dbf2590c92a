import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Test } from 'tap';
import { startTestApp, type TestApp } from './http-app.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** null when Chromium can be started, else why not (requireOrSkip turns that into skip or CI failure). */
export function chromiumUnavailableReason(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `${CHROMIUM_PATH} not found (apt-get install chromium)`;
}

/** Headless Debian Chromium, quiet: no background networking, updates or sync. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * The app on a fresh SQLite file, listening on a free loopback port, and a Chromium to drive it;
 * both are closed (and the folder removed) in teardown. `env` goes to the app's configuration.
 */
export async function browserAgainstApp(
  t: Test,
  env: Record<string, string> = {},
): Promise<{ base: string; browser: Browser; app: TestApp }> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-browser-'));
  const app = await startTestApp({ dialect: 'sqlite', path: join(dir, 'app.db') }, env);
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  t.teardown(async () => {
    await browser.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { base, browser, app };
}
