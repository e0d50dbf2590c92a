import t from 'tap';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client, formBody, startTestApp } from '../../helpers/http-app.ts';

// Issue 18, people on the pages: two employees of the same name must be told apart wherever a person
// is picked or shown (the seed has four "Anna Schmidt"), and a typed trainee name filters the list.

/** Two more "Anna Schmidt": the test app's has no job title, these two have one each. */
const namesakes = [
  { email: 'anna.schmidt2@example.com', department: 'Production', jobTitle: 'Operator' },
  { email: null, department: 'Maintenance', jobTitle: 'Technician' },
].map((p, i) => ({
  directoryId: `namesake-${i}`,
  displayName: 'Anna Schmidt',
  userPrincipalName: null,
  active: true,
  lastSyncedAt: null,
  ...p,
}));

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await startTestApp(ctx.settings);
  t.teardown(() => env.close());
  await env.services.employees.upsert(namesakes);
  const rows = await env.services.database.db
    .selectFrom('employees')
    .select(['id', 'email'])
    .where('display_name', '=', 'Anna Schmidt')
    .orderBy('id')
    .execute();
  const [anna, operator, technician] = rows.map((r) => r.id);
  const alice = new Client(env.app);
  await alice.signIn('alice');

  await t.test('the type-ahead and the no-JS Find give each namesake the same details', async (t) => {
    const json = JSON.parse((await alice.get('/employees/search?q=anna', { accept: 'application/json' })).body);
    t.same(json.employees, [
      { id: anna, displayName: 'Anna Schmidt', details: 'Quality Assurance · anna@example.com' },
      { id: operator, displayName: 'Anna Schmidt', details: 'Operator · Production · anna.schmidt2@example.com' },
      { id: technician, displayName: 'Anna Schmidt', details: `Technician · Maintenance · employee no. ${technician}` },
    ]);
    const found = await alice.post('/forms', { ...formBody([]), _action: 'find-trainees', traineeSearch: 'anna' });
    for (const e of json.employees)
      t.match(
        found.body,
        `value="${e.id}"> Anna Schmidt <span class="muted">(${e.details})</span>`,
        `Find writes ${e.details} as the type-ahead does`,
      );
  });

  await t.test('the detail page, the chosen trainees and the list tell the namesakes apart', async (t) => {
    const made = await alice.post('/forms', formBody([operator!, technician!]));
    const id = Number(/\/forms\/(\d+)/.exec(String(made.headers.location))?.[1]);
    const detail = (await alice.get(`/forms/${id}`)).body;
    t.match(detail, '(Operator · Production · anna.schmidt2@example.com)');
    t.match(detail, `(Technician · Maintenance · employee no. ${technician})`);
    const edit = (await alice.get(`/forms/${id}/edit`)).body;
    t.match(edit, `value="${operator}" checked> Anna Schmidt <span class="muted">(Operator · Production`);
    const chosen = (await alice.get(`/?trainee=${technician}`)).body;
    t.match(chosen, `<span class="chip">Anna Schmidt <span class="muted">(Technician · Maintenance`);
  });

  await t.test('a typed trainee name filters the list by everyone it matches, with the real count', async (t) => {
    // 24 more people named Anna (one of them has left), 27 in all: more than the 20 offered.
    const extra = (i: number, active = true) => ({
      directoryId: `anna-${i}`,
      displayName: `Anna Extra ${String(i).padStart(2, '0')}`,
      email: null,
      userPrincipalName: null,
      department: null,
      jobTitle: null,
      active,
      lastSyncedAt: null,
    });
    await env.services.employees.upsert(Array.from({ length: 24 }, (_, i) => extra(i)));
    const [leftAnna] = await env.services.database.db
      .selectFrom('employees')
      .select('id')
      .where('display_name', '=', 'Anna Extra 00')
      .execute();
    const ben = env.employeeIds['Ben Rossi']!;
    for (const [title, trainees] of [
      ['Only Ben', [ben]],
      ['With Anna', [ben, anna!]],
      ['With Anna who left', [leftAnna!.id]],
    ] as const) {
      await env.services.forms.create(formBody([...trainees], { title, trainingDate: '2026-05-01' }), 'alice');
    }
    await env.services.employees.upsert([extra(0, false)]); // Anna Extra 00 leaves after her training
    const list = (await alice.get('/?traineeName=ANNA&from=2026-05-01&to=2026-05-01')).body;
    const titles = [...list.matchAll(/<td><a href="\/forms\/\d+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);
    t.same(titles.sort(), ['With Anna', 'With Anna who left'], 'forms of every Anna, not of Ben');
    t.match(list, 'Showing the forms of all 27 people whose name or email contains “ANNA”');
    t.equal([...list.matchAll(/<li><a href="\/\?[^"]*trainee=\d+/g)].length, 20, '20 offered to narrow to one');
    t.match(list, 'and 7 more: type more of the name to narrow the list.');
    t.match(list, `trainee=${leftAnna!.id}"`, 'a person who left is offered too, marked');
    t.match(list, /<span class="badge">left<\/span>/);
    const csv = (await alice.get('/forms.csv?traineeName=anna&from=2026-05-01&to=2026-05-01')).body;
    t.match(csv, 'With Anna');
    t.notMatch(csv, 'Only Ben', 'the export filters the same way');
    const none = (await alice.get('/?traineeName=zzz')).body;
    t.match(none, 'No employee matches “zzz”, so no form does.');
    t.match(none, 'No forms match');
  });

  await t.test('a stale edit says who saved, "you" in another tab, and marks the fields that differ', async (t) => {
    const made = await alice.post('/forms', formBody([anna!], { title: 'Stale edit', trainer: 'Same Trainer' }));
    const id = Number(/\/forms\/(\d+)/.exec(String(made.headers.location))?.[1]);
    const saveAs = (client: Client, change: Record<string, string>, traineeIds: number[], version: string) =>
      client.post(`/forms/${id}`, {
        ...formBody(traineeIds, { title: 'Stale edit', trainer: 'Same Trainer', ...change }),
        version,
      });
    t.equal((await saveAs(alice, { title: 'Saved in tab 1' }, [anna!], '1')).statusCode, 303);
    const tab2 = await saveAs(alice, { location: 'Room 2' }, [anna!, operator!], '1');
    t.equal(tab2.statusCode, 409);
    t.match(tab2.body, 'You saved this form in another tab or window while editing here');
    t.notMatch(tab2.body, /Someone else/);
    const marked = [...tab2.body.matchAll(/<dt class="differs">([^<]+) <span class="badge">differs/g)].map((m) => m[1]);
    t.same(marked, ['Title', 'Location', 'Trainees'], 'the fields where the saved version is not what I typed');
    t.match(tab2.body, 'the 3 fields where the saved version differs from yours');
    t.match(tab2.body, '<dt>Trainer</dt><dd>Same Trainer</dd>', 'an equal field is not marked');

    const bob = new Client(env.app);
    await bob.signIn('bob');
    const other = await saveAs(bob, { title: 'Saved in tab 1' }, [anna!], '1');
    t.match(other.body, 'alice saved this form while you were editing');
    t.match(other.body, 'The saved version has the same values as yours.');
  });
});
