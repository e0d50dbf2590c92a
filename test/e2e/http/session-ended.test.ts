import { readdir } from 'node:fs/promises';
import t from 'tap';
import { Client, formBody } from '../../helpers/http-app.ts';
import { multipart } from '../../helpers/multipart.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const MINUTE = 60_000;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The hidden inputs of a page, in order, their values unescaped. */
function hiddenInputs(html: string): [string, string][] {
  return [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
    m[1]!,
    m[2]!.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!),
  ]);
}

/** The fields of one hidden input list as a form body (a repeated name becomes a list). */
function asBody(fields: [string, string][], skip: readonly string[] = ['_csrf']): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    if (skip.includes(name)) continue;
    const had = body[name];
    body[name] = had === undefined ? value : [had, value].flat();
  }
  return body;
}

/**
 * Issue #18 item 9: a post whose session ended loses nothing. The sign-in page (401) carries the
 * typed text fields back; after signing in, one click re-opens the editor with them and the new
 * session's token; nothing is saved unseen, and a stale edit is still caught.
 */
await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await buildTestApp(t, ctx.settings);
  const { services, employeeIds, clock, app } = env;
  const anna = employeeIds['Anna Schmidt']!;
  const ben = employeeIds['Ben Rossi']!;
  const formCount = async () => (await services.forms.list()).total;

  await t.test('a new form: 401 sign-in page with the fields, then back in the editor, then saved', async (t) => {
    const alice = new Client(app);
    await alice.signIn('alice');
    await alice.get('/forms/new');
    const oldToken = alice.csrf;
    clock.advance(31 * MINUTE);
    const before = await formCount();
    const typed = formBody([anna, ben], { title: 'Gowning "A" <b>&</b> co', description: 'Line 1\nLine 2' });
    const ended = await alice.post('/forms', { ...typed, _action: 'save' });
    t.equal(ended.statusCode, 401);
    t.match(ended.body, /<h1>Sign in again<\/h1>/);
    t.match(ended.body, /Your session has ended/);
    t.match(ended.body, /nothing was saved/);
    t.match(ended.body, /you will be back on the form with what you typed/);
    t.notMatch(ended.body, /<b>&<\/b>/, 'typed text is escaped');
    t.equal(await formCount(), before, 'nothing saved');
    const hidden = hiddenInputs(ended.body);
    const names = hidden.map(([n]) => n);
    t.ok(names.includes('next'));
    t.equal(hidden.find(([n]) => n === 'next')?.[1], '/forms/new');
    t.equal(hidden.find(([n]) => n === 'keep.title')?.[1], 'Gowning "A" <b>&</b> co');
    t.equal(hidden.find(([n]) => n === 'keep.description')?.[1], 'Line 1\nLine 2');
    t.same(
      hidden.filter(([n]) => n === 'keep.traineeIds').map(([, v]) => v),
      [String(anna), String(ben)],
    );
    t.notOk(names.includes('keep._csrf'), 'never the old token');
    t.notOk(names.includes('keep._action'), 'never the button');
    const loginToken = hidden.find(([n]) => n === '_csrf')?.[1];
    t.ok(loginToken && loginToken !== oldToken, 'the sign-in form has its own token');

    const signedIn = await alice.post('/login', { ...asBody(hidden), username: 'alice' });
    t.equal(signedIn.statusCode, 200, 'a page to confirm, not a save');
    t.match(signedIn.body, /You are signed in as <strong>alice<\/strong>/);
    t.match(signedIn.body, /<form method="post" action="\/forms\/new"/);
    t.equal(await formCount(), before, 'still nothing saved');
    const resume = hiddenInputs(signedIn.body.slice(signedIn.body.indexOf('action="/forms/new"')));
    const newToken = resume.find(([n]) => n === '_csrf')?.[1];
    t.ok(newToken && newToken !== oldToken && newToken !== loginToken, "the new session's token");
    t.equal(resume.find(([n]) => n === 'title')?.[1], 'Gowning "A" <b>&</b> co');

    const stale = await alice.post('/forms/new', { ...asBody(resume), _csrf: oldToken });
    t.equal(stale.statusCode, 403, "the old session's token is refused");
    const editor = await alice.post('/forms/new', { ...asBody(resume), _csrf: newToken! });
    t.equal(editor.statusCode, 200);
    t.match(editor.body, /You are signed in again\. The form shows what you typed/);
    t.match(editor.body, /value="Gowning &quot;A&quot; &lt;b&gt;&amp;&lt;\/b&gt; co"/);
    t.match(editor.body, /Line 1\nLine 2<\/textarea>/);
    t.match(editor.body, new RegExp(`name="traineeIds" value="${ben}" checked`));
    t.equal(await formCount(), before, 'showing the editor saves nothing');

    const saved = await alice.post('/forms', { ...typed, _action: 'save' });
    t.equal(saved.statusCode, 303);
    t.equal(await formCount(), before + 1);
    const created = await services.forms.get(Number(/\/forms\/(\d+)/.exec(String(saved.headers.location))?.[1]));
    t.equal(created.title, 'Gowning "A" <b>&</b> co');
    t.equal(created.createdBy, 'alice');
  });

  await t.test('an edit keeps the version it started from, so a save over a newer one is caught', async (t) => {
    const form = await services.forms.create(formBody([anna], { title: 'Version one' }), 'alice');
    const alice = new Client(app);
    await alice.signIn('alice');
    await alice.get(`/forms/${form.id}/edit`);
    clock.advance(31 * MINUTE);
    const ended = await alice.post(`/forms/${form.id}`, { ...formBody([anna], { title: 'Mine' }), version: '1' });
    t.equal(ended.statusCode, 401);
    const hidden = hiddenInputs(ended.body);
    t.equal(hidden.find(([n]) => n === 'next')?.[1], `/forms/${form.id}/edit`);
    t.equal(hidden.find(([n]) => n === 'keep.version')?.[1], '1');
    await services.forms.update(form.id, 1, formBody([anna], { title: 'Theirs' }), 'bob');

    const signedIn = await alice.post('/login', { ...asBody(hidden), username: 'alice' });
    t.equal(signedIn.statusCode, 200);
    const resume = hiddenInputs(signedIn.body.slice(signedIn.body.indexOf(`action="/forms/${form.id}/edit"`)));
    const editor = await alice.post(`/forms/${form.id}/edit`, asBody(resume, []));
    t.equal(editor.statusCode, 200);
    t.match(editor.body, /name="version" value="1"/, 'the version typed against, not the latest');
    t.match(editor.body, /value="Mine"/);
    const save = await alice.post(`/forms/${form.id}`, { ...formBody([anna], { title: 'Mine' }), version: '1' });
    t.equal(save.statusCode, 409, 'the stale edit is caught');
    t.equal((await services.forms.get(form.id)).title, 'Theirs', 'nothing overwritten');
  });

  await t.test('someone else signing in sees the fields before anything is saved', async (t) => {
    const alice = new Client(app);
    await alice.signIn('alice');
    await alice.get('/forms/new');
    clock.advance(31 * MINUTE);
    const before = await formCount();
    const ended = await alice.post('/forms', formBody([anna], { title: 'Alice typed this' }));
    const signedIn = await alice.post('/login', { ...asBody(hiddenInputs(ended.body)), username: 'bob' });
    t.equal(signedIn.statusCode, 200);
    t.match(signedIn.body, /signed in as <strong>bob<\/strong>/);
    t.match(signedIn.body, /nothing is saved<\/strong> until you press Save/);
    t.equal(await formCount(), before, 'nothing saved as bob');
  });

  await t.test('the kept fields go back only to the editor; other posts resume on their page', async (t) => {
    const form = await services.forms.create(formBody([anna], { title: 'Keep me' }), 'alice');
    const alice = new Client(app);
    await alice.signIn('alice');
    await alice.get(`/forms/${form.id}/delete`);
    clock.advance(31 * MINUTE);
    const ended = await alice.post(`/forms/${form.id}/delete`);
    t.equal(ended.statusCode, 401);
    t.match(ended.body, /back where you were; then do it again/);
    const hidden = hiddenInputs(ended.body);
    t.equal(hidden.find(([n]) => n === 'next')?.[1], `/forms/${form.id}/delete`);
    t.notOk(
      hidden.some(([n]) => n.startsWith('keep.')),
      'a delete keeps no fields',
    );
    t.equal((await services.forms.get(form.id)).deleted, false, 'not deleted');

    // A crafted sign-in with kept fields and another page: a plain redirect, never a page that posts there.
    const crafted = await alice.post('/login', {
      ...asBody(hidden),
      'keep.title': 'x',
      next: `/forms/${form.id}/delete`,
      username: 'alice',
    });
    t.equal(crafted.statusCode, 303);
    t.equal(crafted.headers.location, `/forms/${form.id}/delete`);
    t.equal((await services.forms.get(form.id)).deleted, false);

    const script = await app.inject({ method: 'POST', url: '/forms', headers: { accept: 'application/json' } });
    t.equal(script.statusCode, 401);
    t.equal(JSON.parse(script.body).error.code, 'SESSION_ENDED');
  });

  await t.test('an upload after the session ended keeps no file and says to choose it again', async (t) => {
    const form = await services.forms.create(formBody([anna], { title: 'With files' }), 'alice');
    const alice = new Client(app);
    await alice.signIn('alice');
    await alice.get(`/forms/${form.id}`);
    const token = alice.csrf;
    clock.advance(31 * MINUTE);
    const body = multipart([
      { name: '_csrf', value: token },
      { name: 'files', filename: 'sign-in sheet.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ]);
    const ended = await alice.postRaw(`/forms/${form.id}/attachments`, body.body, { 'content-type': body.type });
    t.equal(ended.statusCode, 401);
    t.match(ended.body, /choose this file again — sign-in sheet\.pdf/);
    t.equal(hiddenInputs(ended.body).find(([n]) => n === 'next')?.[1], `/forms/${form.id}`);
    t.same(await readdir(env.uploads), [], 'no file left behind');
    t.same((await services.details.details(form.id)).attachments, []);
  });
});
