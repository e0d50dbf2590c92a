import t from 'tap';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client, formBody, startTestApp } from '../../helpers/http-app.ts';

const idFrom = (location: unknown) => Number(/^\/forms\/(\d+)/.exec(String(location))?.[1]);
/** The form ids of the record table's rows, top to bottom. */
const recordIds = (html: string) => {
  const body = /<table class="forms record">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return [...body.matchAll(/<a href="\/forms\/(\d+)">/g)].map((m) => Number(m[1]));
};
const recordLinks = (html: string) => [...html.matchAll(/<td><a href="\/employees\/\d+\/record">/g)].length;
/** The `<tr>` of the record table that links form `id`. */
const recordRow = (html: string, id: number) =>
  new RegExp(`<tr>\\s*<td><time[^>]*>[^<]*</time></td>\\s*<td><a href="/forms/${id}">[\\s\\S]*?</tr>`).exec(
    html,
  )?.[0] ?? '';

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await startTestApp(ctx.settings);
  t.teardown(() => env.close());
  const { app, employeeIds } = env;
  const db = env.services.database.db;
  const alice = new Client(app);
  await alice.signIn('alice');
  const anna = employeeIds['Anna Schmidt'] as number;
  const ben = employeeIds['Ben Rossi'] as number;
  await env.services.employees.upsert([
    {
      directoryId: 'dir-namesake',
      displayName: 'Anna Schmidt',
      email: 'a.schmidt@lab.example.com',
      userPrincipalName: null,
      department: 'Laboratory',
      jobTitle: 'Lab technician',
      active: true,
      lastSyncedAt: null,
    },
  ]);
  const namesake = Number(
    (await db.selectFrom('employees').select('id').where('directory_id', '=', 'dir-namesake').executeTakeFirstOrThrow())
      .id,
  );
  await db.updateTable('employees').set({ job_title: 'Maintenance technician' }).where('id', '=', anna).execute();

  const create = async (traineeIds: number[], change: Record<string, string>) => {
    const res = await alice.post('/forms', formBody(traineeIds, change));
    t.equal(res.statusCode, 303, `form ${change.title ?? ''} created`);
    return idFrom(res.headers.location);
  };
  const linked = await create([anna, ben], {
    title: 'Cleanroom gowning',
    trainingDate: '2026-01-10',
    referenceDocument: 'SOP-0042',
    referenceRevision: 'C',
  });
  const formula = await create([anna], {
    title: '=HYPERLINK("http://evil")',
    trainingDate: '2026-03-05',
    referenceDocument: 'EXT-ISO 13485',
    referenceRevision: '2016',
    trainer: 'TÜV Süd',
  });
  const deleted = await create([anna], { title: 'Deleted training', trainingDate: '2026-04-01' });
  const bens = await create([ben], { title: 'Forklift', trainingDate: '2026-02-01' });
  t.equal((await alice.post(`/forms/${deleted}/delete`)).statusCode, 303, "one of Anna's forms deleted");
  // The register and a form linked to it (choosing a register revision on the form is another slice of #17).
  const at = toDbTime(new Date('2026-01-01T00:00:00Z'));
  const doc = await db
    .insertInto('controlled_documents')
    .values({
      reference: 'SOP-CR-004',
      title: 'Cleanroom',
      created_by: 'boss',
      created_at: at,
      updated_by: 'boss',
      updated_at: at,
    })
    .executeTakeFirstOrThrow();
  const rev = await db
    .insertInto('document_revisions')
    .values({
      document_id: Number(doc.insertId),
      revision: 'B',
      effective_date: '2025-06-01',
      created_by: 'boss',
      created_at: at,
    })
    .executeTakeFirstOrThrow();
  await db
    .updateTable('training_forms')
    .set({ document_revision_id: Number(rev.insertId) })
    .where('id', '=', linked)
    .execute();
  await db.updateTable('employees').set({ active: 0 }).where('id', '=', ben).execute();

  await t.test(
    "the record: the employee's details and exactly the non-deleted trainings they attended, newest first",
    async (t) => {
      const res = await alice.get(`/employees/${anna}/record`);
      t.equal(res.statusCode, 200);
      t.match(res.body, /<h1>Training record: Anna Schmidt<\/h1>/);
      t.match(res.body, /<dt>Email<\/dt><dd>anna@example.com<\/dd>/);
      t.match(res.body, /<dt>Department<\/dt><dd>Quality Assurance<\/dd>/);
      t.match(res.body, /<dt>Job title<\/dt><dd>Maintenance technician<\/dd>/);
      t.match(res.body, /<dt>Status<\/dt><dd>Active<\/dd>/);
      t.match(
        res.body,
        /<p class="print-only">Printed 2026-11-24 08:00 UTC<\/p>/,
        'the print header carries the print date',
      );
      t.same(recordIds(res.body), [formula, linked], "the deleted form and Ben's form are not on it");
      const reg = recordRow(res.body, linked);
      t.match(reg, /<td>SOP-CR-004<\/td>\s*<td>B<\/td>/, 'reference and revision from the register, not the free text');
      t.notMatch(reg, /external/);
      t.match(
        reg,
        /<td>Grace Weber<\/td>\s*<td class="num">90 min<\/td>\s*<td class="signature-cell" data-status="unsigned">not signed<\/td>/,
      );
      t.match(
        recordRow(res.body, formula),
        /<td>EXT-ISO 13485 <span class="badge">external<\/span><\/td>\s*<td>2016<\/td>/,
        'free text marked external',
      );
      t.match(
        res.body,
        /<a href="\/forms\/\d+">=HYPERLINK\(&quot;http:\/\/evil&quot;\)<\/a>/,
        'titles are escaped text',
      );
      t.match(res.body, new RegExp(`href="/employees/${anna}/record.csv"`), 'CSV link');
    },
  );

  await t.test(
    'filters: date range and document, kept in the CSV link; a bad date is reported and ignored',
    async (t) => {
      t.same(recordIds((await alice.get(`/employees/${anna}/record?from=2026-02-01`)).body), [formula]);
      t.same(recordIds((await alice.get(`/employees/${anna}/record?to=2026-01-31`)).body), [linked]);
      t.same(
        recordIds((await alice.get(`/employees/${anna}/record?from=2026-01-10&to=2026-03-05`)).body),
        [formula, linked],
        'inclusive',
      );
      const byDoc = await alice.get(`/employees/${anna}/record?document=cr-004`);
      t.same(recordIds(byDoc.body), [linked]);
      t.match(byDoc.body, /on documents matching “cr-004”/, 'the printout says it is filtered');
      t.match(byDoc.body, new RegExp(`href="/employees/${anna}/record.csv\\?document=cr-004"`));
      t.same(
        recordIds((await alice.get(`/employees/${anna}/record?document=SOP-0042`)).body),
        [],
        "a linked form's old free text does not match",
      );
      const none = await alice.get(`/employees/${anna}/record?from=2027-01-01`);
      t.match(none.body, /No training matches these filters\./);
      const bad = await alice.get(`/employees/${anna}/record?from=2026-13-45`);
      t.equal(bad.statusCode, 200);
      t.match(bad.body, /id="from-error">Not a date \(YYYY-MM-DD\); ignored\./);
      t.same(recordIds(bad.body), [formula, linked]);
      const reversed = await alice.get(`/employees/${anna}/record?from=2026-03-05&to=2026-01-10`);
      t.match(reversed.body, /id="to-error">Before the From date \(2026-03-05\)/, 'a reversed range says so');
    },
  );

  await t.test('an employee who left keeps their record; an unknown id is 404', async (t) => {
    const res = await alice.get(`/employees/${ben}/record`);
    t.equal(res.statusCode, 200);
    t.match(res.body, /<dt>Status<\/dt><dd>Left the company \(inactive\)<\/dd>/);
    t.same(recordIds(res.body), [bens, linked]);
    for (const url of ['/employees/999999/record', '/employees/999999/record.csv', '/employees/abc/record'])
      t.equal((await alice.get(url)).statusCode, 404, url);
    t.match((await alice.get('/employees/999999/record')).body, /not found|does not exist/i);
  });

  await t.test('CSV: one row per training with headers, the same filters, formula-safe', async (t) => {
    const res = await alice.get(`/employees/${anna}/record.csv`);
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^text\/csv/);
    t.match(
      res.headers['content-disposition'],
      new RegExp(`attachment; filename="training-record-${anna}-2026-11-24.csv"`),
    );
    t.ok(res.body.startsWith('\uFEFF'), 'a byte-order mark, for Excel');
    const lines = res.body.slice(1).trim().split('\n');
    t.equal(
      lines[0],
      'Training date,Title,Training type,Document reference,Document revision,External,Trainer,Duration (minutes),' +
        'Signed,Signed by,Signed at (UTC),Signature meaning,Form ID',
    );
    t.equal(
      lines[1],
      `2026-03-05,"'=HYPERLINK(""http://evil"")",Classroom,EXT-ISO 13485,2016,yes,TÜV Süd,90,not signed,,,,${formula}`,
      'formula neutralised',
    );
    t.equal(lines[2], `2026-01-10,Cleanroom gowning,Classroom,SOP-CR-004,B,no,Grace Weber,90,not signed,,,,${linked}`);
    t.equal(lines.length, 3);
    const semicolon = await alice.get(`/employees/${anna}/record.csv?delimiter=semicolon`);
    t.match(semicolon.body, /^\uFEFFTraining date;Title;Training type;/, 'the separator asked for');
    const filtered = (await alice.get(`/employees/${anna}/record.csv?to=2026-01-31`)).body.trim().split('\n');
    t.same(
      filtered.slice(1).map((l) => l.split(',').at(-1)),
      [String(linked)],
    );
  });

  await t.test(
    'the employee search tells namesakes apart and links each record; inactive people are found',
    async (t) => {
      const res = await alice.get('/employees?q=anna%20schmidt');
      t.equal(res.statusCode, 200);
      t.match(res.body, /2 employees/);
      for (const [id, email, department, title] of [
        [anna, 'anna@example.com', 'Quality Assurance', 'Maintenance technician'],
        [namesake, 'a.schmidt@lab.example.com', 'Laboratory', 'Lab technician'],
      ] as const)
        t.match(
          res.body,
          new RegExp(
            `<td><a href="/employees/${id}/record">Anna Schmidt</a></td>\\s*<td>${email}</td>\\s*<td>${department}</td>\\s*<td>${title}</td>\\s*<td>Active</td>`,
          ),
        );
      t.match(
        (await alice.get('/employees?q=laboratory')).body,
        new RegExp(`href="/employees/${namesake}/record"`),
        'by department',
      );
      t.match((await alice.get('/employees?q=lab.example')).body, /1 employee</, 'by email');
      t.match(
        (await alice.get('/employees?q=rossi')).body,
        new RegExp(`href="/employees/${ben}/record">Ben Rossi</a></td>[\\s\\S]*?<td>Left</td>`),
      );
      t.match((await alice.get('/employees?q=nobody')).body, /No employee matches “nobody”/);
      const all = await alice.get('/employees?page=99');
      t.match(all.body, /7 employees/, 'everyone, inactive too');
      t.equal(recordLinks(all.body), 7);
      t.match(all.body, /Page 1 of 1/, 'a page past the end shows the last');
      t.match(all.body, /<a href="\/employees">Employees<\/a>/, 'navigation link');
    },
  );

  await t.test("trainee names link to the record: the detail page and the list's trainee filter", async (t) => {
    const detail = await alice.get(`/forms/${linked}`);
    t.match(detail.body, new RegExp(`<a href="/employees/${anna}/record">Anna Schmidt</a>`));
    t.match(detail.body, new RegExp(`<a href="/employees/${ben}/record">Ben Rossi</a>`));
    t.match(detail.body, new RegExp(`href="/\\?trainee=${anna}"`), 'the forms filter is still offered');
    t.match(
      (await alice.get(`/?trainee=${anna}`)).body,
      new RegExp(
        `<span class="chip">Anna Schmidt <span class="muted">\\([^)]+\\)</span> <a href="/employees/${anna}/record" aria-label="Training record of Anna Schmidt">record</a>`,
      ),
    );
  });

  await t.test('signed-in users only', async (t) => {
    for (const url of ['/employees', `/employees/${anna}/record`, `/employees/${anna}/record.csv`]) {
      t.ok(
        app.routeAccess.some(
          (r) => r.method === 'GET' && r.url === url.replace(String(anna), ':id') && r.access === 'user',
        ),
        `${url} is declared user`,
      );
      const anon = await app.inject({ url });
      t.equal(anon.statusCode, 303, url);
      t.equal(anon.headers.location, `/login?next=${encodeURIComponent(url)}`);
    }
  });
});
