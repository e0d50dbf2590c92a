import t from 'tap';
import { Client, formBody } from '../../helpers/http-app.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

/**
 * Bulk actions (issue #18, item 10): forms ticked in the list moved to the trash (after one
 * confirmation) or downloaded; forms ticked in the trash restored, or purged after one confirmation.
 * One audit event per form; a form someone else changed is reported, not hidden.
 */
await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await buildTestApp(t, ctx.settings);
  const { services, employeeIds } = env;
  const db = services.database.db;
  const anna = employeeIds['Anna Schmidt']!;
  const ids: number[] = [];
  for (const title of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot'])
    ids.push((await services.forms.create(formBody([anna], { title }), 'alice')).id);
  const [alpha, bravo, charlie, delta, echo, foxtrot] = ids as [number, number, number, number, number, number];
  const alice = new Client(env.app);
  await alice.signIn('alice');
  const boss = new Client(env.app);
  await boss.signIn('boss');
  const str = (list: number[]) => list.map(String);
  const deleted = async (id: number) =>
    (await db.selectFrom('training_forms').select('deleted').where('id', '=', id).executeTakeFirst())?.deleted;
  const events = (action: string, list: number[]) =>
    db
      .selectFrom('audit_events')
      .select(['entity_id', 'actor'])
      .where('action', '=', action)
      .where('entity_id', 'in', str(list))
      .orderBy('entity_id')
      .execute();

  await t.test('the list offers a checkbox per row, one form for the actions, and "select all"', async (t) => {
    const list = await alice.get('/');
    t.match(list.body, /<form method="post" action="\/forms\/selected\/delete" id="selection"/);
    t.match(
      list.body,
      new RegExp(`<input type="checkbox" name="ids" value="${alpha}" form="selection" aria-label="Select Alpha">`),
    );
    t.match(list.body, /<a href="\/\?select=all" data-select-all="off">Select all on this page<\/a>/);
    const all = await alice.get('/?select=all');
    t.equal([...all.body.matchAll(/name="ids" value="\d+" form="selection" aria-label="[^"]*" checked>/g)].length, 6);
  });

  await t.test('moving ticked forms to the trash asks once, then moves each with its own audit event', async (t) => {
    const confirm = await alice.post('/forms/selected/delete', { ids: str([alpha, bravo, charlie]) });
    t.equal(confirm.statusCode, 200);
    t.match(confirm.body, /Move 3 forms to the trash\?/);
    t.match(confirm.body, /Alpha[\s\S]*Bravo[\s\S]*Charlie/);
    t.equal(await deleted(alpha), 0, 'nothing moved before the confirmation');
    const done = await alice.post('/forms/selected/delete', { ids: str([alpha, bravo, charlie]), confirmed: 'yes' });
    t.equal(done.statusCode, 303);
    t.equal(done.headers.location, '/');
    t.match((await alice.get(String(done.headers.location))).body, /3 forms moved to the trash\./);
    for (const id of [alpha, bravo, charlie]) t.equal(Number(await deleted(id)), 1);
    t.same(
      (await events('delete', [alpha, bravo, charlie])).map((e) => e.actor),
      ['alice', 'alice', 'alice'],
      'one delete event per form',
    );
  });

  await t.test('a form already in the trash is reported, the others still move', async (t) => {
    const res = await alice.post('/forms/selected/delete', { ids: str([alpha, delta]), confirmed: 'yes' });
    t.equal(res.statusCode, 200);
    t.match(res.body, /1 form moved to the trash\./);
    t.match(res.body, new RegExp(`Form ${alpha}</a>: Training form ${alpha} is in the trash\\.`));
    t.equal(Number(await deleted(delta)), 1);
    t.equal((await events('delete', [alpha])).length, 1, 'no second event for the refused form');
  });

  await t.test('restoring ticked forms: admins only, one audit event each, a stale id reported', async (t) => {
    t.equal((await alice.post('/trash/selected/restore', { ids: str([alpha]) })).statusCode, 403);
    const trash = await boss.get('/trash');
    t.match(trash.body, /<form method="post" action="\/trash\/selected\/restore" id="selection"/);
    const res = await boss.post('/trash/selected/restore', { ids: str([alpha, bravo]) });
    t.equal(res.headers.location, '/trash');
    t.match((await boss.get(String(res.headers.location))).body, /2 forms restored from the trash\./);
    t.same((await events('restore', [alpha, bravo])).length, 2);
    const stale = await boss.post('/trash/selected/restore', { ids: str([alpha, charlie]) });
    t.equal(stale.statusCode, 200);
    t.match(stale.body, /1 form restored from the trash\./);
    t.match(stale.body, new RegExp(`Training form ${alpha} is not in the trash`));
    t.equal(Number(await deleted(charlie)), 0);
  });

  await t.test('purging ticked forms lists them on one confirmation, then removes each with an event', async (t) => {
    await services.forms.softDeleteMany([echo, foxtrot], 'alice');
    t.equal((await alice.post('/trash/selected/purge', { ids: str([echo]) })).statusCode, 403);
    const confirm = await boss.post('/trash/selected/purge', { ids: str([echo, foxtrot, alpha]) });
    t.equal(confirm.statusCode, 200);
    t.match(confirm.body, /Delete 2 forms permanently\?/);
    t.match(confirm.body, /1 selected form is no longer in the trash/);
    t.match(confirm.body, new RegExp(`name="ids" value="${echo}"`));
    t.notMatch(confirm.body, new RegExp(`name="ids" value="${alpha}"`), 'the form not in the trash is left out');
    t.ok(await deleted(echo), 'nothing purged before the confirmation');
    const done = await boss.post('/trash/selected/purge', { ids: str([echo, foxtrot]), confirmed: 'yes' });
    t.equal(done.headers.location, '/trash');
    t.equal(await deleted(echo), undefined, 'the rows are gone');
    t.equal(await deleted(foxtrot), undefined);
    t.same(
      (await events('purge', [echo, foxtrot])).map((e) => [Number(e.entity_id), e.actor]),
      [echo, foxtrot].sort().map((id) => [id, 'boss']),
    );
    const again = await boss.post('/trash/selected/purge', { ids: str([echo]), confirmed: 'yes' });
    t.match(again.body, new RegExp(`Training form ${echo} does not exist`), 'purged by someone else: reported');
  });

  await t.test('the ticked forms download as the CSV export, with the chosen separator', async (t) => {
    const res = await alice.post('/forms/selected.csv', { ids: str([bravo, charlie]), delimiter: 'semicolon' });
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^text\/csv/);
    const rows = res.body.slice(1).trimEnd().split(/\r?\n/);
    t.equal(rows.length, 3, 'a heading and the two forms');
    t.match(rows[0], /^Form ID;Title;/);
    t.same(
      rows
        .slice(1)
        .map((r) => r.split(';')[1])
        .sort(),
      ['Bravo', 'Charlie'],
    );
  });

  await t.test('nothing ticked, too many ticked, or no CSRF token: nothing is done', async (t) => {
    const none = await alice.post('/forms/selected/delete', { confirmed: 'yes' });
    t.equal(none.headers.location, '/');
    t.match((await alice.get('/')).body, /No form was selected/);
    const many = Array.from({ length: 501 }, (_, i) => String(bravo + i));
    const capped = await alice.post('/forms/selected/delete', { ids: many, confirmed: 'yes' });
    t.equal(capped.statusCode, 413);
    t.match(capped.body, /At most 500 forms can be handled at once; 501 were selected, so nothing was done/);
    t.equal(Number(await deleted(bravo)), 0);
    t.equal((await alice.post('/forms/selected.csv', { ids: many })).statusCode, 413, 'the export has the cap too');
    t.equal((await boss.post('/trash/selected/purge', { ids: many })).statusCode, 413);
    for (const [client, url] of [
      [alice, '/forms/selected/delete'],
      [boss, '/trash/selected/restore'],
      [boss, '/trash/selected/purge'],
      [alice, '/forms/selected.csv'],
    ] as const) {
      const res = await client.post(url, { ids: str([bravo]), confirmed: 'yes', _csrf: '' });
      t.equal(res.statusCode, 403, `${url} without the token`);
    }
    t.equal(Number(await deleted(bravo)), 0, 'still in the list');
  });
});
