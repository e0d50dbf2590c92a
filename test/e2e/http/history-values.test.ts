import t from 'tap';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client, formBody, startTestApp } from '../../helpers/http-app.ts';

// The detail page's history shows each change as "field: old → new", escaped.

const historyOf = (html: string) => html.slice(html.indexOf('<h2>History</h2>'));
const changeItems = (html: string) =>
  [...historyOf(html).matchAll(/<li>([^<]*)<\/li>/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ' ').trim());

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await startTestApp(ctx.settings);
  t.teardown(() => env.close());
  const { app, employeeIds } = env;
  const anna = employeeIds['Anna Schmidt']!;
  const ben = employeeIds['Ben Rossi']!;
  const alice = new Client(app);
  await alice.signIn('Alice');

  await t.test('creation and an edit show old and new values, trainees by name, markup escaped', async (t) => {
    await alice.get('/forms/new');
    const created = await alice.post('/forms', formBody([anna], { title: 'Gowning <v1>' }));
    t.equal(created.statusCode, 303);
    const formId = Number(/^\/forms\/(\d+)/.exec(String(created.headers.location))?.[1]);
    await alice.get(`/forms/${formId}/edit`);
    const saved = await alice.post(`/forms/${formId}`, {
      ...formBody([ben], { title: 'Gowning "v2" & <b>more</b>', durationMinutes: '45' }),
      version: '1',
    });
    t.equal(saved.statusCode, 303);
    const detail = await alice.get(`/forms/${formId}`);
    const items = changeItems(detail.body);
    t.ok(items.includes('title: — → Gowning &lt;v1&gt;'), 'creation: initial value');
    t.ok(items.includes('trainees: added Anna Schmidt'), 'creation: trainees by name');
    t.ok(
      items.includes('title: Gowning &lt;v1&gt; → Gowning &quot;v2&quot; &amp; &lt;b&gt;more&lt;/b&gt;'),
      'edit: old → new, escaped',
    );
    t.ok(items.includes('durationMinutes: 90 → 45'));
    t.ok(items.includes('trainees: added Ben Rossi; removed Anna Schmidt'));
    t.notMatch(historyOf(detail.body), /<b>more<\/b>/, 'no markup from a value reaches the page');
    t.match(detail.body, /<strong>alice<\/strong> edited/, 'the existing history line is kept');
  });
});
