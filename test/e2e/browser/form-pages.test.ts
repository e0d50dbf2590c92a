import t from 'tap';
import { axeViolations, checkSound, overflow } from '../../helpers/axe.ts';
import { browserAgainstApp, chromiumUnavailableReason, signedInPage, WIDTHS } from '../../helpers/chromium.ts';
import { formBody } from '../../helpers/http-app.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// The editing pages and their messages (issue #18) in Chromium, at a desktop's and a phone's
// width: each state is checked for what it must do, for sideways scrolling, and with axe-core.
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);
  const anna = app.employeeIds['Anna Schmidt']!;
  const form = await app.services.forms.create(formBody([anna], { title: 'Gowning' }), 'boss');

  /** A page at that width, signed in as `boss` (an administrator); `script: false` turns JavaScript off. */
  const signedIn = (viewport: { width: number; height: number }, script = true) =>
    signedInPage(browser, base, viewport, 'boss', script);
  const sound = checkSound;

  for (const { name, viewport } of WIDTHS) {
    await t.test(
      `${name}: after an invalid save the error summary has the focus and links to each field`,
      async (t) => {
        const page = await signedIn(viewport);
        await page.goto(`${base}/forms/new`);
        await page.getByLabel('Trainer').fill('Grace Weber');
        await page.getByRole('button', { name: 'Save' }).click();
        await page.waitForSelector('#error-summary');
        t.equal(await page.evaluate('document.activeElement.id'), 'error-summary', 'focus is on the summary');
        const links = page.locator('#error-summary a');
        t.same(await links.allTextContents(), [
          'Enter the title.',
          'Choose the training type.',
          'Enter the training date.',
          'Enter the duration in minutes.',
          'Choose at least one trainee.',
        ]);
        await sound(t, page, 'the refused form');
        await page.getByRole('link', { name: 'Enter the training date.' }).click();
        t.equal(await page.evaluate('document.activeElement.id'), 'f-trainingDate', 'the link leads to the field');
        t.equal(
          await page.locator('#f-trainingDate-error').textContent(),
          'Enter the training date.',
          'also by the field',
        );
        t.equal(await page.getByLabel('Trainer').inputValue(), 'Grace Weber', 'what was typed is kept');
        await page.context().close();
      },
    );
  }

  for (const { name, viewport } of WIDTHS) {
    await t.test(
      `${name}: a notice shows once, not from the URL; a refused upload names the file and why`,
      async (t) => {
        const page = await signedIn(viewport);
        await page.goto(`${base}/forms/${form.id}/edit`);
        await page.getByRole('button', { name: 'Save' }).click();
        await page.waitForURL(`${base}/forms/${form.id}`);
        t.equal(await page.locator('.notice').textContent(), 'Your changes were saved.');
        await sound(t, page, 'the notice');
        await page.reload();
        t.equal(await page.locator('.notice').count(), 0, 'a reload does not show it again');
        await page.getByLabel('Add attachments').setInputFiles({
          name: 'setup.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]),
        });
        await page.getByRole('button', { name: 'Upload' }).click();
        await page.waitForSelector('.error-summary');
        t.match(
          await page.locator('.error-summary').textContent(),
          /^“setup.pdf” was not uploaded: it is a Windows program, which cannot be attached\. Nothing was saved\./,
        );
        t.notMatch(await page.locator('.error-summary').textContent(), /application\//, 'no MIME type');
        await sound(t, page, 'the refused upload');
        await page.context().close();
      },
    );
  }

  for (const { name, viewport } of WIDTHS) {
    await t.test(`${name}, no JavaScript: removing an admin and deleting an attachment ask first`, async (t) => {
      // Added by name only once the directory (here the employee copy) knows who it is.
      await app.services.employees.upsert([
        {
          directoryId: 'dir-dora',
          displayName: 'Dora Lee',
          email: 'dora@example.com',
          userPrincipalName: null,
          department: 'Production',
          jobTitle: null,
          active: true,
          lastSyncedAt: null,
        },
      ]);
      await app.services.adminUsers.add('dora', 'boss');
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
      await app.services.attachments.add(
        form.id,
        {
          originalName: `sign-in sheet (${name}).pdf`,
          content: (async function* () {
            yield pdf;
          })(),
        },
        'boss',
      );
      const page = await signedIn(viewport, false);
      await page.goto(`${base}/admin/users`);
      await page.getByRole('link', { name: 'Remove dora' }).click();
      await page.waitForURL(`${base}/admin/users/remove?username=dora`);
      t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Remove dora from the administrators?');
      t.ok(await app.services.adminUsers.removable('dora'), 'still an administrator while asked');
      await page.getByRole('button', { name: 'Remove administrator' }).click();
      await page.waitForURL(`${base}/admin/users`);
      t.equal(await page.locator('.notice').textContent(), 'The administrator was removed.');
      t.notOk((await app.services.adminUsers.list()).some((a) => a.username === 'dora'));

      await page.goto(`${base}/forms/${form.id}`);
      await page.getByRole('link', { name: `Delete attachment sign-in sheet (${name}).pdf` }).click();
      t.equal(
        await page.getByRole('heading', { level: 1 }).textContent(),
        `Delete the attachment “sign-in sheet (${name}).pdf”?`,
      );
      await page.getByRole('link', { name: 'Cancel' }).click();
      await page.waitForURL(`${base}/forms/${form.id}#attachments`);
      t.equal(
        await page.getByRole('link', { name: `sign-in sheet (${name}).pdf`, exact: true }).count(),
        1,
        'Cancel keeps it',
      );
      await page.getByRole('link', { name: `Delete attachment sign-in sheet (${name}).pdf` }).click();
      t.equal(await overflow(page), 0, 'the confirmation fits');
      const checked = await signedIn(viewport);
      for (const url of [page.url(), `${base}/admin/users/remove?username=chief`]) {
        await checked.goto(url);
        t.same(await axeViolations(checked), [], `${url}: no axe-core violation`);
      }
      await checked.context().close();
      await page.getByRole('button', { name: 'Delete attachment' }).click();
      await page.waitForURL(`${base}/forms/${form.id}#attachments`);
      t.equal(await page.locator('.notice').textContent(), 'The attachment was deleted.');
      t.equal(await page.getByRole('link', { name: `sign-in sheet (${name}).pdf`, exact: true }).count(), 0);
      await page.context().close();
    });
  }

  for (const { name, viewport } of WIDTHS) {
    await t.test(`${name}: the development sign-in's refusal says what a username is, by the field`, async (t) => {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await page.getByLabel('Username').fill('Grace Weber');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForSelector('#username-error');
      t.match(await page.locator('#username-error').textContent(), /^Enter a username of 1 to 64 characters/);
      t.equal(await page.getByLabel('Username').inputValue(), 'Grace Weber', 'what was typed is kept');
      t.equal(await page.getByLabel('Username').getAttribute('aria-describedby'), 'username-error');
      t.notMatch(await page.locator('main').textContent(), /check your username and password/);
      await sound(t, page, 'the refused sign-in');
      await context.close();
    });
  }

  const PNG = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a4f8d8f60000000049454e44ae426082',
    'hex',
  );
  for (const { name, viewport } of WIDTHS) {
    await t.test(`${name}: an image attachment opens in the browser; Download saves it`, async (t) => {
      const file = `photo (${name}).png`;
      await app.services.attachments.add(
        form.id,
        {
          originalName: file,
          content: (async function* () {
            yield PNG;
          })(),
        },
        'boss',
      );
      const page = await signedIn(viewport);
      await page.goto(`${base}/forms/${form.id}`);
      await sound(t, page, 'the detail page with a Download link');
      t.equal(await page.getByRole('link', { name: `Download ${file}` }).getAttribute('download'), '');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/attachments/')),
        page.getByRole('link', { name: file, exact: true }).click(),
      ]);
      t.match(response.headers()['content-disposition'], /^inline; /);
      await page.waitForSelector('img');
      t.equal(await page.evaluate('document.contentType'), 'image/png', 'shown by the browser, not downloaded');
      t.equal(await page.evaluate('document.querySelector("img").naturalWidth'), 1);
      await page.context().close();
    });
  }
}
