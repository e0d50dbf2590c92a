import t from 'tap';
import { Client, formBody } from '../../helpers/http-app.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const rowTitles = (html: string) =>
  [...html.matchAll(/<td><a href="\/forms\/\d+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);

/**
 * The list's sorting (issue #18, item 15): text columns start A→Z, the trainee count sorts and stays
 * true after edits.
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
    t.match((await alice.get('/?sort=traineeCount')).body, /<td class="num">4<\/td>/);
  });
});
