import t from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { formBody } from '../../helpers/http-app.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// The trainer's sign-off in real Chromium, on the development login (its "password again" is any
// password, and the page says so): the trainer signs, the signature shows with the local time
// added by the script; an edit after signing asks for a reason and voids the signature.
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);
  const anna = (await app.services.employees.search('Anna', 1))[0]!;
  const form = await app.services.forms.create(formBody([anna.id], { trainer: 'Grace' }), 'alice');
  const page = await (await browser.newContext({ timezoneId: 'Europe/Berlin' })).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  const status = () => page.locator('#signature-status').getAttribute('data-status');

  await t.test('the trainer signs with the password again', async (t) => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('grace');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/forms/${form.id}`);
    t.equal(await status(), 'unsigned');
    t.match(await page.locator('#sign-password-help').textContent(), /Development login: any password is accepted/);
    t.equal(await page.locator('#sign-meaning').textContent(), 'Trained and assessed');
    await page.getByLabel('Your password').fill('anything');
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.waitForURL(/\/forms\/\d+#signature$/);
    t.equal(await status(), 'signed');
    const shown = (await page.locator('#signature-status').textContent())?.replace(/\s+/g, ' ');
    t.match(
      shown,
      /Signed by grace — Trained and assessed, 2026-11-24 08:00 UTC \(your time: [^)]*9:00[^)]*\) \(version 1\)\./,
    );
    t.equal(await page.locator('#sign-form').count(), 0, 'no second signature');
  });

  await t.test('an edit after signing asks for a reason, then voids the signature', async (t) => {
    await page.getByRole('link', { name: 'Edit' }).click();
    t.match(await page.locator('#signature-void-warning').textContent(), /Saving a change voids the signature/);
    await page.getByLabel('Title').fill('Cleanroom gowning, corrected');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('#f-reason-error');
    t.match(await page.locator('#f-reason-error').textContent(), /give the reason for the change/);
    t.equal(await page.getByLabel('Title').inputValue(), 'Cleanroom gowning, corrected', 'the edit is kept');
    await page.getByLabel('Reason for the change').fill('Title corrected');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.notice', { hasText: 'Your changes were saved.' }).waitFor();
    t.equal(await status(), 'voided');
    t.match(
      (await page.locator('#signature-status').textContent())?.replace(/\s+/g, ' '),
      /Signature voided on 2026-11-24 08:00 UTC.* by grace — reason: Title corrected; a new signature is needed\./s,
    );
    t.equal(await page.locator('#sign-form').count(), 1, 'asked for a new signature');
    t.same(problems, [], 'no script errors');
  });
}
