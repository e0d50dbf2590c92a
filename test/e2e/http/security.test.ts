import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { web } from '../../../src/adapters/http/plugins/web.ts';
import { formRoutes, type FormRouteServices } from '../../../src/adapters/http/routes/form-routes.ts';
import { DOMAIN_ERROR_CODES } from '../../../src/domain/errors.ts';
import { ERROR_STATUS } from '../../../src/adapters/http/error-status.ts';
import { safeNext } from '../../../src/adapters/http/safe-next.ts';
import { loadConfig } from '../../../src/app/config.ts';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { Client, formBody, startTestApp } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

const MINUTE = 60_000;
const ROOT = new URL('../../../', import.meta.url).pathname;

t.test('every domain error code has an HTTP status', async (t) => {
  for (const code of DOMAIN_ERROR_CODES) t.type(ERROR_STATUS[code], 'number', code);
});

t.test('a route plugin registered before the infrastructure it depends on stops start-up', async (t) => {
  const app = Fastify({ logger: false });
  t.teardown(() => app.close());
  const settings = {
    appEnv: 'test',
    secretKey: 's'.repeat(40),
    secureCookies: false,
    devLogin: true,
    maxUploadBytes: 1024,
    cacheTemplates: false,
    softDeleteRetentionDays: 90,
  };
  await app.register(web, { settings });
  app.register(formRoutes, { services: {} as FormRouteServices });
  await t.rejects(async () => app.ready(), {
    code: 'FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED',
    message: /'access-control' of plugin 'form-routes'/,
  });
});

t.test('next= after sign-in only ever points into this site', async (t) => {
  t.equal(safeNext('/forms/3?x=1'), '/forms/3?x=1');
  for (const bad of [
    '//evil.example',
    'https://evil.example/',
    '/\\evil.example',
    'javascript:alert(1)',
    '/\u0000x',
    '',
    'forms',
    null,
    42,
  ])
    t.equal(safeNext(bad), null, JSON.stringify(bad));
  t.equal(safeNext('/login?next=/x'), '/', 'never back to the sign-in page');
});

t.test('configuration: secure cookies are forced outside development and test', async (t) => {
  const staging = {
    APP_ENV: 'staging',
    SECRET_KEY: 's'.repeat(40),
    DB_HOST: 'db',
    DB_USER: 'u',
    DB_PASSWORD: 'p',
    DEV_LOGIN: 'false',
  };
  t.equal(loadConfig(staging, ROOT).session.secureCookies, true);
  t.throws(() => loadConfig({ ...staging, COOKIE_SECURE: 'false' }, ROOT), /COOKIE_SECURE must be true in staging/);
  t.throws(() => loadConfig({ APP_ENV: 'test', ADMIN_USERS: 'ok, bad name' }, ROOT), /ADMIN_USERS/);
  t.same(loadConfig({ APP_ENV: 'test', ADMIN_USERS: ' Boss ,chief,,' }, ROOT).adminUsers, ['boss', 'chief']);
  const c = loadConfig({ APP_ENV: 'test', SESSION_IDLE_MINUTES: '5', SESSION_ABSOLUTE_HOURS: '2' }, ROOT);
  t.same([c.session.idleTimeoutMs, c.session.absoluteTimeoutMs], [5 * MINUTE, 120 * MINUTE]);
  t.equal(loadConfig({ APP_ENV: 'test' }, ROOT).session.recheckMs, 5000, 'sessions are re-read every 5 s by default');
  t.equal(loadConfig({ APP_ENV: 'test', SESSION_RECHECK_SECONDS: '0' }, ROOT).session.recheckMs, 0);
  t.throws(() => loadConfig({ APP_ENV: 'test', SESSION_RECHECK_SECONDS: '61' }, ROOT), /SESSION_RECHECK_SECONDS/);
});

/** What the behaviours below share on one dialect (made once per dialect, in this order). */
async function fixtureFor(t: Test, ctx: DialectContext) {
  const env = await buildTestApp(t, ctx.settings);
  const { app } = env;
  const sessionRows = () => env.services.database.db.selectFrom('sessions').select('username').execute();
  return { ctx, env, app, sessionRows };
}
type Fixture = Awaited<ReturnType<typeof fixtureFor>>;

/** One behaviour per entry, run in this order on one fixture per dialect. */
const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>])[] = [
  [
    'route walker: every route declares access, and the declaration holds',
    async (t, { app }) => {
      const routes = app.routeAccess.filter((r) => r.method !== 'HEAD');
      t.ok(routes.length >= 20, `${routes.length} routes`);
      const concrete = (url: string) =>
        url.replace(':attachmentId', '1').replace(':id', '1').replace(':file', 'app.css');
      const alice = new Client(app);
      await alice.signIn('alice');
      for (const route of routes) {
        const url = concrete(route.url);
        const anon = await app.inject({ method: route.method as 'GET', url });
        if ((route.access === 'user' || route.access === 'admin') && route.method === 'GET') {
          t.equal(anon.statusCode, 303, `anonymous ${route.method} ${route.url} is redirected`);
          t.match(String(anon.headers.location), /^\/login/, `to the sign-in page`);
        } else if (route.access === 'user' || route.access === 'admin') {
          // A post without a session is not done: the sign-in page answers it (session-ended.test.ts).
          t.equal(anon.statusCode, 401, `anonymous ${route.method} ${route.url} is refused`);
          t.match(anon.body, /<form method="post" action="\/login"/, `with the sign-in form`);
        } else {
          t.not(
            anon.headers.location?.toString().startsWith('/login'),
            true,
            `${route.method} ${route.url} is open to anonymous visitors`,
          );
        }
        if (route.access === 'admin') {
          const res = route.method === 'GET' ? await alice.get(url) : await alice.post(url);
          t.equal(res.statusCode, 403, `non-admin ${route.method} ${route.url} gets 403`);
        }
      }
      t.same(
        routes
          .filter((r) => r.access === 'public')
          .map((r) => r.url)
          .sort(),
        ['/health', '/static/:file'],
      );
      t.same(
        routes
          .filter((r) => r.access === 'anonymous')
          .map((r) => `${r.method} ${r.url}`)
          .sort(),
        ['GET /login', 'POST /login'],
      );
    },
  ],
  [
    'a route without an access declaration stops start-up',
    async (t, { ctx }) => {
      const other = await buildTestApp(t, ctx.settings);
      t.throws(() => other.app.get('/undeclared', async () => 'x'), /declares no access/);
    },
  ],
  [
    'CSRF: state-changing requests need the session token',
    async (t, { env, app }) => {
      const alice = new Client(app);
      await alice.signIn('alice');
      const before = await env.services.forms.list();
      const body = formBody([env.employeeIds['Anna Schmidt']!]);
      const missing = await alice.post('/forms', { ...body, _csrf: '' });
      t.equal(missing.statusCode, 403);
      t.match(missing.body, /This form has expired/);
      t.equal((await alice.post('/forms', { ...body, _csrf: 'x'.repeat(43) })).statusCode, 403);
      const bob = new Client(app);
      await bob.signIn('bob');
      t.equal(
        (await alice.post('/forms', { ...body, _csrf: bob.csrf })).statusCode,
        403,
        "another session's token is refused",
      );
      t.equal((await env.services.forms.list()).total, before.total, 'nothing was created');
      t.equal((await alice.post('/forms', body)).statusCode, 303, 'the right token works');
      const anon = new Client(app);
      t.equal(
        (await anon.post('/login', { username: 'mallory', _csrf: '' })).statusCode,
        403,
        'sign-in without the pre-session token is refused',
      );
    },
  ],
  [
    'sessions rotate at sign-in, end at sign-out, and time out',
    async (t, { env, app, sessionRows }) => {
      const alice = new Client(app);
      await alice.signIn('alice');
      const first = alice.cookies.get('tf_session')!;
      await alice.post('/login', { username: 'alice' });
      const second = alice.cookies.get('tf_session')!;
      t.not(second, first, 'a new token at sign-in');
      const old = await app.inject({ url: '/', headers: { cookie: `tf_session=${first}` } });
      t.equal(old.statusCode, 303, 'the previous token no longer works');
      const forged = await app.inject({
        url: '/',
        headers: { cookie: `tf_session=${second.split('.')[0]}.forgedsignature` },
      });
      t.equal(forged.statusCode, 303, 'an unsigned or badly signed cookie is ignored');

      t.equal((await alice.get('/')).statusCode, 200);
      const rowsBefore = (await sessionRows()).length;
      const out = await alice.post('/logout');
      t.equal(out.headers.location, '/login');
      t.equal((await sessionRows()).length, rowsBefore - 1, 'the session row is removed');
      t.match((await alice.get('/login')).body, /You are signed out\./, 'said once after signing out');
      t.notMatch((await alice.get('/login')).body, /You are signed out/, 'not again on a reload');
      t.equal(
        (await app.inject({ url: '/', headers: { cookie: `tf_session=${second}` } })).statusCode,
        303,
        'and the token is dead',
      );

      const idle = new Client(app);
      await idle.signIn('idle');
      env.clock.advance(20 * MINUTE);
      t.equal((await idle.get('/')).statusCode, 200, 'used within the idle timeout');
      env.clock.advance(20 * MINUTE);
      t.equal((await idle.get('/')).statusCode, 200, 'the last use restarted the idle timer');
      env.clock.advance(31 * MINUTE);
      const expired = await idle.get('/');
      t.equal(expired.statusCode, 303, 'idle too long: signed out');
      t.same(
        (await sessionRows()).filter((r) => r.username === 'idle'),
        [],
      );

      const busy = new Client(app);
      await busy.signIn('busy');
      let minutes = 0;
      let status = 200;
      while (status === 200 && minutes < 24 * 60) {
        env.clock.advance(20 * MINUTE);
        minutes += 20;
        status = (await busy.get('/')).statusCode;
      }
      t.equal(minutes, 12 * 60, 'a busy session still ends after the absolute timeout (12 h)');
      t.ok((await env.services.sessions.removeExpired()) > 0, 'the cleanup removes the sessions that timed out');
      t.same(await sessionRows(), [], 'none left after 12 hours');
    },
  ],
  [
    'two instances, one database: a sign-out on one reaches the other within SESSION_RECHECK_SECONDS',
    async (t, { ctx, app }) => {
      const other = await buildTestApp(t, ctx.settings);
      const alice = new Client(app);
      await alice.signIn('alice');
      const cookie = alice.cookieHeader();
      const onOther = () => other.app.inject({ url: '/', headers: { cookie } });
      t.equal((await onOther()).statusCode, 200, 'the session works on the other instance');
      t.equal((await alice.post('/logout')).statusCode, 303);
      t.equal(
        (await app.inject({ url: '/', headers: { cookie } })).statusCode,
        303,
        'on the instance that signed out, the token is dead at once',
      );
      other.clock.advance(4_000);
      t.equal((await onOther()).statusCode, 200, 'the other instance trusts its read of 4 s ago');
      other.clock.advance(1_000);
      t.equal((await onOther()).statusCode, 303, '5 s after its read it reads the session again and finds it ended');
    },
  ],
  [
    'administrators: from ADMIN_USERS, seeded idempotently',
    async (t, { env, app }) => {
      t.same(await env.services.seedAdmins(), [], 'a second seed adds nobody');
      const admins = await env.services.admins.list();
      t.same(
        admins.map((a) => a.username),
        ['boss', 'chief'],
      );
      const chief = new Client(app);
      await chief.signIn('Chief');
      const home = await chief.get('/');
      t.match(home.body, /href="\/trash">Trash/);
      t.match(home.body, /chief <span class="badge">admin<\/span>/);
      const audit = await env.services.database.db
        .selectFrom('audit_events')
        .select(['action', 'actor'])
        .where('entity_type', '=', 'user')
        .execute();
      t.ok(
        audit.some((a) => a.action === 'sign-in' && a.actor === 'chief'),
        'sign-ins are audited',
      );
      t.ok(
        audit.some((a) => a.action === 'sign-out' && a.actor === 'alice'),
        'sign-outs are audited',
      );
    },
  ],
  [
    'administrators page: add, remove (never the last), audited, sessions ended',
    async (t, { env, app }) => {
      const boss = new Client(app);
      await boss.signIn('boss');
      const chief = new Client(app);
      await chief.signIn('chief');
      const list = await boss.get('/admin/users');
      t.equal(list.statusCode, 200);
      t.match(list.body, /<td>boss<\/td>[\s\S]*<td>chief<\/td>/);
      await env.services.employees.upsert([
        {
          directoryId: 'dir-dora',
          displayName: 'Dora Lee',
          email: 'dora@example.com',
          userPrincipalName: null,
          department: 'Production',
          jobTitle: null,
          active: true,
          lastSyncedAt: null,
        },
      ]);
      const asked = await boss.post('/admin/users', { username: ' Dora ' });
      t.match(asked.body, /<h1>Add Dora Lee as an administrator\?<\/h1>/, 'first who it is');
      t.equal(
        (await boss.post('/admin/users', { username: 'dora', confirmed: 'yes' })).headers.location,
        '/admin/users',
      );
      const bad = await boss.post('/admin/users', { username: 'not a name!' });
      t.equal(bad.statusCode, 422);
      t.match(bad.body, /id="f-username-error">A sign-in name/);
      t.match(bad.body, /value="not a name!"/);
      t.match(
        (await boss.get('/admin/users')).body,
        /<a class="button small warn" href="\/admin\/users\/remove\?username=chief" aria-label="Remove chief">/,
        'Remove leads to a confirmation',
      );
      const ask = await boss.get('/admin/users/remove?username=chief');
      t.equal(ask.statusCode, 200);
      t.match(ask.body, /<h1>Remove chief from the administrators\?<\/h1>/);
      t.match(ask.body, /<input type="hidden" name="username" value="chief">/);
      t.equal((await chief.get('/')).statusCode, 200, 'asking removes nothing');
      t.equal((await boss.get('/admin/users/remove?username=nobody')).statusCode, 404);
      t.equal(
        (await boss.post('/admin/users/remove', { username: 'chief', _csrf: 'forged' })).statusCode,
        403,
        'CSRF-protected',
      );
      t.equal((await boss.post('/admin/users/remove', { username: 'chief' })).statusCode, 303);
      t.equal((await chief.get('/')).statusCode, 303, "the removed admin's sessions end at once");
      t.equal((await boss.post('/admin/users/remove', { username: 'nobody' })).statusCode, 404);
      await boss.post('/admin/users/remove', { username: 'dora' });
      const last = await boss.post('/admin/users/remove', { username: 'boss' });
      t.equal(last.statusCode, 409);
      t.match(last.body, /boss is the last listed administrator and cannot be removed/);
      t.equal((await boss.get('/admin/users/remove?username=boss')).statusCode, 409, 'nor offered for confirmation');
      t.same(
        (await env.services.admins.list()).map((a) => a.username),
        ['boss'],
      );
      const audit = await env.services.database.db
        .selectFrom('audit_events')
        .select(['action', 'entity_id', 'actor'])
        .where('entity_type', '=', 'admin_user')
        .orderBy('id')
        .execute();
      t.same(
        audit.map((a) => `${a.actor} ${a.action} ${a.entity_id}`),
        ['boss admin-add dora', 'boss admin-remove chief', 'boss admin-remove dora'],
      );
      // Back as ADMIN_USERS seeds it (chief is in no directory here) for the behaviours after this one.
      await env.services.admins.ensure(['chief'], 'test', new Date());
    },
  ],
  [
    'security headers: CSP without unsafe-inline, no framing, no sniffing',
    async (t, { app }) => {
      const res = await app.inject('/login');
      const csp = String(res.headers['content-security-policy']);
      t.match(csp, /default-src 'self'/);
      t.match(csp, /script-src 'self'/);
      t.match(csp, /frame-ancestors 'none'/);
      t.notMatch(csp, /unsafe-inline|unsafe-eval/);
      t.equal(res.headers['x-content-type-options'], 'nosniff');
      t.equal(res.headers['referrer-policy'], 'same-origin');
      for (const url of ['/no-such-page', '/', '/health']) {
        const other = await app.inject(url);
        t.match(
          String(other.headers['content-security-policy']),
          /frame-ancestors 'none'/,
          `the same headers on ${url} (${other.statusCode})`,
        );
      }
      t.notMatch(res.body, /<script>|style="/, 'no inline script or style in the pages');
      const css = await app.inject('/static/app.css');
      t.equal(css.statusCode, 200);
      t.match(css.headers['content-type'], /text\/css/);
      t.equal((await app.inject('/static/..%2Fpackage.json')).statusCode, 404);
      t.equal((await app.inject('/static/nope.css')).statusCode, 404);
    },
  ],
  [
    'sign-in page: development login refuses nonsense, next= is safe',
    async (t, { app }) => {
      const c = new Client(app);
      await c.get('/login');
      const bad = await c.post('/login', { username: '   ' });
      t.equal(bad.statusCode, 401);
      const rule =
        /<p class="field-error" id="username-error" role="alert">Enter a username of 1 to 64 characters: letters a–z, digits and \. _ - only \(no spaces\)\. The development sign-in needs no password\.<\/p>/;
      t.match(bad.body, rule, 'the refusal says what a username is, next to the field');
      t.notMatch(bad.body, /check your username and password/, 'no password is mentioned as if there were one');
      t.match(bad.body, /aria-invalid="true" aria-describedby="username-error"/);
      const odd = await c.post('/login', { username: 'a b<c>' });
      t.equal(odd.statusCode, 401);
      t.match(odd.body, /value="a b&lt;c&gt;"/);
      t.match(odd.body, rule);
      const long = await c.post('/login', { username: 'x'.repeat(65) });
      t.match(long.body, rule, 'too long: the same words');
      const evil = await c.post('/login', { username: 'eve', next: '//evil.example/x' });
      t.equal(evil.headers.location, '/');
      const signedIn = await c.get('/login?next=%2Fforms%2Fnew');
      t.equal(signedIn.headers.location, '/forms/new', 'a signed-in visitor skips the sign-in page');
    },
  ],
  [
    'the sign-in page uses whichever authenticator the app was built with',
    async (t, { ctx }) => {
      const directory = await buildTestApp(
        t,
        ctx.settings,
        {},
        {},
        {
          async authenticate(username, password) {
            if (username === 'slow') return { ok: false, reason: 'directory-timeout', detail: 'no answer in 10 s' };
            if (password !== 'right') return { ok: false, reason: 'invalid-credentials', detail: 'wrong password' };
            return { ok: true, user: { username, displayName: 'Gina G', email: null, groups: ['CN=Admins,DC=corp'] } };
          },
        },
      );
      // The throttle's failures are in the database, shared with the other apps of this file (their
      // failed sign-ins came from the same address): start from none, and leave none behind.
      const forgetFailures = () => directory.services.database.db.deleteFrom('sign_in_failures').execute();
      await forgetFailures();
      const c = new Client(directory.app);
      const login = await c.get('/login');
      t.match(login.body, /<label for="password">Password<\/label>/);
      t.notMatch(login.body, /Development sign-in/);
      const wrong = await c.post('/login', { username: 'gina', password: 'wrong' });
      t.equal(wrong.statusCode, 401);
      t.match(wrong.body, /Sign-in failed: check your username and password/);
      t.notMatch(wrong.body, /wrong password|value="wrong"/, 'no detail and no password echoed');
      const slow = await c.post('/login', { username: 'slow', password: 'x' });
      t.match(slow.body, /directory does not answer/);
      const ok = await c.post('/login', { username: 'gina', password: 'right' });
      t.equal(ok.statusCode, 303);
      t.equal(ok.headers.location, '/');

      const m = new Client(directory.app);
      await m.get('/login');
      for (let i = 0; i < 5; i++)
        t.equal((await m.post('/login', { username: 'mallory', password: 'guess' })).statusCode, 401);
      const blocked = await m.post('/login', { username: 'Mallory', password: 'right' });
      t.equal(blocked.statusCode, 429, 'the sixth attempt for that user is refused, even with the right password');
      t.match(blocked.body, /Too many failed sign-in attempts. Please wait 15 minutes/);
      t.equal(blocked.headers['retry-after'], '900');
      t.equal(
        (await m.post('/login', { username: 'gina', password: 'right' })).statusCode,
        303,
        'other users are not blocked',
      );
      // So far from this address: gina's wrong password and mallory's five; 14 more make 20.
      const n = new Client(directory.app);
      await n.get('/login');
      for (let i = 0; i < 14; i++)
        t.equal((await n.post('/login', { username: `user${i}`, password: 'guess' })).statusCode, 401);
      t.equal(
        (await n.post('/login', { username: 'victor', password: 'right' })).statusCode,
        429,
        '20 failures from one address block the address',
      );
      directory.clock.advance(15 * MINUTE);
      t.equal(
        (await n.post('/login', { username: 'mallory', password: 'right' })).statusCode,
        303,
        'free again after 15 minutes',
      );
      const throttled = await directory.services.database.db
        .selectFrom('audit_events')
        .select('actor')
        .where('action', '=', 'sign-in-throttled')
        .execute();
      t.ok(throttled.length >= 2, 'throttled attempts are audited');
      await forgetFailures();
    },
  ],
  [
    'secure cookies when configured (staging and production)',
    async (t, { ctx, env }) => {
      const secure = await buildTestApp(
        t,
        ctx.settings,
        {},
        { session: { ...env.config.session, secureCookies: true } },
      );
      const c = new Client(secure.app);
      const login = await c.get('/login');
      t.match(String(login.headers['set-cookie']), /Secure/);
      const res = await c.post('/login', { username: 'alice' });
      t.match(String([res.headers['set-cookie']].flat().find((x) => String(x).startsWith('tf_session='))), /; Secure/);
    },
  ],
  [
    'errors: a friendly 500 page without stack or path, JSON for scripts',
    async (t, { ctx }) => {
      const broken = await startTestApp(ctx.settings);
      const c = new Client(broken.app);
      await c.signIn('alice');
      const json = await c.get('/forms/424242', { accept: 'application/json' });
      t.equal(json.statusCode, 404);
      t.equal(JSON.parse(json.body).error.code, 'TRAINING_FORM_NOT_FOUND');
      await broken.services.database.close();
      const res = await c.get('/');
      t.equal(res.statusCode, 500);
      t.match(res.body, /<h1>Something went wrong<\/h1>/);
      t.match(res.body, /Reference: <code>[\w-]+<\/code>/);
      t.notMatch(res.body, /Error:|\/work\/|node_modules|\.ts:\d+|kysely|driver/i);
      await broken.app.close();
    },
  ],
];

await forEachDialect(t, async (t, _handle, ctx) => {
  const fx = await fixtureFor(t, ctx);
  for (const [name, behaviour] of BEHAVIOURS) await t.test(name, (t) => behaviour(t, fx));
});
