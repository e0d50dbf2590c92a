import t from 'tap';
import { safeNext } from '../../../src/adapters/http/safe-next.ts';
import { MAX_USERNAME_LENGTH } from '../../../src/domain/user.ts';
import { declaredSchema } from '../../../src/declared-schema/declared-schema.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

/** Paths that only become `//host` once dot segments are resolved. */
const DOT_SEGMENT_TRICKS = [
  '/.//evil.example',
  '/..//evil.example',
  '/a/..//evil.example',
  '/%2e//evil.example',
  '/%2e%2e//evil.example',
  '/./\\evil.example',
];

t.test('next= is checked after normalising too: dot segments never make a //host', async (t) => {
  for (const bad of DOT_SEGMENT_TRICKS) t.equal(safeNext(bad), null, bad);
  t.equal(safeNext('/a/../forms/3'), '/forms/3', 'an ordinary dot segment still works');
  t.equal(safeNext('/forms/./new?x=1'), '/forms/new?x=1');
});

t.test('MAX_USERNAME_LENGTH fits every declared column a username is written to', async (t) => {
  const { audit_events: audit, sessions, admin_users: admins } = declaredSchema;
  const columns = {
    'audit_events.actor': audit.columns.actor,
    'audit_events.entity_id': audit.columns.entity_id,
    'sessions.username': sessions.columns.username,
    'admin_users.username': admins.columns.username,
  };
  const lengths = Object.entries(columns).map(
    ([name, c]) => [name, c.spec.type.kind === 'varchar' ? c.spec.type.length : Infinity] as const,
  );
  for (const [name, length] of lengths) t.ok(MAX_USERNAME_LENGTH <= length, `${name} (${length})`);
  t.equal(MAX_USERNAME_LENGTH, Math.min(...lengths.map(([, l]) => l)), 'and is the shortest of them');
});

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await buildTestApp(t, ctx.settings);
  const { app } = env;

  await t.test('open redirect through dot segments: GET /login signed in and POST /login', async (t) => {
    for (const next of DOT_SEGMENT_TRICKS) {
      const c = new Client(app);
      await c.get('/login');
      const posted = await c.post('/login', { username: 'alice', next });
      t.equal(posted.statusCode, 303);
      t.equal(posted.headers.location, '/', `POST /login next=${next}`);
      const signedIn = await c.get(`/login?next=${encodeURIComponent(next)}`);
      t.equal(signedIn.headers.location, '/', `GET /login next=${next} (signed in)`);
      const raw = await c.get(`/login?next=${next}`);
      t.equal(raw.headers.location, '/', `GET /login next=${next} unencoded (signed in)`);
    }
  });

  await t.test(
    "TRUST_PROXY=<the proxy's address>: a client spraying X-Forwarded-For still hits the per-address limit",
    async (t) => {
      const proxied = await buildTestApp(t, ctx.settings, { TRUST_PROXY: '127.0.0.1' });
      // inject's peer (127.0.0.1) is the proxy; the proxy appends the address it saw (the real client).
      const via = (real: string, i: number) => ({ 'x-forwarded-for': `198.51.100.${i % 250}, ${real}` });
      const c = new Client(proxied.app);
      await c.get('/login');
      for (let i = 0; i < 20; i++)
        t.equal((await c.post('/login', { username: `no such user ${i}` }, via('203.0.113.7', i))).statusCode, 401);
      const blocked = await c.post('/login', { username: 'alice' }, via('203.0.113.7', 99));
      t.equal(blocked.statusCode, 429, 'the 21st attempt from that client is refused, whatever it claims to be');
      const other = new Client(proxied.app);
      await other.get('/login');
      const res = await other.post('/login', { username: 'alice' }, via('203.0.113.8', 1));
      t.equal(res.statusCode, 303, 'another real client is not blocked', { body: res.body.slice(0, 3000) });
    },
  );

  await t.test('an over-long username is an ordinary failed sign-in, audited with the name cut to fit', async (t) => {
    const audited = () =>
      env.services.database.db
        .selectFrom('audit_events')
        .select(['actor', 'entity_id', 'details'])
        .where('action', '=', 'sign-in-failed')
        .execute();
    for (const length of [65, 121, 200]) {
      const name = `${'x'.repeat(length - 4)}long`;
      const c = new Client(app);
      await c.get('/login');
      const before = (await audited()).length;
      const res = await c.post('/login', { username: name });
      t.equal(res.statusCode, 401, `${length} characters: the invalid-credentials page, not a 500`);
      t.match(res.body, /Enter a username of 1 to 64 characters/, 'the development sign-in says what a username is');
      const rows = await audited();
      t.equal(rows.length, before + 1, 'the failed sign-in is audited');
      t.equal(rows.at(-1)!.actor, name.slice(0, 64), 'under the name cut to the column length');
      t.equal(rows.at(-1)!.entity_id, name.slice(0, 64));
    }
    const astral = '\u{1F600}'.repeat(64);
    const c = new Client(app);
    await c.get('/login');
    t.equal(
      (await c.post('/login', { username: `${astral}x` })).statusCode,
      401,
      'lengths count characters, as the database does',
    );
    t.equal((await audited()).at(-1)!.actor, astral);
  });
});
