import t from 'tap';
import { checkSound } from '../../helpers/axe.ts';
import { browserAgainstApp, chromiumUnavailableReason, signedInPage, WIDTHS } from '../../helpers/chromium.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

const MINUTE = 60_000;

// Issue #18 items 9 and 12 in Chromium at a desktop's and a phone's width: a save after the session
// ended comes back through the sign-in with what was typed; adding an administrator shows who the
// directory says it is. axe-core on every page (so with JavaScript on; the HTTP tests cover the pages
// as plain forms).
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);

  const open = (viewport: { width: number; height: number }, username: string) =>
    signedInPage(browser, base, viewport, username);
  const sound = checkSound;

  for (const { name, viewport } of WIDTHS) {
    await t.test(`${name}: a save after the session ended comes back with what was typed`, async (t) => {
      const page = await open(viewport, 'alice');
      await page.goto(`${base}/forms/new`);
      const title = `Line clearance <${name}> & “quotes”`;
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Training type').selectOption('Classroom');
      await page.getByLabel('Training date').fill('2026-11-20');
      await page.getByLabel('Duration (minutes)').fill('45');
      await page.getByLabel('Trainer').fill('Grace Weber');
      await page.getByLabel('Description').fill('First line\nSecond line');
      await page.getByLabel('Find employees').fill('Anna');
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByLabel(/Anna Schmidt/).check();
      const before = (await app.services.forms.list()).total;

      app.clock.advance(31 * MINUTE);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForSelector('#session-ended');
      t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Sign in again');
      t.match(
        await page.locator('#session-ended').textContent(),
        /nothing was saved[\s\S]*back on the form with what you typed/,
      );
      await sound(t, page, 'the sign-in after the session ended');

      await page.getByLabel('Username').fill('alice');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForSelector('text=Back to your form');
      t.equal((await app.services.forms.list()).total, before, 'nothing saved by signing in');
      await sound(t, page, 'the page back to the form');

      await page.getByRole('button', { name: 'Back to the form' }).click();
      await page.waitForSelector('.notice');
      t.match(await page.locator('.notice').textContent(), /nothing is saved yet/);
      t.equal(await page.getByLabel('Title').inputValue(), title);
      t.equal(await page.getByLabel('Description').inputValue(), 'First line\nSecond line');
      t.ok(await page.getByLabel(/Anna Schmidt/).isChecked(), 'the trainee is still chosen');
      await sound(t, page, 'the editor again');

      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForSelector('text=The training form was created.');
      t.equal((await app.services.forms.list()).total, before + 1, 'saved once, by the click on Save');
      await page.context().close();
    });
  }

  for (const { name, viewport } of WIDTHS) {
    await t.test(`${name}: adding an administrator shows who it is first`, async (t) => {
      const page = await open(viewport, 'boss');
      await page.goto(`${base}/admin/users`);
      await sound(t, page, 'the administrators page');
      await page.getByLabel('Username (sign-in name)').fill('nobody');
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.waitForSelector('#f-username-error');
      t.match(
        await page.locator('#f-username-error').textContent(),
        /Nobody in the company directory signs in as “nobody”/,
      );
      await sound(t, page, 'an unknown name');

      const username = name === 'desktop' ? 'ben' : 'chiara';
      const person = name === 'desktop' ? 'Ben Rossi' : 'Chiara Nguyen';
      await page.getByLabel('Username (sign-in name)').fill(username);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.waitForSelector('dl.person');
      t.equal(await page.getByRole('heading', { level: 1 }).textContent(), `Add ${person} as an administrator?`);
      t.match(await page.locator('dl.person').textContent(), new RegExp(`${username}@example\\.com`));
      t.notOk(
        (await app.services.admins.list()).some((a) => a.username === username),
        'not yet added',
      );
      await sound(t, page, 'who it is');

      await page.getByRole('button', { name: 'Add administrator' }).click();
      await page.waitForURL(`${base}/admin/users`);
      t.equal(await page.locator('.notice').textContent(), 'The administrator was added.');
      t.match(await page.locator('table').textContent(), new RegExp(person));
      await sound(t, page, 'the list with the new administrator');
      await page.context().close();
    });
  }
}
