import t from 'tap';
import type { Test } from 'tap';
import { KyselySignInFailureLog } from '../../../src/adapters/db/repositories/kysely-sign-in-failure-log.ts';
import type { SignInFailureLog } from '../../../src/domain/ports/sign-in-failure-log.ts';
import { InMemorySignInFailureLog } from '../../fakes/in-memory-sign-in-failure-log.ts';
import { REPOSITORY_TARGETS } from '../../helpers/repository-targets.ts';
import { forEachTarget, withDatabase } from '../../helpers/targets.ts';

// One contract for every SignInFailureLog: the in-memory fake and the database adapter on each
// database target (Galera with TEST_TARGETS=galera).

const at = (iso: string) => new Date(`2026-11-24T08:${iso}Z`);
const EPOCH = new Date(0);
const iso = (m: ReadonlyMap<string, readonly Date[]>, key: string) => (m.get(key) ?? []).map((d) => d.toISOString());

async function contract(t: Test, log: SignInFailureLog): Promise<void> {
  await t.test('a key with no failures maps to an empty array; every key asked for is present', async (t) => {
    const none = await log.failuresAfter(['user:nobody', 'addr:10.9.9.9'], EPOCH);
    t.same([...none.keys()].sort(), ['addr:10.9.9.9', 'user:nobody']);
    t.same([iso(none, 'user:nobody'), iso(none, 'addr:10.9.9.9')], [[], []]);
    t.same([...(await log.failuresAfter([], EPOCH)).keys()], [], 'no keys, no entries');
  });

  await t.test('failures come back per key, oldest first, to the millisecond, strictly after `after`', async (t) => {
    await log.record(['user:ann', 'addr:10.0.0.1'], at('00:02.250'), EPOCH);
    await log.record(['user:ann', 'addr:10.0.0.1'], at('00:01.125'), EPOCH);
    await log.record(['user:bob', 'addr:10.0.0.1'], at('00:03.000'), EPOCH);
    const all = await log.failuresAfter(['user:ann', 'user:bob', 'addr:10.0.0.1'], EPOCH);
    t.same(
      iso(all, 'user:ann'),
      [at('00:01.125').toISOString(), at('00:02.250').toISOString()],
      'ascending, whatever the order recorded',
    );
    t.same(iso(all, 'user:bob'), [at('00:03.000').toISOString()]);
    t.same(
      iso(all, 'addr:10.0.0.1'),
      ['00:01.125', '00:02.250', '00:03.000'].map((s) => at(s).toISOString()),
    );
    const later = await log.failuresAfter(['user:ann', 'addr:10.0.0.1'], at('00:01.125'));
    t.same(iso(later, 'user:ann'), [at('00:02.250').toISOString()], 'a failure exactly at `after` is not counted');
    t.same(iso(later, 'addr:10.0.0.1'), [at('00:02.250').toISOString(), at('00:03.000').toISOString()]);
  });

  await t.test('recording forgets the failures of those keys at or before `forgetUpTo`, not of others', async (t) => {
    await log.record(['user:ann'], at('00:04.000'), at('00:01.125'));
    const after = await log.failuresAfter(['user:ann', 'addr:10.0.0.1'], EPOCH);
    t.same(
      iso(after, 'user:ann'),
      [at('00:02.250').toISOString(), at('00:04.000').toISOString()],
      'the failure at 01.125 is gone',
    );
    t.equal(iso(after, 'addr:10.0.0.1').length, 3, "another key's old failures stay");
  });

  await t.test("clear forgets one key's failures only; clearing an unknown key is no error", async (t) => {
    await log.clear('user:ann');
    await log.clear('user:never-seen');
    const after = await log.failuresAfter(['user:ann', 'user:bob', 'addr:10.0.0.1'], EPOCH);
    t.same(iso(after, 'user:ann'), []);
    t.equal(iso(after, 'user:bob').length, 1);
    t.equal(iso(after, 'addr:10.0.0.1').length, 3);
  });

  await t.test('keys of 200 characters, beyond ASCII, are kept whole', async (t) => {
    const key = `user:${'ä'.repeat(194)}€`;
    t.equal(Array.from(key).length, 200);
    await log.record([key], at('00:05.000'), EPOCH);
    t.same(iso(await log.failuresAfter([key], EPOCH), key), [at('00:05.000').toISOString()]);
  });
}

t.test('every SignInFailureLog, on every target', (t) =>
  forEachTarget(t, REPOSITORY_TARGETS, async (t, target) => {
    if (target === 'memory') return contract(t, new InMemorySignInFailureLog());
    await withDatabase(t, target, async (t, handle, ctx) => {
      await contract(t, new KyselySignInFailureLog(handle.db));

      // Database targets only: the fake is one instance's memory, the table is shared.
      await t.test('every instance on the database sees the same failures', async (t) => {
        const other = new KyselySignInFailureLog(ctx.open().db);
        await other.record(['user:carl'], at('00:06.000'), EPOCH);
        t.same(iso(await new KyselySignInFailureLog(handle.db).failuresAfter(['user:carl'], EPOCH), 'user:carl'), [
          at('00:06.000').toISOString(),
        ]);
        const rows = await handle.db
          .selectFrom('sign_in_failures')
          .select(['throttle_key', 'failed_at'])
          .where('throttle_key', '=', 'user:carl')
          .execute();
        t.same(
          rows.map((r) => r.failed_at.slice(0, 23)),
          ['2026-11-24 08:00:06.000'],
          'stored as UTC with milliseconds',
        );
      });
    });
  }),
);
