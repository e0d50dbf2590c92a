import t from 'tap';
import { safeNext } from '../../../src/adapters/http/safe-next.ts';
import { forEachDialect } from '../../helpers/dialects.ts';
import { Client, startTestApp } from '../../helpers/http-app.ts';

/** Paths that only become `//host` once dot segments are resolved. */
const DOT_SEGMENT_TRICKS = ['/.//evil.example', '/..//evil.example', '/a/..//evil.example', '/%2e//evil.example', '/%2e%2e//evil.example', '/./\\evil.example'];

t.test('next= is checked after normalising too: dot segments never make a //host', async (t) => {
  for (const bad of DOT_SEGMENT_TRICKS) t.equal(safeNext(bad), null, bad);
  t.equal(safeNext('/a/../forms/3'), '/forms/3', 'an ordinary dot segment still works');
  t.equal(safeNext('/forms/./new?x=1'), '/forms/new?x=1');
});

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await startTestApp(ctx.settings);
  t.teardown(() => env.close());
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

  await t.test("TRUST_PROXY=<the proxy's address>: a client spraying X-Forwarded-For still hits the per-address limit", async (t) => {
    const proxied = await startTestApp(ctx.settings, { TRUST_PROXY: '127.0.0.1' });
    t.teardown(() => proxied.close());
    // inject's peer (127.0.0.1) is the proxy; the proxy appends the address it saw (the real client).
    const via = (real: string, i: number) => ({ 'x-forwarded-for': `198.51.100.${i % 250}, ${real}` });
    const c = new Client(proxied.app);
    await c.get('/login');
    for (let i = 0; i < 20; i++) t.equal((await c.post('/login', { username: `no such user ${i}` }, via('203.0.113.7', i))).statusCode, 401);
    const blocked = await c.post('/login', { username: 'alice' }, via('203.0.113.7', 99));
    t.equal(blocked.statusCode, 429, 'the 21st attempt from that client is refused, whatever it claims to be');
    const other = new Client(proxied.app);
    await other.get('/login');
    const res = await other.post('/login', { username: 'alice' }, via('203.0.113.8', 1));
    t.equal(res.statusCode, 303, 'another real client is not blocked', { body: res.body.slice(0, 3000) });
  });
});
