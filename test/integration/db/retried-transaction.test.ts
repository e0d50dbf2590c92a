import { sql } from 'kysely';
import t from 'tap';
import { retriedTransaction, TRANSACTION_ATTEMPTS } from '../../../src/adapters/db/repositories/retried-transaction.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// The retry's bounds on one server (the cluster case, a real lost certification, is in
// galera-cluster.test.ts): a refused commit runs again at most TRANSACTION_ATTEMPTS times in all,
// each run rolled back; any other error is rethrown at once, unchanged.
const refused = () =>
  Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), {
    code: 'ER_LOCK_DEADLOCK',
    errno: 1213,
  });

t.test('retriedTransaction: bounded, rolls each run back, leaves other errors alone', (t) =>
  forEachDialect(t, async (t, handle) => {
    const count = async () =>
      Number((await sql<{ n: number }>`select count(*) as n from admin_users`.execute(handle.db)).rows[0]?.n);
    let runs = 0;
    const always = retriedTransaction(handle.db, async (trx) => {
      runs++;
      await sql`insert into admin_users (username, created_by, created_at) values (${`u${runs}`}, 'test', '2026-01-01 00:00:00.000')`.execute(
        trx,
      );
      throw refused();
    });
    await t.rejects(always, { code: 'ER_LOCK_DEADLOCK' }, 'the last refusal is rethrown');
    t.equal(runs, TRANSACTION_ATTEMPTS, `run ${TRANSACTION_ATTEMPTS} times in all`);
    t.equal(await count(), 0, 'every run rolled back');

    runs = 0;
    const once = retriedTransaction(handle.db, async () => {
      runs++;
      throw Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
    });
    await t.rejects(once, { code: 'ER_DUP_ENTRY', message: 'Duplicate entry' });
    t.equal(runs, 1, 'any other error: no second run');

    runs = 0;
    t.equal(
      await retriedTransaction(handle.db, async (trx) => {
        if (++runs === 1) throw refused();
        await sql`insert into admin_users (username, created_by, created_at) values ('kept', 'test', '2026-01-01 00:00:00.000')`.execute(
          trx,
        );
        return 'done';
      }),
      'done',
    );
    t.equal(runs, 2);
    t.equal(await count(), 1, 'the second run committed');
  }),
);
