import t, { type Test } from 'tap';
import { KyselyAuditLog } from '../../../src/adapters/db/repositories/kysely-audit-log.ts';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { Client, formBody } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const MINUTE = 60_000;

/** The audit table's rows as `who | what | about`. */
const rows = (html: string) =>
  [
    ...html.matchAll(
      /<td data-label="Who"><a [^>]*>([^<]+)<\/a><\/td>\s*<td data-label="What">([^<]+)<\/td>\s*<td data-label="About">\s*(?:<a href="[^"]*">)?([^<]+)/g,
    ),
  ].map((m) => `${m[1]} | ${m[2]} | ${(m[3] ?? '').trim()}`);
const changesOf = (html: string) => [...html.matchAll(/<ul class="changes">[\s\S]*?<\/ul>/g)].map((m) => m[0]);

async function fixtureFor(t: Test, ctx: DialectContext) {
  const env = await buildTestApp(t, ctx.settings);
  const boss = new Client(env.app);
  const alice = new Client(env.app);
  await alice.signIn('alice');
  const anna = env.employeeIds['Anna Schmidt']!;
  const ben = env.employeeIds['Ben Rossi']!;
  await alice.get('/forms/new');
  const created = await alice.post('/forms', formBody([anna], { title: 'Gowning' }));
  const formId = Number(/\/forms\/(\d+)/.exec(String(created.headers.location))?.[1]);
  env.clock.advance(10 * MINUTE);
  await alice.get(`/forms/${formId}/edit`);
  await alice.post(`/forms/${formId}`, formBody([anna, ben], { title: 'Gowning <b>v2</b>', version: '1' }));
  const second = await alice.post('/forms', formBody([ben], { title: 'Second' }));
  const secondId = Number(/\/forms\/(\d+)/.exec(String(second.headers.location))?.[1]);
  const third = await alice.post('/forms', formBody([ben], { title: 'Third' }));
  const thirdId = Number(/\/forms\/(\d+)/.exec(String(third.headers.location))?.[1]);
  env.clock.advance(24 * 60 * MINUTE); // the next day: 2026-11-25 (the app's clock also times sessions)
  await boss.signIn('boss');
  await boss.get(`/forms/${secondId}`);
  await boss.post(`/forms/${secondId}/delete`);
  await boss.post(`/forms/${thirdId}/delete`);
  await boss.get(`/trash/${thirdId}/purge`);
  await boss.post(`/trash/${thirdId}/purge`);
  return { ctx, env, boss, alice, formId, secondId, thirdId };
}
type Fixture = Awaited<ReturnType<typeof fixtureFor>>;

const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>])[] = [
  [
    'every event, newest first: who, what, about (linked), and its changes as the form history shows them',
    async (t, { boss, formId, secondId, thirdId }) => {
      const res = await boss.get('/admin/audit');
      t.equal(res.statusCode, 200);
      t.match(res.body, /<h1>Audit log<\/h1>/);
      const list = rows(res.body);
      t.same(list.slice(0, 4), [
        `boss | deleted permanently | Form ${thirdId}: Third`,
        `boss | moved to the trash | Form ${thirdId}: Third`,
        `boss | moved to the trash | Form ${secondId}: Second`,
        'boss | signed in | User boss',
      ]);
      t.ok(list.includes(`alice | edited | Form ${formId}`), 'the edit is listed');
      t.ok(list.includes(`alice | created | Form ${formId}: Gowning`), 'the creation, with the title it was given');
      t.match(res.body, new RegExp(`<a href="/admin/audit/forms/${formId}">Form ${formId}</a>`), 'a form links to it');
      t.match(res.body, /(\d+) events match/);
      // The edit's changes are drawn by the detail page's partial: the same markup in both.
      const detail = (await boss.get(`/forms/${formId}`)).body;
      const editChanges = changesOf(detail).find((c) => c.includes('v2'));
      t.ok(editChanges, 'the detail page shows the edit');
      t.ok(changesOf(res.body).includes(editChanges!), 'the log shows exactly the same change list');
      t.match(editChanges, /title: Gowning → Gowning &lt;b&gt;v2&lt;\/b&gt;/, 'escaped');
      t.notMatch(res.body, /<b>v2<\/b>/, 'no markup from a value reaches the page');
    },
  ],
  [
    'filters: by actor, by action, by date range; a reversed range is said next to the field',
    async (t, { boss, formId }) => {
      const byAlice = rows((await boss.get('/admin/audit?actor=alice')).body);
      t.ok(byAlice.length >= 4);
      t.ok(
        byAlice.every((r) => r.startsWith('alice |')),
        'only alice',
      );
      const edits = await boss.get('/admin/audit?action=update');
      t.same(rows(edits.body), [`alice | edited | Form ${formId}`]);
      t.match(edits.body, /<option value="update" selected>edited<\/option>/, 'the filter keeps its choice');
      t.match(edits.body, /<option value="boss"><\/option>/, 'actors are offered');
      const firstDay = rows((await boss.get('/admin/audit?from=2026-11-24&to=2026-11-24')).body);
      t.ok(
        firstDay.length > 0 && firstDay.every((r) => !r.startsWith('boss | moved')),
        'the deletions were the next day',
      );
      const nextDay = rows((await boss.get('/admin/audit?from=2026-11-25')).body);
      t.ok(nextDay.some((r) => r.includes('moved to the trash')));
      t.notOk(
        nextDay.some((r) => r.includes('| created |')),
        'nothing created that day',
      );
      const reversed = await boss.get('/admin/audit?from=2026-11-25&to=2026-11-24');
      t.equal(reversed.statusCode, 200);
      t.match(
        reversed.body,
        /<input id="f-to" name="to" type="date" value="2026-11-24" aria-invalid="true" aria-describedby="f-to-error">\s*<p class="field-error" id="f-to-error">Before the From date \(2026-11-25\): nothing can match\. Swap the dates\?<\/p>/,
      );
      t.match(reversed.body, /No event matches these filters\./);
      const bad = await boss.get('/admin/audit?from=24.11.2026');
      t.match(bad.body, /<p class="field-error" id="f-from-error">Not a date \(YYYY-MM-DD\); ignored\.<\/p>/);
      t.ok(rows(bad.body).length > 0, 'the bad date is ignored, not an error page');
    },
  ],
  [
    'a form opens where it now is: its page, the trash, or its history once purged',
    async (t, { boss, formId, secondId, thirdId }) => {
      const open = async (id: number) => (await boss.get(`/admin/audit/forms/${id}`)).headers.location;
      t.equal(await open(formId), `/forms/${formId}`);
      t.equal(await open(secondId), `/trash/${secondId}`);
      const gone = String(await open(thirdId));
      t.equal(gone, `/admin/audit?entity=training_form&id=${thirdId}`);
      const history = await boss.get(gone);
      t.match(history.body, /That form was deleted permanently: its history is below\./);
      t.match(history.body, new RegExp(`Only the history of Form ${thirdId}`));
      t.same(
        rows(history.body).map((r) => r.split(' | ')[1]),
        ['deleted permanently', 'moved to the trash', 'created'],
        'its whole history, newest first',
      );
    },
  ],
  [
    'paging: 50 a page, Older and Newer by position, the count of matches',
    async (t, { env, boss }) => {
      const log = new KyselyAuditLog(env.services.database.db);
      for (let i = 0; i < 70; i++)
        await log.record({
          occurredAt: new Date(Date.UTC(2026, 11, 1, 0, i)),
          actor: 'robot',
          action: 'sign-in',
          entityType: 'user',
          entityId: 'robot',
          details: { n: i },
        });
      const first = await boss.get('/admin/audit?actor=robot');
      t.match(first.body, /70 events match/);
      const times = (html: string) =>
        [...html.matchAll(/<td data-label="When"><time class="when" datetime="([^"]+)"/g)].map((m) => m[1]);
      const page1 = times(first.body);
      t.equal(page1.length, 50);
      t.equal(page1[0], '2026-12-01T01:09:00.000Z', 'newest first');
      t.notMatch(first.body, /Newer/, 'no newer page on the newest');
      const older = /<a rel="next" href="([^"]+)">Older ›<\/a>/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
      t.match(older, /^\/admin\/audit\?actor=robot&older=\d+$/);
      const second = await boss.get(older!);
      const page2 = times(second.body);
      t.equal(page2.length, 20);
      t.equal(page2[0], '2026-12-01T00:19:00.000Z', 'the next twenty');
      t.notMatch(second.body, /Older ›/, 'the oldest page');
      const newer = /<a rel="prev" href="([^"]+)">‹ Newer<\/a>/.exec(second.body)?.[1]?.replace(/&amp;/g, '&');
      t.same(times((await boss.get(newer!)).body), page1, 'Newer goes back to the first page');
    },
  ],
];

await forEachDialect(t, async (t, _handle, ctx) => {
  const fx = await fixtureFor(t, ctx);
  for (const [name, behaviour] of BEHAVIOURS) await t.test(name, (t) => behaviour(t, fx));
});
