import t, { type Test } from 'tap';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { Client, fieldError, formBody } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const idFrom = (location: unknown) => Number(/^\/forms\/(\d+)/.exec(String(location))?.[1]);
const rowTitles = (html: string) =>
  [...html.matchAll(/<td><a href="\/forms\/\d+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);

/** What the behaviours below share on one dialect (made once per dialect, in this order). */
async function fixtureFor(t: Test, ctx: DialectContext) {
  const env = await buildTestApp(t, ctx.settings);
  const { app, employeeIds } = env;
  const anna = employeeIds['Anna Schmidt']!;
  const ben = employeeIds['Ben Rossi']!;
  const chiara = employeeIds['Chiara Nguyen']!;
  const alice = new Client(app);
  /** The form the workflow creates, for the steps after it. */
  const created = { formId: 0 };
  return { ctx, env, app, employeeIds, anna, ben, chiara, alice, created };
}
type Fixture = Awaited<ReturnType<typeof fixtureFor>>;

/** One behaviour per entry, run in this order on one fixture per dialect. */
const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>])[] = [
  [
    'anonymous visitors are sent to the sign-in page, keeping where they wanted to go',
    async (t, { app }) => {
      const res = await app.inject('/forms/new');
      t.equal(res.statusCode, 303);
      t.equal(res.headers.location, '/login?next=%2Fforms%2Fnew');
    },
  ],
  [
    'development sign-in creates a session in the database',
    async (t, { env, alice }) => {
      const login = await alice.get('/login?next=%2Fforms%2Fnew');
      t.match(login.body, /<label for="username">Username<\/label>/);
      t.match(login.body, /name="next" value="\/forms\/new"/);
      const res = await alice.post('/login', { username: 'Alice', next: '/forms/new' });
      t.equal(res.statusCode, 303);
      t.equal(res.headers.location, '/forms/new');
      const cookie = String([res.headers['set-cookie']].flat().find((c) => String(c).startsWith('tf_session=')));
      t.match(cookie, /HttpOnly/);
      t.match(cookie, /SameSite=Lax/);
      t.notMatch(cookie, /Secure/, 'plain http in test: not Secure');
      const rows = await env.services.database.db.selectFrom('sessions').select(['id', 'username']).execute();
      t.same(
        rows.map((r) => r.username),
        ['alice'],
      );
      t.not(rows[0]!.id, alice.cookies.get('tf_session')!.split('.')[0], 'the table holds a hash, not the token');
      const home = await alice.get('/');
      t.equal(home.statusCode, 200);
      t.match(home.body, /No training forms yet/);
      t.match(home.body, />alice</);
    },
  ],
  [
    'invalid input is shown next to each field with the values kept',
    async (t, { env, alice }) => {
      await alice.get('/forms/new');
      const res = await alice.post(
        '/forms',
        formBody([], { title: '', trainingDate: '2026-02-30', durationMinutes: 'ten', trainer: 'Kept <Trainer>' }),
      );
      t.equal(res.statusCode, 422);
      t.equal(fieldError(res.body, 'title'), 'Enter the title.');
      t.match(fieldError(res.body, 'trainingDate'), /real date/);
      t.match(fieldError(res.body, 'durationMinutes'), /whole number/);
      t.match(res.body, /id="trainees-error">Choose at least one trainee/);
      t.match(
        res.body,
        /id="f-trainer" name="trainer" type="text" value="Kept &lt;Trainer&gt;"/,
        'value kept and escaped',
      );
      t.match(res.body, /value="2026-02-30"/);
      t.match(res.body, /aria-invalid="true" aria-describedby="f-title-error"/);
      const summary = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(res.body);
      t.match(summary?.[0], /tabindex="-1" autofocus/, 'the summary takes the focus, without script');
      t.same(
        [...(summary?.[1] ?? '').matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]),
        [
          ['f-title', 'Enter the title.'],
          ['f-trainingDate', fieldError(res.body, 'trainingDate')],
          ['f-durationMinutes', fieldError(res.body, 'durationMinutes')],
          ['traineeSearch', 'Choose at least one trainee.'],
        ],
        'each message links to its field, in the order of the page',
      );
      const count = await env.services.database.db
        .selectFrom('training_forms')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      t.equal(Number(count.n), 0, 'nothing stored');
    },
  ],
  [
    'the trainee finder works without JavaScript and keeps what was typed',
    async (t, { anna, ben, alice }) => {
      const res = await alice.post('/forms', { ...formBody([anna]), _action: 'find-trainees', traineeSearch: 'ben' });
      t.equal(res.statusCode, 200);
      t.match(res.body, new RegExp(`name="traineeIds" value="${anna}" checked`), 'chosen trainee stays ticked');
      t.match(res.body, new RegExp(`name="traineeIds" value="${ben}"> Ben Rossi`), 'match offered unticked');
      t.match(res.body, /value="Cleanroom gowning"/);
      const none = await alice.post('/forms', { ...formBody([]), _action: 'find-trainees', traineeSearch: 'zzz' });
      t.match(none.body, /No employee matches “zzz”/);
      const chosen = await alice.post('/forms', {
        ...formBody([anna]),
        _action: 'find-trainees',
        traineeSearch: 'anna',
      });
      t.match(chosen.body, /Everyone matching “anna” is already chosen\./, 'not "no employee matches"');
      t.notMatch(chosen.body, /No employee matches/);
      const json = await alice.get('/employees/search?q=chi', { accept: 'application/json' });
      t.same(
        JSON.parse(json.body).employees.map((e: { displayName: string }) => e.displayName),
        ['Chiara Nguyen'],
      );
    },
  ],
  [
    'a valid form is created with two trainees and shown on its detail page',
    async (t, { env, anna, ben, alice, created }) => {
      const res = await alice.post('/forms', formBody([anna, ben]));
      t.equal(res.statusCode, 303);
      created.formId = idFrom(res.headers.location);
      t.ok(created.formId > 0);
      t.equal(res.headers.location, `/forms/${created.formId}`, 'the notice is not in the URL');
      const [session] = await env.services.database.db.selectFrom('sessions').select('data').execute();
      t.match(JSON.parse(session!.data), { notice: 'The training form was created.' }, 'kept in the session');
      const page = await alice.get(`/forms/${created.formId}`);
      t.equal(page.statusCode, 200);
      t.match(page.body, /<p class="notice" role="status">The training form was created.<\/p>/);
      const [after] = await env.services.database.db.selectFrom('sessions').select('data').execute();
      t.notOk('notice' in JSON.parse(after!.data), 'taken from the session as it is shown');
      const reload = await alice.get(`/forms/${created.formId}`);
      t.notMatch(reload.body, /The training form was created/, 'a reload does not show it again');
      t.notMatch((await alice.get(`/forms/${created.formId}?notice=created`)).body, /was created/, 'nor an old URL');
      t.match(page.body, /Gowning steps &amp; checks &lt;b&gt;bold\?&lt;\/b&gt;/, 'user text escaped');
      t.match(page.body, /Anna Schmidt/);
      t.match(page.body, /Ben Rossi/);
      t.match(page.body, /<strong>alice<\/strong> created the form/);
      const list = await alice.get('/');
      t.match(
        list.body,
        new RegExp(
          `<a href="/forms/${created.formId}">[^<]+</a></td>(?:\\s*<td[^>]*>[^<]*(?:<time[^>]*>[^<]*</time>)?</td>){3}\\s*<td[^>]*>(?:<span[^>]*>[^<]*</span>\\s*)*</td>\\s*<td class="num"[^>]*>2</td>`,
        ),
        'the list row counts its two trainees',
      );
    },
  ],
  [
    'a trainee no longer in the directory cannot be added',
    async (t, { employeeIds, alice }) => {
      const res = await alice.post('/forms', formBody([employeeIds['Old Timer']!]));
      t.equal(res.statusCode, 422);
      t.match(res.body, /No longer in the directory: Old Timer/);
    },
  ],
  [
    'list: search, filters, sort, paging and page size live in the URL',
    async (t, { env, anna, ben, chiara, alice }) => {
      const types = ['Classroom', 'On-the-job', 'E-learning'];
      for (let i = 1; i <= 11; i++) {
        const res = await alice.post(
          '/forms',
          formBody([i % 2 ? chiara : ben], {
            title: `Batch ${String(i).padStart(2, '0')} ${i === 7 ? 'forklift safety' : 'GMP refresher'}`,
            trainingType: types[i % 3]!,
            trainingDate: `2026-10-${String(i).padStart(2, '0')}`,
            trainer: i % 4 === 0 ? 'Hiro Tanaka' : 'Grace Weber',
            description: '',
          }),
        );
        t.equal(res.statusCode, 303);
      }
      const first = await alice.get('/?size=10');
      t.equal(rowTitles(first.body).length, 10);
      t.equal(rowTitles(first.body)[0], 'Cleanroom gowning', 'newest training date first');
      t.match(first.body, /Page 1 of 2 \(12 forms\)/);
      t.match(first.body, /href="\/\?page=2&amp;size=10"/, 'next link keeps the page size');
      const second = await alice.get('/?page=2&size=10');
      t.same(rowTitles(second.body), ['Batch 02 GMP refresher', 'Batch 01 GMP refresher']);

      t.same(rowTitles((await alice.get('/?q=forklift')).body), ['Batch 07 forklift safety']);
      // Text searches page through cached match ids: pages are disjoint, totals exact, writes seen at once.
      const g1 = await alice.get('/?q=GMP&size=10');
      t.match(g1.body, /Page 1 of 1 \(10 forms\)/);
      const [b1, b2] = [await alice.get('/?q=Batch&size=10'), await alice.get('/?q=Batch&size=10&page=2')];
      t.equal(new Set([...rowTitles(b1.body), ...rowTitles(b2.body)]).size, 11, 'pages are disjoint');
      const asc = rowTitles((await alice.get('/?q=GMP&size=10&sort=title&dir=asc')).body);
      t.same(asc, [...asc].sort(), 'sorted by title');
      await alice.post(
        '/forms',
        formBody([ben], { title: 'Batch 12 GMP refresher', trainingDate: '2026-10-20', description: '' }),
      );
      t.equal(
        rowTitles((await alice.get('/?q=GMP&size=10')).body)[0],
        'Batch 12 GMP refresher',
        'a new match shows at once',
      );
      const newest = await env.services.forms.list({ text: 'Batch 12' });
      await env.services.forms.softDelete(newest.items[0]!.id, 'alice');
      t.notMatch((await alice.get('/?q=GMP&size=10')).body, /Batch 12/, 'a deleted match disappears at once');
      t.equal(rowTitles((await alice.get('/?trainer=tanaka')).body).length, 2);
      t.same(rowTitles((await alice.get('/?type=On-the-job&from=2026-10-01&to=2026-10-05')).body), [
        'Batch 04 GMP refresher',
        'Batch 01 GMP refresher',
      ]);
      const byTrainee = await alice.get(`/?trainee=${anna}`);
      t.same(rowTitles(byTrainee.body), ['Cleanroom gowning']);
      t.match(byTrainee.body, /class="chip">Anna Schmidt/);
      const sorted = await alice.get('/?sort=title&dir=asc&size=10');
      t.equal(rowTitles(sorted.body)[0], 'Batch 01 GMP refresher');
      t.match(sorted.body, /aria-sort="ascending"/);
      t.match(sorted.body, /href="\/\?sort=title&amp;size=10"/, 'clicking the sorted column again flips to descending');
      const byName = await alice.get('/?traineeName=chiara');
      t.match(byName.body, new RegExp(`href="/\\?trainee=${chiara}">Chiara Nguyen`), 'trainee name offers a choice');
      const none = await alice.get('/?q=nothing-like-this');
      t.match(none.body, /No forms match/);
      const badDate = await alice.get('/?from=2026-13-45');
      t.equal(badDate.statusCode, 200);
      t.match(badDate.body, /Not a date/);
      t.equal(rowTitles(badDate.body).length, 12, 'a bad filter is ignored, not fatal');
    },
  ],
  [
    'CSV export of the current filtered list',
    async (t, { alice }) => {
      const res = await alice.get('/forms.csv?trainer=tanaka');
      t.equal(res.statusCode, 200);
      t.match(res.headers['content-type'], /text\/csv/);
      t.match(res.headers['content-disposition'], /^attachment; filename="training-forms-\d{4}-\d{2}-\d{2}\.csv"$/);
      t.ok(res.body.startsWith('\uFEFF'), 'a byte-order mark, for Excel');
      const lines = res.body.slice(1).trim().split('\n');
      t.equal(
        lines[0],
        'Form ID,Title,Training type,Training date,Duration (minutes),Trainer,Location,Reference document,' +
          'Reference revision,Trainees,Created by,Last changed (UTC)',
      );
      t.equal(lines.length, 3);
      t.match(lines[1], /Batch 08 GMP refresher/);
      const all = await alice.get('/forms.csv');
      t.equal(all.body.trim().split('\n').length, 13);
      t.match(all.body, /Anna Schmidt; Ben Rossi/);
    },
  ],
  [
    'edit, then a stale edit keeps both versions',
    async (t, { env, app, anna, ben, alice, created }) => {
      const edit = await alice.get(`/forms/${created.formId}/edit`);
      t.match(edit.body, /name="version" value="1"/);
      const saved = await alice.post(`/forms/${created.formId}`, {
        ...formBody([anna, ben], { title: 'Cleanroom gowning v2' }),
        version: '1',
      });
      t.equal(saved.statusCode, 303);
      t.equal(saved.headers.location, `/forms/${created.formId}`);
      const bob = new Client(app);
      await bob.signIn('bob');
      const stale = await bob.post(`/forms/${created.formId}`, {
        ...formBody([anna], { title: 'Bob was here' }),
        version: '1',
      });
      t.equal(stale.statusCode, 409);
      t.match(stale.body, /alice saved this form while you were editing/);
      t.match(
        stale.body,
        /<dt class="differs">Title <span class="badge">differs<\/span><\/dt><dd class="differs">Cleanroom gowning v2<\/dd>/,
        'their version shown',
      );
      t.match(
        stale.body,
        /id="f-title" name="title" type="text" value="Bob was here"/,
        'my version kept in the fields',
      );
      t.match(stale.body, /name="version" value="2"/, 'saving again is a deliberate overwrite');
      const current = await env.services.forms.get(created.formId);
      t.equal(current.title, 'Cleanroom gowning v2', 'nothing overwritten');
      const again = await bob.post(`/forms/${created.formId}`, {
        ...formBody([anna], { title: 'Bob was here' }),
        version: '2',
      });
      t.equal(again.statusCode, 303);
      const detail = await bob.get(`/forms/${created.formId}`);
      t.match(detail.body, /<strong>alice<\/strong> edited/);
      t.match(detail.body, /<strong>bob<\/strong> edited/);
    },
  ],
  [
    'missing forms get a friendly 404 page',
    async (t, { anna, alice }) => {
      for (const url of ['/forms/999999', '/forms/abc', `/forms/999999/edit`, '/no/such/page']) {
        const res = await alice.get(url);
        t.equal(res.statusCode, 404, url);
        t.match(res.body, /<h1>Page not found<\/h1>/);
        t.notMatch(res.body, /node_modules|\/work\/|at .*\.ts:\d+/);
      }
      const stalePost = await alice.post('/forms/999999', { ...formBody([anna]), version: '1' });
      t.equal(stalePost.statusCode, 404);
    },
  ],
  [
    'declared inputs: a malformed request gets a clear 400 (or a 404 for a path), never a 500',
    async (t, { env, alice, anna, created }) => {
      const formId = created.formId;
      const refused = (res: { statusCode: number; body: string }, status: number, why: RegExp | null, what: string) => {
        t.equal(res.statusCode, status, what);
        t.match(
          res.body,
          { 400: /<h1>Bad request<\/h1>/, 403: /<h1>Not allowed<\/h1>/, 404: /<h1>Page not found<\/h1>/ }[status]!,
          what,
        );
        if (why) t.match(res.body, why, `${what}: says what was wrong`);
        t.notMatch(res.body, /node_modules|\/work\/|at .*\.ts:\d+/, `${what}: leaks nothing`);
      };
      for (const url of [`/forms/0`, `/forms/1e99/edit`, `/forms/${formId}/attachments/x`, '/static/..%2Fapp.css'])
        refused(await alice.get(url), 404, null, url);
      refused(await alice.post(`/forms/${formId}/attachments/abc/delete`), 404, null, 'attachment id not a number');

      refused(await alice.get('/?page=abc'), 400, /querystring\/page must be integer/, 'page not a number');
      refused(
        await alice.get('/?sort=password'),
        400,
        /querystring\/sort must be equal to one of the allowed values/,
        'unknown sort',
      );
      refused(
        await alice.get('/forms.csv?size=ten'),
        400,
        /querystring\/size must be integer/,
        'CSV size not a number',
      );
      refused(await alice.get('/?q=a&q=b'), 400, /querystring\/q must be string/, 'a search given twice');
      t.match(
        (await alice.get('/?page=0&size=7')).body,
        /Page 1 of/,
        'a number out of range still falls back (the rule, not the shape)',
      );
      const json = await alice.get('/employees/search?q=a&q=b', { accept: 'application/json' });
      t.equal(json.statusCode, 400);
      t.match(JSON.parse(json.body), { error: { code: 'BAD_REQUEST', message: /querystring\/q must be string/ } });

      const before = await env.services.forms.get(formId);
      const twoTitles = { ...formBody([anna], { version: String(before.version) }), title: ['One', 'Two'] };
      refused(
        await alice.post(`/forms/${formId}`, twoTitles),
        400,
        /body\/title must be string/,
        'a field given twice',
      );
      refused(
        await alice.post(`/forms/${formId}`, { ...formBody([anna]), version: 'latest' }),
        400,
        /body\/version must be integer/,
        'version not a number',
      );
      t.equal(
        (await alice.post(`/forms/${formId}`, { ...twoTitles, _csrf: 'forged' })).statusCode,
        403,
        'the CSRF check comes before the shape',
      );
      t.equal((await env.services.forms.get(formId)).title, before.title, 'nothing saved');
      refused(
        await alice.post('/admin/users', { username: ['a', 'b'] }),
        403,
        null,
        'access before shape: not an admin',
      );
    },
  ],
  [
    'soft delete, trash for admins only, restore and purge',
    async (t, { env, app, alice, created }) => {
      const confirm = await alice.get(`/forms/${created.formId}/delete`);
      t.match(confirm.body, /Move to trash/);
      const del = await alice.post(`/forms/${created.formId}/delete`);
      t.equal(del.statusCode, 303);
      t.equal(del.headers.location, '/');
      t.notMatch((await alice.get('/')).body, /Bob was here/);
      t.notMatch((await alice.get('/forms.csv')).body, /Bob was here/);
      t.equal((await alice.get(`/forms/${created.formId}`)).statusCode, 404);
      const row = await env.services.database.db
        .selectFrom('training_forms')
        .select(['deleted', 'deleted_by'])
        .where('id', '=', created.formId)
        .executeTakeFirstOrThrow();
      t.equal(Number(row.deleted), 1);
      t.equal(row.deleted_by, 'alice');

      const forbidden = await alice.get('/trash');
      t.equal(forbidden.statusCode, 403);
      t.match(forbidden.body, /<h1>Not allowed<\/h1>/);
      t.equal((await alice.post(`/trash/${created.formId}/restore`)).statusCode, 403);

      const boss = new Client(app);
      await boss.signIn('boss');
      const trash = await boss.get('/trash');
      t.equal(trash.statusCode, 200);
      t.match(trash.body, /Bob was here/);
      t.match(trash.body, /<td data-label="Deleted by">alice<\/td>/, 'who deleted it');
      t.match((await boss.get('/trash?q=nothing')).body, /Nothing in the trash matches/);
      const restored = await boss.post(`/trash/${created.formId}/restore`);
      t.equal(restored.headers.location, `/forms/${created.formId}`);
      t.match((await boss.get('/')).body, /Bob was here/);
      t.equal((await boss.post(`/trash/${created.formId}/restore`)).statusCode, 409, 'restoring twice is refused');

      await boss.post(`/forms/${created.formId}/delete`);
      const purgeConfirm = await boss.get(`/trash/${created.formId}/purge`);
      t.match(purgeConfirm.body, /cannot be undone/);
      const purged = await boss.post(`/trash/${created.formId}/purge`);
      t.equal(purged.headers.location, '/trash');
      const gone = await env.services.database.db
        .selectFrom('training_forms')
        .select('id')
        .where('id', '=', created.formId)
        .execute();
      t.same(gone, []);
      const history = await boss.get(`/trash/${created.formId}`);
      t.equal(history.statusCode, 404);
    },
  ],
];

await forEachDialect(t, async (t, _handle, ctx) => {
  const fx = await fixtureFor(t, ctx);
  for (const [name, behaviour] of BEHAVIOURS) await t.test(name, (t) => behaviour(t, fx));
});
