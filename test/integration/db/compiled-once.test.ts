import { sql } from 'kysely';
import t from 'tap';
import { CompiledOnce } from '../../../src/adapters/db/compiled-once.ts';
import { forEachDialect } from '../../helpers/dialects.ts';

t.test('a query compiled once, on every dialect', (t) =>
  forEachDialect(t, async (t, handle) => {
    const { db } = handle;
    await db
      .insertInto('admin_users')
      .values(['ada', 'ben', 'chiara'].map((username, i) => ({ username, created_by: i === 1 ? 'seed' : 'ada', created_at: '2026-12-01 10:00:00.000' })))
      .execute();

    await t.test('each call binds its own values; constants stay as built', async (t) => {
      let builds = 0;
      const byCreator = new CompiledOnce(db, 2, (creator: string, other: string) => {
        builds++;
        return db
          .selectFrom('admin_users')
          .select('username')
          .where((eb) => eb.or([eb('created_by', '=', creator), eb('username', '=', other)]))
          .where('created_at', '>=', '2026-01-01')
          .orderBy('username');
      });
      t.same((await byCreator.execute('ada', 'nobody')).map((r) => r.username), ['ada', 'chiara']);
      t.same((await byCreator.execute('seed', 'chiara')).map((r) => r.username), ['ben', 'chiara']);
      t.same(await byCreator.execute('nobody', 'nobody'), []);
      t.equal(builds, 1, 'built and compiled once');
    });

    await t.test('values with quotes stay values (bound, never spliced into the text)', async (t) => {
      const byName = new CompiledOnce(db, 1, (name: string) => db.selectFrom('admin_users').select('username').where('username', '=', name));
      t.same(await byName.execute("ada' or '1'='1"), []);
      t.same(await byName.execute('ben'), [{ username: 'ben' }]);
    });

    t.test('an argument that is not bound as a value is refused at construction', async (t) => {
      t.throws(
        () => new CompiledOnce(db, 1, (id: number) => db.selectFrom('admin_users').select('username').where('username', '=', String(id))),
        /argument 0 of the query is not bound as a value/,
      );
      // Inlined into the text: Kysely itself refuses the placeholder as a literal.
      t.throws(() => new CompiledOnce(db, 1, (name: string) => db.selectFrom('admin_users').select(sql.lit(name).as('x'))));
    });
  }),
);
