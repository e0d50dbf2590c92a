import t from 'tap';
import { Client, formBody } from '../../helpers/http-app.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const rowTitles = (html: string) =>
  [...html.matchAll(/<td><a href="\/forms\/\d+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);

/**
 * The list's sorting (issue #18, item 15): text columns start A→Z, the trainee count sorts and stays
 * true after edits. Its document filter (item 17): part of the reference, and the revision.
 */
await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await buildTestApp(t, ctx.settings);
  const { services, employeeIds } = env;
  const people = ['Anna Schmidt', 'Ben Rossi', 'Chiara Nguyen', 'David Kowalski'].map((n) => employeeIds[n]!);
  const two = await services.forms.create(formBody(people.slice(0, 2), { title: 'Two' }), 'alice');
  await services.forms.create(formBody(people.slice(0, 3), { title: 'Three' }), 'alice');
  await services.forms.create(formBody(people.slice(0, 1), { title: 'One' }), 'alice');
  const alice = new Client(env.app);
  await alice.signIn('alice');

  await t.test(
    'the first click on a text column sorts A→Z; dates and the trainee count start largest first',
    async (t) => {
      const list = await alice.get('/');
      for (const field of ['title', 'trainingType', 'trainer'])
        t.match(list.body, `href="/?sort=${field}&amp;dir=asc"`, `${field} starts ascending`);
      t.match(list.body, 'href="/?sort=traineeCount"', 'the trainee count starts descending');
      t.match(list.body, 'href="/?dir=asc"', 'the sorted date column flips');
      const byTitle = await alice.get('/?sort=title&dir=asc');
      t.same(rowTitles(byTitle.body), ['One', 'Three', 'Two']);
    },
  );

  await t.test('the trainee count sorts, both ways, and follows an edit', async (t) => {
    const desc = await alice.get('/?sort=traineeCount');
    t.same(rowTitles(desc.body), ['Three', 'Two', 'One']);
    t.match(
      desc.body,
      /<th scope="col" aria-sort="descending">\s*<a href="\/\?sort=traineeCount&amp;dir=asc">Trainees/,
    );
    t.same(rowTitles((await alice.get('/?sort=traineeCount&dir=asc')).body), ['One', 'Two', 'Three']);
    await services.forms.update(two.id, two.version, formBody(people, { title: 'Two' }), 'alice');
    t.same(rowTitles((await alice.get('/?sort=traineeCount')).body), ['Two', 'Three', 'One'], 'Two now has four');
    t.match((await alice.get('/?sort=traineeCount')).body, /<td class="num" data-label="Trainees">4<\/td>/);
  });

  await t.test('the list filters by document reference and revision, and so does its CSV', async (t) => {
    const reference = (title: string, referenceDocument: string, referenceRevision: string) =>
      services.forms.create(formBody(people.slice(0, 1), { title, referenceDocument, referenceRevision }), 'alice');
    await reference('Gowning B', 'SOP-CR-004', 'B');
    await reference('Gowning C', 'SOP-CR-004', 'C');
    await reference('Weighing', 'WI-007', 'c');
    const byTitle = (query: string) => alice.get(`/?sort=title&dir=asc&${query}`).then((r) => rowTitles(r.body));
    t.same(await byTitle('document=cr-004'), ['Gowning B', 'Gowning C'], 'part of the reference, any case');
    t.same(await byTitle('document=cr-004&revision=c'), ['Gowning C'], 'and the revision');
    t.same(await byTitle('document=SOP&revision=C'), ['Gowning C', 'One', 'Three', 'Two'], 'SOP-0042 rev C too');
    t.same(await byTitle('revision=C'), ['Gowning C', 'One', 'Three', 'Two', 'Weighing'], 'a revision in any case');
    t.same(await byTitle('revision=C%25'), [], 'the revision is whole, not a pattern');
    t.same(await byTitle('document=100%25'), [], 'LIKE characters are text');

    const page = await alice.get('/?document=cr-004&revision=C');
    t.match(page.body, /<input id="document" name="document" value="cr-004"/, 'the fields keep the filter');
    t.match(page.body, /<input id="revision" name="revision" value="C"/);
    t.match(page.body, 'href="/forms.csv?document=cr-004&amp;revision=C"', 'the CSV link carries it');
    t.match((await alice.get('/?document=nothing-like-it')).body, /No forms match/);
    const csv = await alice.get('/forms.csv?document=cr-004&revision=C');
    const rows = csv.body.slice(1).trimEnd().split(/\r?\n/);
    t.equal(rows.length, 2, 'a heading and one form');
    t.match(rows[1], /,Gowning C,.*,SOP-CR-004,C,/);
    const attendance = await alice.get('/attendance.csv?document=wi-007');
    t.match(attendance.body, /Weighing/);
    t.notMatch(attendance.body, /Gowning/);
  });
});
