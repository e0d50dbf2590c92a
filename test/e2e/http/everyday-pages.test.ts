import t from 'tap';
import { Client, fieldError, formBody } from '../../helpers/http-app.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const BOM = '\uFEFF';
const rowTitles = (html: string, path = 'forms') =>
  [...html.matchAll(new RegExp(`<td><a href="/${path}/\\d+">([^<]*)</a></td>`, 'g'))].map((m) => m[1]);
const lines = (csv: string) => csv.trimEnd().split('\r\n').join('\n').split('\n');

/**
 * Pages a team uses all day (issue #18): the list and trash past their end, the CSV exports, the
 * trash's purge dates, a reversed date range and a far-future training date.
 */
await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await buildTestApp(t, ctx.settings, { SOFT_DELETE_RETENTION_DAYS: '30' });
  const { services, employeeIds, clock } = env;
  await services.employees.upsert([
    {
      directoryId: 'dir-mueller',
      displayName: 'Jürgen Müller',
      email: 'juergen.mueller@example.com',
      userPrincipalName: null,
      department: '-Night shift',
      jobTitle: null,
      active: true,
      lastSyncedAt: null,
    },
  ]);
  const [mueller] = await services.details.searchEmployees('Müller');
  const anna = employeeIds['Anna Schmidt']!;
  const ids: number[] = [];
  for (let i = 1; i <= 23; i++) {
    const day = String(i).padStart(2, '0');
    const form = await services.forms.create(
      formBody(i === 1 ? [anna, mueller!.id] : [anna], {
        title: i === 1 ? '=HYPERLINK("http://evil")' : `Session ${day}`,
        trainingDate: `2026-10-${day}`,
        referenceDocument: 'SOP-CR-004',
        referenceRevision: 'C',
      }),
      'alice',
    );
    ids.push(form.id);
  }
  const alice = new Client(env.app);
  await alice.signIn('alice');
  const boss = new Client(env.app);
  await boss.signIn('boss');

  await t.test('a page past the end shows the last page and says so, in the list and the trash', async (t) => {
    const past = await alice.get('/?page=9999&size=10');
    t.equal(past.statusCode, 200);
    t.match(past.body, /There is no page 9,999; this is the last page, 3\./);
    t.match(past.body, /Page 3 of 3/);
    t.same(rowTitles(past.body), ['Session 03', 'Session 02', '=HYPERLINK(&quot;http://evil&quot;)']);
    t.notMatch((await alice.get('/?page=3&size=10')).body, /There is no page/, 'the real last page says nothing');

    for (const id of ids.slice(0, 12)) await services.forms.softDelete(id, 'boss');
    const trash = await boss.get('/trash?page=40&size=10');
    t.match(trash.body, /There is no page 40; this is the last page, 2\./);
    t.match(trash.body, /Page 2 of 2/);
    t.equal(rowTitles(trash.body, 'trash').length, 2);
    for (const id of ids.slice(0, 12)) await services.forms.restore(id, 'boss');
  });

  await t.test('CSV: a BOM, readable headers, dates Excel reads, formula-safe, and a chosen separator', async (t) => {
    const res = await alice.get('/forms.csv?to=2026-10-02');
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
    t.ok(res.body.startsWith(BOM), 'UTF-8 with a byte-order mark');
    t.ok(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])));
    const rows = lines(res.body.slice(1));
    t.equal(
      rows[0],
      'Form ID,Title,Training type,Training date,Duration (minutes),Trainer,Location,Reference document,' +
        'Reference revision,Trainees,Created by,Last changed (UTC)',
    );
    t.equal(
      rows[2],
      `${ids[0]},"'=HYPERLINK(""http://evil"")",Classroom,2026-10-01,90,Grace Weber,Cleanroom 2,SOP-CR-004,C,` +
        'Anna Schmidt; Jürgen Müller,alice,2026-11-24 08:00:00',
      'text neutralised, names in UTF-8, the moment as YYYY-MM-DD HH:MM:SS',
    );
    t.equal(rows.length, 3);

    const semicolon = await alice.get('/forms.csv?to=2026-10-02&delimiter=semicolon');
    const semi = lines(semicolon.body.slice(1));
    t.match(semi[0], /^Form ID;Title;Training type;Training date;/);
    t.match(semi[2], /;"Anna Schmidt; Jürgen Müller";/, 'a cell holding ; is quoted');

    const tab = await alice.get('/forms.csv?to=2026-10-02&delimiter=tab');
    t.match(lines(tab.body.slice(1))[0], /^Form ID\tTitle\t/);
    t.equal((await alice.get('/forms.csv?delimiter=pipe')).statusCode, 400, 'an unknown separator is refused');
  });

  await t.test('CSV: one row per trainee, with the same filters, for a pivot table', async (t) => {
    const res = await alice.get('/attendance.csv?to=2026-10-02&delimiter=semicolon');
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-disposition'], /^attachment; filename="training-attendance-\d{4}-\d{2}-\d{2}\.csv"$/);
    t.ok(res.body.startsWith(BOM));
    t.same(lines(res.body.slice(1)), [
      'Form ID;Title;Training date;Reference document;Reference revision;Trainee;Email;Employee ID;Department',
      `${ids[1]};Session 02;2026-10-02;SOP-CR-004;C;Anna Schmidt;anna@example.com;${anna};Quality Assurance`,
      `${ids[0]};"'=HYPERLINK(""http://evil"")";2026-10-01;SOP-CR-004;C;Anna Schmidt;anna@example.com;${anna};` +
        'Quality Assurance',
      `${ids[0]};"'=HYPERLINK(""http://evil"")";2026-10-01;SOP-CR-004;C;Jürgen Müller;juergen.mueller@example.com;` +
        `${mueller!.id};'-Night shift`,
    ]);
    const home = await alice.get('/?to=2026-10-02');
    t.match(home.body, /href="\/attendance.csv\?to=2026-10-02">one row per trainee</);
    t.match(home.body, /href="\/forms.csv\?to=2026-10-02&amp;delimiter=semicolon">forms</);
  });

  await t.test('the trash shows when the cleanup will purge each form', async (t) => {
    await services.forms.softDelete(ids[5]!, 'boss');
    clock.advance(10 * 60_000);
    const trash = await boss.get('/trash');
    t.match(trash.body, /more than 30 days/, 'the retention, from SOFT_DELETE_RETENTION_DAYS');
    t.notMatch(trash.body, /stay here until they are restored/);
    t.match(
      trash.body,
      /<td data-label="Purged after \(UTC\)">2026-12-24 08:00<\/td>/,
      'deleted 2026-11-24 08:00 UTC + 30 days',
    );
    const detail = await boss.get(`/trash/${ids[5]}`);
    t.match(detail.body, /purged by the nightly cleanup after 2026-12-24 08:00 UTC/);
    await services.forms.restore(ids[5]!, 'boss');
  });

  await t.test('a reversed date range says so next to the field', async (t) => {
    const res = await alice.get('/?from=2026-10-20&to=2026-10-10');
    t.equal(res.statusCode, 200);
    t.match(res.body, /<p class="field-error" id="to-error">Before the From date \(2026-10-20\)/);
    t.match(res.body, /id="to" name="to" type="date" value="2026-10-10"/, 'both dates kept');
    t.notMatch((await alice.get('/?from=2026-10-10&to=2026-10-10')).body, /id="to-error"/, 'one day is a range');
  });

  await t.test('a far-future training date is questioned, the answer kept, and saved once confirmed', async (t) => {
    await alice.get('/forms/new');
    const body = formBody([anna], { title: 'Planned refresher', trainingDate: '2027-06-01' });
    const asked = await alice.post('/forms', body);
    t.equal(asked.statusCode, 422);
    t.match(fieldError(asked.body, 'trainingDateConfirmed'), /more than 90 days from today \(2026-11-24\)/);
    t.match(asked.body, /name="trainingDateConfirmed" value="yes" aria-invalid="true"/, 'unticked, next to the date');
    t.match(asked.body, /id="f-trainingDate" name="trainingDate" type="date" value="2027-06-01"/, 'nothing lost');
    t.notMatch((await alice.get('/forms/new')).body, /trainingDateConfirmed/, 'not asked before it matters');
    const saved = await alice.post('/forms', { ...body, trainingDateConfirmed: 'yes' });
    t.equal(saved.statusCode, 303);
    const other = await alice.post('/forms', { ...body, title: '', trainingDateConfirmed: 'yes' });
    t.equal(other.statusCode, 422);
    t.match(other.body, /name="trainingDateConfirmed" value="yes" checked>/, 'a given answer is kept on another error');
  });
});
