import t from 'tap';
import { Client, formBody } from '../../helpers/http-app.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const rowTitles = (html: string) =>
  [...html.matchAll(/<td><a href="\/forms\/\d+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);
const link = (html: string, rel: 'next' | 'prev') =>
  new RegExp(`<a rel="${rel}" href="([^"]*)"`).exec(html)?.[1]?.replaceAll('&amp;', '&') ?? null;

/**
 * The list's Next and Previous carry a position in the default sort (docs/pages.md, "Paging"): the
 * pages they lead to are the numbered pages, bookmarks by number still work, a malformed position
 * is refused, other sorts page by number.
 */
await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await buildTestApp(t, ctx.settings);
  const { services, employeeIds } = env;
  const anna = employeeIds['Anna Schmidt']!;
  // 23 forms over four dates, most on one day, so pages split ties on the date.
  const dates = ['2026-11-20', '2026-11-19', '2026-11-19', '2026-11-19', '2026-10-01'];
  const titles: string[] = [];
  for (let i = 0; i < 23; i++) {
    const title = `Session ${String(i).padStart(2, '0')}`;
    titles.push(title);
    const trainingType = i % 2 === 0 ? 'Classroom' : 'E-learning';
    await services.forms.create(formBody([anna], { title, trainingDate: dates[i % 5]!, trainingType }), 'alice');
  }
  const order = [...titles.keys()]
    .sort((a, b) => (dates[b % 5]! < dates[a % 5]! ? -1 : dates[b % 5]! > dates[a % 5]! ? 1 : b - a))
    .map((i) => titles[i]);
  const alice = new Client(env.app);
  await alice.signIn('alice');

  await t.test('Next and Previous carry the position; following them gives the numbered pages', async (t) => {
    const first = await alice.get('/?size=10');
    t.same(rowTitles(first.body), order.slice(0, 10));
    const next = link(first.body, 'next')!;
    t.match(next, /^\/\?page=2&size=10&after=2026-11-19_\d+$/, 'Next: the last row as position, page 2 as label');
    const second = await alice.get(next);
    t.equal(second.statusCode, 200);
    t.same(rowTitles(second.body), order.slice(10, 20), 'the rows after it');
    t.match(second.body, /Page 2 of 3/);
    t.same(rowTitles((await alice.get('/?page=2&size=10')).body), order.slice(10, 20), 'the bookmark of page 2');
    const third = await alice.get(link(second.body, 'next')!);
    t.same(rowTitles(third.body), order.slice(20), 'the last page');
    t.equal(link(third.body, 'next'), null, 'no Next on the last page');
    const back = link(third.body, 'prev')!;
    t.match(back, /^\/\?page=2&size=10&before=\d{4}-\d\d-\d\d_\d+$/, 'Previous: the first row as position');
    const again = await alice.get(back);
    t.same(rowTitles(again.body), order.slice(10, 20), 'Previous gives page 2 again');
    t.equal(link(again.body, 'prev'), '/?size=10', 'Previous to page 1 is page 1 itself');
  });

  await t.test('the position keeps the filters, and a change of filter or page drops it', async (t) => {
    const classroom = order.filter((title) => Number(title!.slice(8)) % 2 === 0);
    const first = await alice.get('/?type=Classroom&size=10');
    const next = link(first.body, 'next')!;
    t.match(next, /^\/\?type=Classroom&page=2&size=10&after=/);
    const second = await alice.get(next);
    t.same(rowTitles(second.body), classroom.slice(10), 'the filtered rows after it');
    t.notMatch(second.body, /href="[^"]*after=[^"]*">« First/, 'First is page 1 by number');
    t.match(second.body, 'href="/?type=Classroom&amp;size=10">« First', 'First drops the position');
    t.match(
      second.body,
      /href="\/\?type=Classroom&amp;page=2&amp;size=10&amp;after=[0-9_-]+&amp;select=all"/,
      '"Select all on this page" keeps the position: the same rows',
    );
  });

  await t.test('other sorts page by number; a position given with them is ignored', async (t) => {
    const byTitle = await alice.get('/?sort=title&dir=asc&size=10');
    t.equal(link(byTitle.body, 'next'), '/?sort=title&dir=asc&page=2&size=10');
    const withCursor = await alice.get('/?sort=title&dir=asc&size=10&page=2&after=2026-11-19_3');
    t.same(rowTitles(withCursor.body), [...titles].sort().slice(10, 20));
  });

  await t.test('a malformed position is refused (400); one past the end shows the last page', async (t) => {
    for (const bad of ['after=garbage', 'after=2026-13-01_5', 'before=2026-11-19_0', 'after=2026-11-19', 'after=x_1'])
      t.equal((await alice.get(`/?${bad}`)).statusCode, 400, bad);
    const past = await alice.get('/?size=10&page=3&after=2000-01-01_1');
    t.same(rowTitles(past.body), order.slice(20), 'nothing after it: the last page by number');
    const before = await alice.get('/?size=10&page=2&before=2026-11-20_10');
    t.same(rowTitles(before.body), order.slice(0, 10), 'less than a page before it: page 1');
  });
});
