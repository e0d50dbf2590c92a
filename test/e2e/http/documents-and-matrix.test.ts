import t from 'tap';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client, fieldError, formBody, startTestApp, type TestApp } from '../../helpers/http-app.ts';

/** Maintenance people and a Production technician (a job-title requirement reaches him). */
const STAFF = [
  { name: 'Hana Ito', department: 'Maintenance', jobTitle: 'Technician' },
  { name: 'Ivan Petrov', department: 'Maintenance', jobTitle: 'Technician' },
  { name: 'Jo Lee', department: 'Maintenance', jobTitle: 'Supervisor' },
  // A department starting with "-": the CSV export must not hand it to a spreadsheet as a formula.
  { name: 'Kai Berg', department: '-Night shift', jobTitle: 'Technician' },
];

async function addStaff(env: TestApp): Promise<Record<string, number>> {
  await env.services.employees.upsert(
    STAFF.map((s, i) => ({
      directoryId: `staff-${i}`,
      displayName: s.name,
      email: null,
      userPrincipalName: null,
      department: s.department,
      jobTitle: s.jobTitle,
      active: true,
      lastSyncedAt: null,
    })),
  );
  const rows = await env.services.database.db.selectFrom('employees').select(['id', 'display_name']).execute();
  return Object.fromEntries(rows.map((e) => [e.display_name, e.id]));
}

/** A training form attended by `trainees`, recorded against a register revision. */
async function attend(env: TestApp, revisionId: number, trainees: number[], trainingDate: string): Promise<void> {
  await env.services.forms.create(
    formBody(trainees, {
      trainingDate,
      documentRevisionId: String(revisionId),
      referenceDocument: '',
      referenceRevision: '',
    }),
    'trainer',
  );
}

const idFrom = (location: unknown) => Number(/^\/documents\/(\d+)/.exec(String(location))?.[1]);
/** The text of the `data-count` span of a status in the counts line. */
const count = (html: string, status: string) => Number(new RegExp(`data-count="${status}">(\\d+)<`).exec(html)?.[1]);
/** The `<tr>` of a person in a matrix table. */
const personRow = (html: string, name: string) =>
  new RegExp(`<tr[^>]*>\\s*<th scope="row"><a href="/employees/\\d+/record">${name}</a>[\\s\\S]*?</tr>`).exec(
    html,
  )?.[0] ?? '';

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await startTestApp(ctx.settings);
  t.teardown(() => env.close());
  const ids = await addStaff(env);
  const boss = new Client(env.app);
  await boss.signIn('boss');
  const alice = new Client(env.app);
  await alice.signIn('alice');
  let sop = 0;

  await t.test(
    'an admin registers a document with its first revision; bad input is shown next to the field',
    async (t) => {
      const empty = await boss.get('/documents');
      t.equal(empty.statusCode, 200);
      t.match(empty.body, /No document is registered yet\./);
      t.match(
        (await boss.get('/')).body,
        /<a href="\/documents">Documents<\/a>/,
        'the navigation links the register for admins',
      );

      const bad = await boss.post('/documents', {
        reference: 'SOP#1',
        title: 'Kept <title>',
        revision: 'B',
        effectiveDate: '2026-02-30',
      });
      t.equal(bad.statusCode, 422);
      t.match(fieldError(bad.body, 'reference'), /^The reference may hold only letters, digits/);
      t.match(fieldError(bad.body, 'effectiveDate'), /real date/);
      t.equal(fieldError(bad.body, 'title'), '');
      t.match(bad.body, /value="Kept &lt;title&gt;"/, 'the values are shown back, escaped');
      t.match(
        bad.body,
        /There is a problem<\/h2>\s*<ul>\s*<li><a href="#f-reference">The reference may hold[^<]*<\/a><\/li><li><a href="#f-effectiveDate">The effective date must be a real date/,
        'an error summary links each message to its field, in the order of the fields',
      );

      const created = await boss.post('/documents', {
        reference: ' sop-cr-004 ',
        title: 'Cleanroom maintenance',
        revision: 'rev b',
        effectiveDate: '2026-03-01',
      });
      t.equal(created.statusCode, 303);
      sop = idFrom(created.headers.location);
      t.ok(sop > 0);
      const shown = await boss.get(String(created.headers.location));
      t.match(shown.body, /The document was registered/);
      t.match(shown.body, /<h1>SOP-CR-004 <span class="muted">Cleanroom maintenance<\/span><\/h1>/);
      t.match(shown.body, /<dt>Current revision<\/dt><dd>B, effective/);

      const taken = await boss.post('/documents', {
        reference: 'SOP-CR-004',
        title: 'Again',
        revision: 'A',
        effectiveDate: '2026-01-01',
      });
      t.equal(taken.statusCode, 422);
      t.match(fieldError(taken.body, 'reference'), /SOP-CR-004 is already in the register/);

      await boss.post('/documents', {
        reference: 'WI-007',
        title: 'Lubrication',
        revision: '1',
        effectiveDate: '2026-05-01',
      });
      const list = await boss.get('/documents');
      t.match(
        list.body,
        /<a href="\/documents\/\d+">SOP-CR-004<\/a><\/th>\s*<td>Cleanroom maintenance<\/td>\s*<td>B<\/td>\s*<td><time datetime="2026-03-01">/,
      );
      t.match(list.body, />WI-007<\/a>/);
    },
  );

  await t.test(
    'requirements: the directory spellings are offered, free text allowed; bad and repeated ones are refused at the field',
    async (t) => {
      const page = await boss.get(`/documents/${sop}`);
      t.match(page.body, /<option value="Maintenance" label="department">/);
      t.match(page.body, /<option value="Technician" label="job title">/);
      t.equal(
        (await boss.post(`/documents/${sop}/requirements`, { kind: 'department', value: 'Maintenance' })).statusCode,
        303,
      );
      t.equal(
        (await boss.post(`/documents/${sop}/requirements`, { kind: 'job_title', value: 'Technician' })).statusCode,
        303,
      );
      t.equal(
        (await boss.post(`/documents/${sop}/requirements`, { kind: 'department', value: 'Not In Directory' }))
          .statusCode,
        303,
        'free text',
      );

      const again = await boss.post(`/documents/${sop}/requirements`, { kind: 'department', value: 'Maintenance' });
      t.equal(again.statusCode, 422);
      t.match(fieldError(again.body, 'value'), /already required for department: Maintenance/);
      const bad = await boss.post(`/documents/${sop}/requirements`, { kind: 'site', value: '' });
      t.equal(bad.statusCode, 422);
      t.equal(fieldError(bad.body, 'kind'), 'Choose a department or a job title.');
      t.equal(fieldError(bad.body, 'value'), 'Enter the department or job title.');

      t.equal(
        (await boss.post(`/documents/${sop}/requirements/remove`, { kind: 'department', value: 'Not In Directory' }))
          .statusCode,
        303,
      );
      const after = await boss.get(`/documents/${sop}`);
      t.match(after.body, /Required for \(2\)/);
      t.match(after.body, /Department: <a href="\/matrix\?department=Maintenance">Maintenance<\/a>/);
      t.notMatch(after.body, /Not In Directory/);
      const wi = (await env.services.documents.list()).find((d) => d.document.reference === 'WI-007')!.document.id;
      await boss.post(`/documents/${wi}/requirements`, { kind: 'department', value: 'Maintenance' });
    },
  );

  await t.test(
    'revisions: a new one becomes current; an earlier date or a repeated label is refused at the field',
    async (t) => {
      const revB = (await env.services.documents.get(sop)).currentRevision!;
      await attend(env, revB.id, [ids['Hana Ito']!], '2026-06-01');
      const early = await boss.post(`/documents/${sop}/revisions`, { revision: 'C', effectiveDate: '2026-02-01' });
      t.equal(early.statusCode, 422);
      t.match(fieldError(early.body, 'effectiveDate'), /^The effective date must be after 2026-03-01/);
      t.match(early.body, /id="f-revision" name="revision" type="text" value="C"/, 'the label is shown back');
      const repeated = await boss.post(`/documents/${sop}/revisions`, { revision: 'b', effectiveDate: '2026-12-01' });
      t.equal(repeated.statusCode, 422);
      t.match(fieldError(repeated.body, 'revision'), /already has a revision B/);

      const issued = await boss.post(`/documents/${sop}/revisions`, { revision: 'C', effectiveDate: '2026-11-01' });
      t.equal(issued.statusCode, 303);
      const page = await boss.get(`/documents/${sop}`);
      t.match(page.body, /<dt>Current revision<\/dt><dd>C, effective/);
      t.match(page.body, /<th scope="row">C <span class="badge good">current<\/span><\/th>/);
      const revC = (await env.services.documents.get(sop)).currentRevision!;
      await attend(env, revC.id, [ids['Jo Lee']!], '2026-11-20');
    },
  );

  await t.test(
    'the document matrix: current, needs retraining, never — with counts, the overdue list and a CSV',
    async (t) => {
      const res = await boss.get(`/documents/${sop}/matrix`);
      t.equal(res.statusCode, 200);
      t.same([count(res.body, 'current'), count(res.body, 'outdated'), count(res.body, 'never')], [1, 1, 2]);
      t.match(personRow(res.body, 'Jo Lee'), /badge good">current/);
      t.match(personRow(res.body, 'Hana Ito'), /needs retraining<\/span> <span class="muted">rev B, 2026-06-01/);
      t.match(personRow(res.body, 'Ivan Petrov'), /never trained/);
      t.match(personRow(res.body, 'Kai Berg'), /never trained/, 'reached through the job-title requirement');
      t.match(
        res.body,
        new RegExp(`href="/employees/${ids['Hana Ito']}/record">Hana Ito</a>`),
        'each person links to their record',
      );
      t.match(res.body, /<h2 id="overdue">Overdue \(3\)<\/h2>/);
      t.notMatch(personRow(res.body, 'Anna Schmidt'), /./, 'Quality Assurance is not required');

      const csv = await boss.get(`/documents/${sop}/matrix?format=csv`);
      t.equal(csv.statusCode, 200);
      t.match(csv.headers['content-type'], /text\/csv/);
      t.match(csv.headers['content-disposition'], /attachment; filename="matrix-sop-cr-004-\d{4}-\d{2}-\d{2}\.csv"/);
      t.ok(csv.body.startsWith('\uFEFF'), 'a byte-order mark, for Excel');
      const lines = csv.body.slice(1).trim().split('\n');
      t.equal(
        lines[0],
        'Employee ID,Employee,Department,Job title,Document,Current revision,Status,Trained revision,' +
          'Last training date,Due since',
      );
      t.equal(lines.length, 5);
      t.ok(
        lines.includes(
          `${ids['Hana Ito']},Hana Ito,Maintenance,Technician,SOP-CR-004,C,outdated,B,2026-06-01,2026-11-01`,
        ),
      );
      t.ok(lines.includes(`${ids['Jo Lee']},Jo Lee,Maintenance,Supervisor,SOP-CR-004,C,current,C,2026-11-20,`));
      t.ok(
        lines.includes(`${ids['Kai Berg']},Kai Berg,'-Night shift,Technician,SOP-CR-004,C,never,,,2026-11-01`),
        'formula-like text is neutralised',
      );
    },
  );

  await t.test('the matrix table narrows to a status and pages; the counts stay those of everyone', async (t) => {
    const never = await boss.get(`/documents/${sop}/matrix?status=never`);
    t.equal(never.statusCode, 200);
    t.same([count(never.body, 'current'), count(never.body, 'outdated'), count(never.body, 'never')], [1, 1, 2]);
    t.match(personRow(never.body, 'Ivan Petrov'), /never trained/);
    t.notMatch(personRow(never.body, 'Jo Lee'), /./, 'a current person is not in the narrowed table');
    t.match(never.body, /<strong aria-current="true">Never trained<\/strong>/);
    t.match(never.body, /People 1–2 of 2/);
    const past = await boss.get(`/documents/${sop}/matrix?page=40`);
    t.match(past.body, /People 1–4 of 4/, 'a page past the end shows the last one');
    const department = await boss.get('/matrix?department=Maintenance&status=outdated');
    t.match(department.body, /People 1–1 of 1/, 'one person of three needs retraining on a document');
    t.match(personRow(department.body.split('id="people"')[1] ?? '', 'Hana Ito'), /needs retraining/);
    t.equal((await boss.get(`/documents/${sop}/matrix?status=bogus`)).statusCode, 400);
  });

  await t.test('the department matrix: each document with its counts, and a CSV', async (t) => {
    const chooser = await boss.get('/matrix');
    t.match(chooser.body, /<a href="\/matrix\?department=Maintenance">Maintenance<\/a>/);
    const res = await boss.get('/matrix?department=Maintenance');
    t.equal(res.statusCode, 200);
    t.same(
      [count(res.body, 'current'), count(res.body, 'outdated'), count(res.body, 'never')],
      [1, 1, 4],
      'three people × two documents',
    );
    t.match(
      res.body,
      /<tr data-document="SOP-CR-004">[\s\S]*?<td class="num">1<\/td><td class="num">1<\/td><td class="num">1<\/td><\/tr>/,
    );
    t.match(
      res.body,
      /<tr data-document="WI-007">[\s\S]*?<td class="num">0<\/td><td class="num">0<\/td><td class="num">3<\/td><\/tr>/,
    );
    t.notMatch(res.body, /Kai Berg/, 'another department');
    const people = (body: string) => body.split('id="people"')[1]?.split('</table>')[0] ?? '';
    t.match(people(res.body), /Hana Ito[\s\S]*needs retraining/);
    t.equal(
      people((await boss.get('/matrix?department=Maintenance')).body),
      people(res.body),
      'the kept page’s table again',
    );
    const csv = await boss.get('/matrix?department=Maintenance&format=csv');
    t.equal(csv.body.trim().split('\n').length, 7);
    const semicolon = await boss.get('/matrix?department=Maintenance&format=csv&delimiter=semicolon');
    t.match(semicolon.body, /^\uFEFFEmployee ID;Employee;Department;/, 'the separator asked for');
    t.match(csv.headers['content-disposition'], /filename="matrix-maintenance-/);
    const none = await boss.get('/matrix?department=Nobody');
    t.match(none.body, /No active employee of Nobody is required/);
  });

  await t.test('lifting a requirement and retiring: the matrix follows; every change is audited', async (t) => {
    t.equal(
      (await boss.post(`/documents/${sop}/requirements/remove`, { kind: 'job_title', value: 'Technician' })).statusCode,
      303,
    );
    const res = await boss.get(`/documents/${sop}/matrix`);
    t.same([count(res.body, 'current'), count(res.body, 'outdated'), count(res.body, 'never')], [1, 1, 1]);
    t.equal(
      (await boss.post(`/documents/${sop}/requirements/remove`, { kind: 'job_title', value: 'Technician' })).statusCode,
      404,
    );

    const confirm = await boss.get(`/documents/${sop}/retire`);
    t.match(confirm.body, /<h1>Retire SOP-CR-004\?<\/h1>/);
    const retired = await boss.post(`/documents/${sop}/retire`);
    t.equal(retired.statusCode, 303);
    const page = await boss.get(String(retired.headers.location));
    t.match(page.body, /The document was retired\./);
    t.match(page.body, /Retired by boss/);
    t.notMatch(page.body, /Issue revision|>Require<\/button>/, 'no forms for a retired document');
    t.match((await boss.get('/documents')).body, /<span class="badge">retired<\/span>/);
    t.equal((await boss.get(`/documents/${sop}/matrix`)).statusCode, 409);
    t.equal(
      (await boss.post(`/documents/${sop}/revisions`, { revision: 'D', effectiveDate: '2027-01-01' })).statusCode,
      409,
    );
    t.equal((await boss.get('/documents/999999')).statusCode, 404);

    const audit = await env.services.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor'])
      .where('entity_type', '=', 'controlled_document')
      .where('entity_id', '=', String(sop))
      .orderBy('id')
      .execute();
    t.same(
      audit.map((a) => a.action),
      ['create', 'require', 'require', 'require', 'unrequire', 'revise', 'unrequire', 'retire'],
    );
    t.ok(audit.every((a) => a.actor === 'boss'));
  });

  await t.test('only administrators reach the pages; a post without the form token is refused', async (t) => {
    for (const url of [
      '/documents',
      '/documents/new',
      `/documents/${sop}`,
      `/documents/${sop}/matrix`,
      '/matrix?department=Maintenance',
      `/documents/${sop}/retire`,
    ]) {
      t.equal((await alice.get(url)).statusCode, 403, `non-admin GET ${url}`);
      t.equal((await env.app.inject({ url })).statusCode, 303, `anonymous GET ${url} goes to sign-in`);
    }
    const before = await env.services.documents.list({ includeRetired: true });
    t.equal(
      (await alice.post('/documents', { reference: 'SOP-X', title: 'x', revision: 'A', effectiveDate: '2026-01-01' }))
        .statusCode,
      403,
    );
    t.equal(
      (await alice.post(`/documents/${sop}/requirements`, { kind: 'department', value: 'Production' })).statusCode,
      403,
    );
    t.equal(
      (
        await boss.post('/documents', {
          _csrf: 'forged',
          reference: 'SOP-X',
          title: 'x',
          revision: 'A',
          effectiveDate: '2026-01-01',
        })
      ).statusCode,
      403,
    );
    t.equal(
      (await env.services.documents.list({ includeRetired: true })).length,
      before.length,
      'nothing was registered',
    );
    t.notMatch((await alice.get('/')).body, /href="\/documents"/, 'no Documents link for a non-admin');
  });
});
