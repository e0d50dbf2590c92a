import t, { type Test } from 'tap';
import { Client, type TestApp } from '../../helpers/http-app.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import { ldapEnv, slapdUnavailableReason, startSlapd, TEST_DIRECTORY as D } from '../../helpers/slapd.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const listed = async (env: TestApp) => (await env.services.admins.list()).map((a) => a.username);

/** Issue #18 item 12: adding an administrator checks the name against the directory and shows who it is. */
async function addFlow(t: Test, env: TestApp, boss: Client, name: string, shows: RegExp[]) {
  const before = await listed(env);
  const asked = await boss.post('/admin/users', { username: name });
  t.equal(asked.statusCode, 200);
  for (const pattern of shows) t.match(asked.body, pattern);
  t.match(asked.body, /<input type="hidden" name="confirmed" value="yes">/);
  t.same(await listed(env), before, 'looking up adds nobody');
  const done = await boss.post('/admin/users', { username: name, confirmed: 'yes' });
  t.equal(done.statusCode, 303);
  t.ok((await listed(env)).includes(name.trim().toLowerCase()), 'added');
  const trail = await env.services.database.db
    .selectFrom('audit_events')
    .select(['action', 'entity_id'])
    .where('action', '=', 'admin-add')
    .execute();
  t.ok(
    trail.some((e) => e.entity_id === name.trim().toLowerCase()),
    'audited',
  );
}

async function refused(t: Test, env: TestApp, boss: Client, name: string, message: RegExp) {
  const before = await listed(env);
  for (const body of [{ username: name }, { username: name, confirmed: 'yes' }] as Record<string, string>[]) {
    const res = await boss.post('/admin/users', body);
    t.equal(res.statusCode, 422, `${name} ${body.confirmed ? 'confirmed' : 'looked up'}`);
    t.match(res.body, message);
    t.match(res.body, /aria-invalid="true" aria-describedby="f-username-error"/);
  }
  t.same(await listed(env), before, 'nobody added');
}

await t.test('without LDAP: the employee directory says who it is', async (t) => {
  await forEachDialect(t, async (t, _handle, ctx) => {
    const env = await buildTestApp(t, ctx.settings);
    const boss = new Client(env.app);
    await boss.signIn('boss');
    await addFlow(t, env, boss, 'Anna', [
      /<h1>Add Anna Schmidt as an administrator\?<\/h1>/,
      /<dd>anna@example\.com<\/dd>/,
      /<dd>Quality Assurance<\/dd>/,
    ]);
    const page = await boss.get('/admin/users');
    t.match(
      page.body,
      /<td>anna<\/td>\s*<td>Anna Schmidt <span class="muted">\(anna@example\.com · Quality Assurance\)/,
    );
    t.match(page.body, /No administrators' group is set/);
    await refused(t, env, boss, 'nobody', /Nobody in the company directory signs in as “nobody”/);
    await refused(t, env, boss, 'old', /Nobody in the company directory signs in as “old”/);
    await refused(t, env, boss, 'not a name!', /A sign-in name: letters, digits/);
  });
});

if (requireOrSkip(t, 'slapd (apt-get install slapd ldap-utils)', slapdUnavailableReason())) {
  const slapd = await startSlapd(t);

  await t.test('with LDAP and a service account: the directory, and the group listed apart', async (t) => {
    const env = await buildTestApp(
      t,
      { dialect: 'sqlite', path: ':memory:' },
      { ...ldapEnv(slapd, 'service-account'), DEV_LOGIN: 'false', ADMIN_USERS: 'alice' },
    );
    const alice = new Client(env.app);
    await alice.get('/login');
    const signedIn = await alice.post('/login', { username: 'alice', password: D.users.alice.password });
    t.equal(signedIn.statusCode, 303);
    await alice.get('/');
    const page = await alice.get('/admin/users');
    t.match(page.body, /<td>alice<\/td>\s*<td>Alice Example <span class="muted">\(alice@example\.test\)/);
    const group = page.body.slice(page.body.indexOf('From the directory group'));
    t.match(group, /Members of <code>cn=Training Admins,ou=groups,dc=example,dc=test<\/code>/);
    t.match(group, /Bob Builder <span class="muted">\(bob · bob@example\.test\)/);
    t.match(group, /Frank Lead <span class="muted">\(frank · frank@example\.test\)/, 'through the nested group');
    t.notMatch(group.slice(0, group.indexOf('Add an administrator')), /Alice Example/, 'not a member');

    await addFlow(t, env, alice, 'bob', [
      /<h1>Add Bob Builder as an administrator\?<\/h1>/,
      /<dd>bob@example\.test<\/dd>/,
    ]);
    t.match(
      (await alice.get('/admin/users')).body,
      /Bob Builder <span class="muted">\(bob · bob@example\.test\)<\/span> <span class="badge">also added by name<\/span>/,
    );
    await refused(t, env, alice, 'anna', /Nobody in the company directory signs in as “anna”/);
  });

  await t.test('with LDAP in direct-bind mode: the employee directory, and the group cannot be listed', async (t) => {
    const env = await buildTestApp(
      t,
      { dialect: 'sqlite', path: ':memory:' },
      { ...ldapEnv(slapd, 'direct-bind'), DEV_LOGIN: 'false', ADMIN_USERS: 'alice' },
    );
    const alice = new Client(env.app);
    await alice.get('/login');
    await alice.post('/login', { username: 'alice', password: D.users.alice.password });
    await alice.get('/');
    const page = await alice.get('/admin/users');
    t.match(page.body, /Their names cannot be listed here: that needs the LDAP service account/);
    await addFlow(t, env, alice, 'ben', [/<h1>Add Ben Rossi as an administrator\?<\/h1>/]);
  });

  await t.test('the directory down: a clear message, nothing added, the page still opens', async (t) => {
    // The service account refused (its password changed): signing in is the stand-in's, the look-ups LDAP's.
    const env = await buildTestApp(
      t,
      { dialect: 'sqlite', path: ':memory:' },
      { ...ldapEnv(slapd, 'service-account'), DEV_LOGIN: 'false', ADMIN_USERS: 'alice', LDAP_BIND_PASSWORD: 'wrong' },
      {},
      {
        authenticate: async (username) => ({
          ok: true,
          user: { username, displayName: username, email: null, groups: [] },
        }),
      },
    );
    const alice = new Client(env.app);
    await alice.get('/login');
    await alice.post('/login', { username: 'alice', password: 'x' });
    await alice.get('/');
    const page = await alice.get('/admin/users');
    t.equal(page.statusCode, 200);
    t.match(page.body, /could not be reached, so the names below are shown without who they are/);
    const res = await alice.post('/admin/users', { username: 'bob' });
    t.equal(res.statusCode, 503);
    t.match(
      res.body,
      /The company directory could not be reached, so the name could not be checked\. Nothing was changed/,
    );
    t.match(res.body, /value="bob"/, 'the name typed is kept');
    t.same(await listed(env), ['alice']);
  });
}
