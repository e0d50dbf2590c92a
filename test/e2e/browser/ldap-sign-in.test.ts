import type { Page } from 'playwright-core';
import t from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import { ldapEnv, slapdUnavailableReason, startSlapd, TEST_DIRECTORY } from '../../helpers/slapd.ts';

// Sign-in through the real page against a real directory (throwaway slapd): the app's
// composition picks the LDAP authenticator because LDAP_HOST is set.
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason()) && requireOrSkip(t, 'slapd', slapdUnavailableReason())) {
  const slapd = await startSlapd(t);
  const { base, browser } = await browserAgainstApp(t, { ...ldapEnv(slapd), DEV_LOGIN: 'false', ADMIN_USERS: 'erin' });
  const { users } = TEST_DIRECTORY;

  const signIn = async (username: string, password: string): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/forms/new`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    return page;
  };

  await t.test('a directory user signs in and lands where they wanted to go; no admin pages', async (t) => {
    const page = await signIn(users.alice.username, users.alice.password);
    t.equal(page.url(), `${base}/forms/new`);
    t.equal(await page.getByRole('link', { name: 'Trash' }).count(), 0);
    const trash = await page.goto(`${base}/trash`);
    t.equal(trash?.status(), 403);
    await page.goto(`${base}/`);
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Training forms');
  });

  await t.test('a wrong password stays on the sign-in page with a non-revealing message', async (t) => {
    const page = await signIn(users.alice.username, 'not-the-password');
    t.match(page.url(), /\/login/);
    t.match(await page.getByRole('alert').textContent(), /Sign-in failed: check your username and password/);
    const unknown = await signIn('nobody-here', 'whatever');
    t.equal(
      await unknown.getByRole('alert').textContent(),
      await page.getByRole('alert').textContent(),
      'unknown user: the same message',
    );
  });

  await t.test('admin by directory group sees the trash', async (t) => {
    const page = await signIn(users.bob.username, users.bob.password);
    await page.getByRole('link', { name: 'Trash' }).click();
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Trash');
  });

  await t.test('admin by ADMIN_USERS (admin_users table) sees the trash', async (t) => {
    const page = await signIn(users.erin.username, users.erin.password);
    t.match(await page.locator('.who').textContent(), /admin/);
    const res = await page.goto(`${base}/trash`);
    t.equal(res?.status(), 200);
  });
}
