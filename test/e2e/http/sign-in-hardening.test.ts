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
});
