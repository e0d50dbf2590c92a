import t from 'tap';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client, fieldError, formBody, startTestApp } from '../../helpers/http-app.ts';

// A form's reference on the edit, detail and list pages: a register revision chosen from a select
// (no JavaScript needed), or external training typed as free text and marked as such.

const idFrom = (location: unknown) => Number(/^\/forms\/(\d+)/.exec(String(location))?.[1]);
/** The `<option>` of a revision in the register select. */
const option = (html: string, label: string) =>
  new RegExp(`<option value="(\\d+)"( selected)?>${label.replace(/[()]/g, '\\$&')}</option>`).exec(html);

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await startTestApp(ctx.settings);
  t.teardown(() => env.close());
  const { documents } = env.services;
  const anna = env.employeeIds['Anna Schmidt'] as number;
  // Today is 2026-11-24: B and C are in force (C current), D takes effect next year.
  const sop = await documents.create(
    { reference: 'SOP-CR-004', title: 'Cleanroom maintenance', revision: 'B', effectiveDate: '2026-03-01' },
    'boss',
  );
  await documents.issueRevision(sop.document.id, { revision: 'C', effectiveDate: '2026-06-01' }, 'boss');
  const withD = await documents.issueRevision(sop.document.id, { revision: 'D', effectiveDate: '2027-01-01' }, 'boss');
  const [revB, revC, revD] = withD.revisions.map((r) => String(r.id)) as [string, string, string];
  const wi = await documents.create(
    { reference: 'WI-007', title: 'Lubrication', revision: '1', effectiveDate: '2026-05-01' },
    'boss',
  );
  const wiRev = String(wi.revisions[0]?.id);
  const alice = new Client(env.app);
  await alice.signIn('alice');
  const onWi = idFrom(
    (
      await alice.post('/forms', {
        ...formBody([anna], { title: 'Lubrication round' }),
        referenceSource: 'register',
        documentRevisionId: wiRev,
        referenceDocument: '',
        referenceRevision: '',
      })
    ).headers.location,
  );
  await documents.retire(wi.document.id, 'boss');

  const registerBody = (documentRevisionId: string, change: Record<string, string> = {}) => ({
    ...formBody([anna]),
    referenceSource: 'register',
    documentRevisionId,
    referenceDocument: '',
    referenceRevision: '',
    ...change,
  });

  await t.test('the new form offers documents in use, current revision first, and external training', async (t) => {
    const page = (await alice.get('/forms/new')).body;
    t.match(page, /<legend>Reference document<\/legend>/);
    t.match(page, /<input type="radio" name="referenceSource" value="register" checked> From the register<\/label>/);
    t.match(page, /<input type="radio" name="referenceSource" value="external"> External training \(free text\)/);
    t.match(page, /<label for="f-documentRevisionId">Document and revision<\/label>/);
    const group = /<optgroup label="SOP-CR-004 — Cleanroom maintenance">([\s\S]*?)<\/optgroup>/.exec(page)?.[1] ?? '';
    t.same(
      [...group.matchAll(/<option value="(\d+)">([^<]*)</g)].map((m) => [m[1], m[2]]),
      [
        [revC, 'SOP-CR-004 rev C (current)'],
        [revD, 'SOP-CR-004 rev D (in force from 2027-01-01)'],
        [revB, 'SOP-CR-004 rev B'],
      ],
    );
    t.notMatch(page, /WI-007/, 'a retired document is not offered');
    t.notMatch(page, /<option value="\d+" selected>/, 'nothing chosen yet');
  });

  let onC = 0;
  await t.test(
    'a register revision is saved and shown as "SOP-CR-004 rev C" on the detail page and the list',
    async (t) => {
      const saved = await alice.post('/forms', registerBody(revC, { title: 'Cleanroom refresher' }));
      t.equal(saved.statusCode, 303, saved.body);
      onC = idFrom(saved.headers.location);
      const detail = (await alice.get(`/forms/${onC}`)).body;
      t.match(detail, /<dt>Reference document<\/dt><dd><span class="reference">SOP-CR-004 rev C<\/span>\s*<\/dd>/);
      const row = new RegExp(`<a href="/forms/${onC}">Cleanroom refresher</a>[\\s\\S]*?</tr>`).exec(
        (await alice.get('/')).body,
      )?.[0];
      t.match(row, /<td data-label="Document"><span class="reference">SOP-CR-004 rev C<\/span>\s*<\/td>/);
      t.notMatch(row, /external/);
      const edit = (await alice.get(`/forms/${onC}/edit`)).body;
      t.ok(option(edit, 'SOP-CR-004 rev C (current)')?.[2], 'the edit page has the revision selected');
      t.match(edit, /value="register" checked>/);
      t.match(edit, /id="f-referenceDocument" name="referenceDocument" type="text" value=""/, 'external fields empty');
    },
  );

  await t.test('external training keeps the typed text, marked "external"; the select is ignored', async (t) => {
    const saved = await alice.post(
      '/forms',
      registerBody(revC, {
        title: 'Vendor course',
        referenceSource: 'external',
        referenceDocument: 'ACME <pump> course',
        referenceRevision: '2',
      }),
    );
    t.equal(saved.statusCode, 303, saved.body);
    const id = idFrom(saved.headers.location);
    const detail = (await alice.get(`/forms/${id}`)).body;
    t.match(
      detail,
      /<dd><span class="reference">ACME &lt;pump&gt; course rev 2<\/span> <span class="badge">external<\/span>/,
    );
    const row = await env.services.database.db
      .selectFrom('training_forms')
      .select(['document_revision_id', 'reference_document'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    t.same([row.document_revision_id, row.reference_document], [null, 'ACME <pump> course']);
    const edit = (await alice.get(`/forms/${id}/edit`)).body;
    t.match(edit, /value="external" checked>/);
    t.match(edit, /value="ACME &lt;pump&gt; course"/);
  });

  await t.test('bad choices are shown next to the field, the typed values kept, nothing saved', async (t) => {
    const before = (await env.services.database.db.selectFrom('training_forms').select('id').execute()).length;
    const retired = await alice.post('/forms', registerBody(wiRev, { title: 'Kept title' }));
    t.equal(retired.statusCode, 422);
    t.equal(
      fieldError(retired.body, 'documentRevisionId'),
      'WI-007 is retired: choose a document in use, or external training.',
    );
    t.match(retired.body, /value="Kept title"/);
    t.ok(option(retired.body, 'WI-007 rev 1 (current)')?.[2], 'the refused choice is shown selected');

    const unknown = await alice.post('/forms', registerBody('999999'));
    t.equal(fieldError(unknown.body, 'documentRevisionId'), 'This revision is not in the register.');
    t.equal(
      fieldError((await alice.post('/forms', registerBody('C'))).body, 'documentRevisionId'),
      'Choose the document and revision from the list.',
    );

    const contradiction = await alice.post('/forms', registerBody(revC, { referenceDocument: 'SOP-XX-1' }));
    t.equal(contradiction.statusCode, 422);
    t.match(
      fieldError(contradiction.body, 'referenceDocument'),
      /^Differs from the register revision chosen \(SOP-CR-004 rev C\)/,
    );
    t.match(contradiction.body, /value="SOP-XX-1"/, 'the typed text is kept');

    t.equal((await alice.post('/forms', registerBody(revC, { referenceSource: 'both' }))).statusCode, 400);
    t.equal((await env.services.database.db.selectFrom('training_forms').select('id').execute()).length, before);
  });

  await t.test('a form keeps the revision of a since-retired document; the history shows old → new', async (t) => {
    const edit = (await alice.get(`/forms/${onWi}/edit`)).body;
    t.match(edit, /<optgroup label="WI-007 — Lubrication \(retired\)">/);
    t.ok(option(edit, 'WI-007 rev 1 (current)')?.[2]);
    const version = /name="version" value="(\d+)"/.exec(edit)?.[1] ?? '';
    const kept = await alice.post(`/forms/${onWi}`, {
      ...registerBody(wiRev, { title: 'Lubrication round, renamed' }),
      version,
    });
    t.equal(kept.statusCode, 303, kept.body);
    const moved = await alice.post(`/forms/${onWi}`, { ...registerBody(revB), version: String(Number(version) + 1) });
    t.equal(moved.statusCode, 303, moved.body);
    const history = (await alice.get(`/forms/${onWi}`)).body;
    t.match(history, /<li>referenceDocument: WI-007 → SOP-CR-004<\/li>/);
    t.match(history, /<li>referenceRevision: 1 → B<\/li>/);
    t.match(history, new RegExp(`<li>documentRevisionId: ${wiRev} → ${revB}</li>`));
  });
});
