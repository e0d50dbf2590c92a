import t from 'tap';
import type { Authenticator } from '../../../src/domain/ports/authenticator.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

/** A directory where only `right` is the password (the dev login would let any password in). */
const directory: Authenticator = {
  async authenticate(username, password) {
    if (password !== 'right') return { ok: false, reason: 'invalid-credentials', detail: 'wrong password' };
    return { ok: true, user: { username, displayName: username, email: null, groups: [] } };
  },
};

t.test('the sign-in throttle holds across two app instances on one database', async (t) => {
  await forEachDialect(t, async (t, _handle, ctx) => {
    const first = await buildTestApp(t, ctx.settings, {}, {}, directory);
    const second = await buildTestApp(t, ctx.settings, {}, {}, directory);
    const clients = [new Client(first.app), new Client(second.app)];
    for (const c of clients) await c.get('/login');

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await clients[i % 2]!.post('/login', { username: 'mallory', password: 'guess' })).statusCode);
    t.same(statuses, [401, 401, 401, 401, 401], 'five failures, alternated between the instances');
    for (const [i, c] of clients.entries()) {
      const blocked = await c.post('/login', { username: 'mallory', password: 'right' });
      t.equal(blocked.statusCode, 429, `instance ${i + 1} refuses the sixth attempt, even with the right password`);
      t.match(blocked.body, /Too many failed sign-in attempts. Please wait 15 minutes/);
    }
    const gina = new Client(second.app);
    await gina.get('/login');
    t.equal(
      (await gina.post('/login', { username: 'gina', password: 'right' })).statusCode,
      303,
      'other users are not blocked',
    );

    // Both instances' clocks move together: 15 minutes after the failures, mallory may try again.
    first.clock.advance(15 * 60_000);
    second.clock.advance(15 * 60_000);
    const later = new Client(second.app);
    await later.get('/login');
    t.equal(
      (await later.post('/login', { username: 'mallory', password: 'right' })).statusCode,
      303,
      'free again after 15 minutes',
    );
  });
});
