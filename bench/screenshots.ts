/**
 * Screenshots of the everyday pages at a desktop's and a phone's width, for anyone to look at:
 *
 *   npm run screenshots [-- FOLDER]      (default `screenshots/`, git-ignored)
 *
 * Starts the application on a temporary SQLite database with a few forms (one in the trash),
 * signs in as the administrator `boss` in Chromium (the browser tests' helper) and writes
 * `<page>-<width>.png` (full page) for the list, a detail, its edit page, the trash and the admin
 * home at 1366 and 390 px. Everything temporary is removed afterwards.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '../test/helpers/chromium.ts';
import { formBody, startTestApp } from '../test/helpers/http-app.ts';

export const WIDTHS = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;
export const PAGES = ['list', 'detail', 'edit', 'trash', 'admin-home'] as const;

const out = resolve(process.argv[2] ?? 'screenshots');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'tf-screenshots-'));
const app = await startTestApp({ dialect: 'sqlite', path: join(dir, 'app.db') });
const browser = await launchChromium();
try {
  const people = Object.values(app.employeeIds);
  const forms = [];
  for (let i = 1; i <= 12; i++)
    forms.push(
      await app.services.forms.create(
        formBody(people.slice(0, 1 + (i % 4)), {
          title: `Cleanroom gowning, session ${i}`,
          trainingDate: `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(10 + i).padStart(2, '0')}`,
        }),
        'alice',
      ),
    );
  await app.services.forms.softDelete(forms[1]!.id, 'boss');
  const form = forms[0]!;
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' });
  const urls: Record<(typeof PAGES)[number], string> = {
    list: '/',
    detail: `/forms/${form.id}`,
    edit: `/forms/${form.id}/edit`,
    trash: '/trash',
    'admin-home': '/admin',
  };
  for (const viewport of WIDTHS) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('boss');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    for (const name of PAGES) {
      await page.goto(`${base}${urls[name]}`);
      const path = join(out, `${name}-${viewport.width}.png`);
      await page.screenshot({ path, fullPage: true });
      console.log(path);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
