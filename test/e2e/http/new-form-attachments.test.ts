import { readdir } from 'node:fs/promises';
import t from 'tap';
import { Client, formBody, type TestApp } from '../../helpers/http-app.ts';
import { multipart, type Part } from '../../helpers/multipart.ts';
import { EXE, PNG, samplePdf } from '../../helpers/sample-files.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const PDF = samplePdf(3000);

/** The new-form page's multipart body: the token, the fields as a browser orders them, the files, the button. */
function newForm(csrf: string, fields: Record<string, string | string[]>, files: [string, Buffer][], action = 'save') {
  const parts: Part[] = [{ name: '_csrf', value: csrf }];
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) parts.push({ name, value: v });
  for (const [filename, data] of files) parts.push({ name: 'files', filename, data });
  if (files.length === 0) parts.push({ name: 'files', filename: '', data: Buffer.alloc(0) });
  parts.push({ name: '_action', value: action });
  return multipart(parts);
}

/** Issue #18 item 8: attachments chosen on the new-form page are saved with the form, all or nothing. */
await forEachDialect(t, async (t, _handle, ctx) => {
  const env: TestApp = await buildTestApp(t, ctx.settings);
  const anna = env.employeeIds['Anna Schmidt']!;
  const alice = new Client(env.app);
  await alice.signIn('alice');
  const page = await alice.get('/forms/new');
  t.match(page.body, /enctype="multipart\/form-data"/);
  t.match(page.body, /<label for="f-files">Attachments \(optional\)<\/label>/);
  const count = async () => (await env.services.forms.list()).total;
  const post = (body: { body: Buffer; type: string }) =>
    alice.postRaw('/forms', body.body, { 'content-type': body.type });

  await t.test('the form and its files in one submit', async (t) => {
    const res = await post(
      newForm(alice.csrf, formBody([anna], { title: 'With sheets' }), [
        ['sheet.pdf', PDF],
        ['photo.png', PNG],
      ]),
    );
    t.equal(res.statusCode, 303);
    const id = Number(/\/forms\/(\d+)/.exec(String(res.headers.location))?.[1]);
    const details = await env.services.details.details(id);
    t.equal(details.form.title, 'With sheets');
    t.same(
      details.attachments.map((a) => [a.originalName, a.contentType]),
      [
        ['sheet.pdf', 'application/pdf'],
        ['photo.png', 'image/png'],
      ],
    );
    t.equal((await readdir(env.uploads)).length, 2, 'two files stored');
    const events = await env.services.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    t.same(
      events.map((e) => e.action),
      ['create', 'attach', 'attach'],
    );
    const none = await post(newForm(alice.csrf, formBody([anna], { title: 'No files' }), []));
    t.equal(none.statusCode, 303, 'no file chosen: just the form');
    t.equal((await readdir(env.uploads)).length, 2);
  });

  await t.test('a form to correct keeps no file and asks for them again', async (t) => {
    const before = await count();
    const files = (await readdir(env.uploads)).length;
    const res = await post(
      newForm(alice.csrf, formBody([anna], { title: '', trainer: 'Kept <Trainer>' }), [['sheet.pdf', PDF]]),
    );
    t.equal(res.statusCode, 422);
    t.match(res.body, /Enter the title\./);
    t.match(res.body, /value="Kept &lt;Trainer&gt;"/, 'what was typed is kept');
    t.match(
      res.body,
      /id="f-files-again">The form was not saved, so these files were not kept: sheet\.pdf\. Choose them again\./,
    );
    t.equal(await count(), before);
    t.equal((await readdir(env.uploads)).length, files, 'no file left behind');

    const later = await post(
      newForm(alice.csrf, formBody([anna], { documentRevisionId: '999999' }), [['sheet.pdf', PDF]]),
    );
    t.equal(later.statusCode, 422, 'refused in the transaction, after the file was written');
    t.match(later.body, /sheet\.pdf/);
    t.equal(await count(), before);
    t.equal((await readdir(env.uploads)).length, files, 'the written file was removed');
  });

  await t.test('a refused file refuses the form too, and leaves no file', async (t) => {
    const before = await count();
    const files = (await readdir(env.uploads)).length;
    const res = await post(
      newForm(alice.csrf, formBody([anna], { title: 'Program' }), [
        ['ok.pdf', PDF],
        ['setup.pdf', EXE],
      ]),
    );
    t.equal(res.statusCode, 415);
    t.match(res.body, /id="f-files-error">“setup\.pdf” was not uploaded: it is a Windows program/);
    t.match(res.body, /value="Program"/);
    t.equal(await count(), before, 'no form');
    t.equal((await readdir(env.uploads)).length, files, 'not even the accepted first file');
  });

  await t.test('the token is checked before any file; Find keeps the fields, not the files', async (t) => {
    const before = await count();
    const files = (await readdir(env.uploads)).length;
    const forged = await post(newForm('forged', formBody([anna]), [['sheet.pdf', PDF]]));
    t.equal(forged.statusCode, 403);
    t.equal(await count(), before);
    t.equal((await readdir(env.uploads)).length, files);

    const body = newForm(
      alice.csrf,
      { ...formBody([anna], { title: 'Finding' }), traineeSearch: 'Ben', _action: 'find-trainees' },
      [['sheet.pdf', PDF]],
      'find-trainees',
    );
    const find = await post(body);
    t.equal(find.statusCode, 200);
    t.match(find.body, /Ben Rossi/);
    t.match(find.body, /value="Finding"/);
    t.match(find.body, /these files were not kept: sheet\.pdf/);
    t.equal((await readdir(env.uploads)).length, files);
  });
});
