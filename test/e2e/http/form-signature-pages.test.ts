import t from 'tap';
import type { Authenticator } from '../../../src/domain/ports/authenticator.ts';
import { Client, fieldError, formBody, startTestApp } from '../../helpers/http-app.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// The trainer's sign-off through the pages, on both dialects: the signature section, signing with
// the password again (a wrong one refused and audited), the edit of a signed form (reason
// required, signature voided), the record page and CSV, and who may sign.

/** Each user's password is `pw-<username>`; the display names are the trainers' names on forms. */
const NAMES: Record<string, string> = { gweber: 'Grace Weber', boss: 'The Boss', alice: 'Alice Example' };
const authenticator: Authenticator = {
  async authenticate(username, password) {
    if (password !== `pw-${username}`) return { ok: false, reason: 'invalid-credentials', detail: 'wrong password' };
    return { ok: true, user: { username, displayName: NAMES[username] ?? username, email: null, groups: [] } };
  },
};
const idFrom = (location: unknown) => Number(/^\/forms\/(\d+)/.exec(String(location))?.[1]);
const section = (html: string) => /<section class="signature" id="signature"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
const status = (html: string) => /id="signature-status" data-status="(\w+)"/.exec(html)?.[1];
const versionOf = (html: string) => Number(/<input type="hidden" name="version" value="(\d+)">/.exec(html)?.[1]);

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await startTestApp(ctx.settings, {}, {}, authenticator);
  t.teardown(() => env.close());
  const { app, employeeIds, clock } = env;
  const db = env.services.database.db;
  const as = async (username: string) => {
    const client = new Client(app);
    await client.get('/login');
    t.equal((await client.post('/login', { username, password: `pw-${username}` })).statusCode, 303);
    await client.get('/');
    return client;
  };
  const [grace, boss, alice] = [await as('gweber'), await as('boss'), await as('alice')];
  const anna = employeeIds['Anna Schmidt'] as number;
  const created = await alice.post('/forms', formBody([anna], { trainer: 'grace WEBER' }));
  const id = idFrom(created.headers.location);
  const events = async () =>
    (
      await db
        .selectFrom('audit_events')
        .select(['action', 'actor', 'details'])
        .where('entity_type', '=', 'training_form')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute()
    ).map((e) => ({ action: e.action, actor: e.actor, details: JSON.parse(e.details ?? 'null') as unknown }));

  await t.test('not signed: the trainer is offered the sign form; another user is not', async (t) => {
    const page = await grace.get(`/forms/${id}`);
    t.equal(status(page.body), 'unsigned');
    t.match(section(page.body), /Not signed\./);
    t.match(
      section(page.body),
      /<form method="post" action="\/forms\/\d+\/sign" class="stack sign-form" id="sign-form">/,
    );
    t.match(section(page.body), /name="_csrf" value="[^"]+"/);
    t.match(section(page.body), /<strong id="sign-meaning">Trained and assessed<\/strong>/);
    t.match(section(page.body), /id="sign-password" name="password" type="password"[^>]* required/);
    t.notMatch(section(page.body), /Development login/, 'the directory login asks for the real password');
    t.notMatch(section(page.body), /id="sign-reason"/, 'the trainer gives no reason');
    t.notMatch(section((await alice.get(`/forms/${id}`)).body), /id="sign-form"/, 'not the trainer, not an admin');
    t.match(section((await boss.get(`/forms/${id}`)).body), /id="sign-reason" name="reason"/, 'an admin: with reason');
  });

  await t.test('a user who may not sign is refused (403); a post without CSRF token too', async (t) => {
    t.equal((await alice.post(`/forms/${id}/sign`, { password: 'pw-alice', version: '1' })).statusCode, 403);
    t.equal(
      (await grace.post(`/forms/${id}/sign`, { password: 'pw-gweber', version: '1', _csrf: 'x' })).statusCode,
      403,
    );
    t.equal(status((await grace.get(`/forms/${id}`)).body), 'unsigned');
  });

  await t.test('a wrong password is refused next to the field and audited; nothing is signed', async (t) => {
    await grace.get(`/forms/${id}`);
    const res = await grace.post(`/forms/${id}/sign`, { password: 'guess', version: '1' });
    t.equal(res.statusCode, 422);
    t.match(res.body, /id="sign-password-error">Sign-in failed: check your username and password\.</);
    t.equal(status(res.body), 'unsigned');
    t.match((await events()).at(-1), {
      action: 'sign-refused',
      actor: 'gweber',
      details: { reason: 'invalid-credentials' },
    });
    const userEvent = await db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', 'gweber')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    t.equal(userEvent.action, 'sign-in-failed', 'counted as a failed sign-in');
    t.match(JSON.parse(userEvent.details ?? '{}'), { purpose: 'form-signature' });
    t.same(await db.selectFrom('form_signatures').select('id').execute(), []);
  });

  await t.test('an admin signing for the trainer must give a reason', async (t) => {
    await boss.get(`/forms/${id}`);
    const res = await boss.post(`/forms/${id}/sign`, { password: 'pw-boss', version: '1', reason: ' ' });
    t.equal(res.statusCode, 422);
    t.match(res.body, /id="sign-reason-error">You are not the trainer named on this form/);
  });

  await t.test('the trainer signs: name, meaning, UTC and local time, version; in the history', async (t) => {
    clock.advance(5 * 60_000);
    await grace.get(`/forms/${id}`);
    const res = await grace.post(`/forms/${id}/sign`, { password: 'pw-gweber', version: '1' });
    t.equal(res.statusCode, 303);
    t.equal(res.headers.location, `/forms/${id}#signature`);
    const page = await grace.get(`/forms/${id}`);
    t.match(page.body, /You signed the training form\./);
    t.equal(status(page.body), 'signed');
    const s = section(page.body);
    t.match(
      s,
      /Signed by <strong class="printed-name">Grace Weber<\/strong> — <em class="meaning">Trained and assessed<\/em>/,
    );
    t.match(s, /<time datetime="2026-11-24T08:05:00.000Z" data-local>2026-11-24 08:05 UTC<\/time> \(version 1\)/);
    t.notMatch(s, /id="sign-form"/, 'signed: no sign form');
    t.match(page.body, /signed the form/);
    t.match((await events()).at(-1), {
      action: 'sign',
      actor: 'gweber',
      details: { changes: { signature: { from: 'unsigned', to: 'signed' }, signedVersion: { from: null, to: 1 } } },
    });
    t.equal((await grace.post(`/forms/${id}/sign`, { password: 'pw-gweber', version: '1' })).statusCode, 409, 'once');
  });

  await t.test('the record page and its CSV show the signature', async (t) => {
    const page = await alice.get(`/employees/${anna}/record`);
    t.match(
      page.body,
      /<td class="signature-cell" data-status="signed">Grace Weber, <time datetime="2026-11-24T08:05:00.000Z" data-local>2026-11-24 08:05 UTC<\/time> — Trained and assessed<\/td>/,
    );
    const csv = (await alice.get(`/employees/${anna}/record.csv`)).body.trim().split('\n');
    t.match(csv[1], new RegExp(`,signed,Grace Weber,2026-11-24 08:05:00,Trained and assessed,${id}$`));
  });

  await t.test(
    'editing a signed form: the page warns; saving without a reason is refused, nothing changes',
    async (t) => {
      const edit = await alice.get(`/forms/${id}/edit`);
      t.match(edit.body, /id="signature-void-warning">This form is signed\. Saving a change voids the signature/);
      t.match(edit.body, /<textarea id="f-reason" name="reason"[^>]* required/);
      const res = await alice.post(`/forms/${id}`, {
        ...formBody([anna], { trainer: 'grace WEBER', title: 'Changed' }),
        version: String(versionOf(edit.body)),
      });
      t.equal(res.statusCode, 422);
      t.match(fieldError(res.body, 'reason'), /give the reason for the change/);
      t.match(res.body, /value="Changed"/, 'the typed values are kept');
      t.equal(status((await alice.get(`/forms/${id}`)).body), 'signed');
    },
  );

  await t.test('with a reason: saved, a new version, the signature voided and shown so; sign again', async (t) => {
    clock.advance(10 * 60_000);
    const edit = await alice.get(`/forms/${id}/edit`);
    const res = await alice.post(`/forms/${id}`, {
      ...formBody([anna], { trainer: 'grace WEBER', title: 'Changed' }),
      version: String(versionOf(edit.body)),
      reason: 'Title <b>typo</b>',
    });
    t.equal(res.statusCode, 303);
    const page = await grace.get(`/forms/${id}`);
    t.equal(status(page.body), 'voided');
    t.match(
      section(page.body),
      /Signature voided on <time datetime="2026-11-24T08:15:00.000Z" data-local>2026-11-24 08:15 UTC<\/time> by alice — reason: Title &lt;b&gt;typo&lt;\/b&gt;; a new signature is needed\./,
    );
    t.match(section(page.body), /id="sign-form"/, 'the trainer may sign again');
    t.match(page.body, /reason: Title &lt;b&gt;typo&lt;\/b&gt;/, 'the history shows the reason');
    t.match((await events()).at(-1), {
      action: 'update',
      details: {
        reason: 'Title <b>typo</b>',
        changes: { title: { to: 'Changed' }, signature: { from: 'signed', to: 'voided' } },
      },
    });
    t.match(
      (await alice.get(`/employees/${anna}/record`)).body,
      /data-status="voided"><span class="badge">voided<\/span>/,
    );
    t.equal((await grace.post(`/forms/${id}/sign`, { password: 'pw-gweber', version: '2' })).statusCode, 303);
    t.equal(status((await grace.get(`/forms/${id}`)).body), 'signed');
  });

  await t.test('signing a version that changed meanwhile is refused with the page shown again', async (t) => {
    const second = idFrom((await alice.post('/forms', formBody([anna], { trainer: 'Grace Weber' }))).headers.location);
    await grace.get(`/forms/${second}`);
    const res = await grace.post(`/forms/${second}/sign`, { password: 'pw-gweber', version: '7' });
    t.equal(res.statusCode, 409);
    t.match(res.body, /id="sign-version-error">The form was changed since you opened it/);
  });
});
