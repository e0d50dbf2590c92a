import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** The two widths the page suites check: a desktop's and a phone's. */
export const WIDTHS = [
  { name: 'desktop', viewport: { width: 1366, height: 768 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

/**
 * A page at `viewport`, signed in as `username` through the development sign-in; `script: false`
 * turns JavaScript off. bypassCSP lets axe-core's script in; the app's own CSP is checked by the
 * HTTP tests.
 */
export async function signedInPage(
  browser: Browser,
  base: string,
  viewport: { width: number; height: number },
  username: string,
  script = true,
): Promise<Page> {
  const context = await browser.newContext({ viewport, bypassCSP: true, javaScriptEnabled: script });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}
