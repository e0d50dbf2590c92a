import { sql } from 'kysely';
import t from 'tap';
import { CompiledOnce } from '../../../src/adapters/db/connection/compiled-once.ts';
import { fromDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { forEachDialect } from '../../helpers/targets.ts';

t.test('a query compiled once, on every dialect', (t) =>
  forEachDialect(t, async (t, handle, ctx) => {
    const { db } = handle;
    await db
      .insertInto('admin_users')
      .values(
        ['ada', 'ben', 'chiara'].map((username, i) => ({
          username,
          created_by: i === 1 ? 'seed' : 'ada',
          created_at: '2026-12-01 10:00:00.000',
        })),
      )
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
      t.same(
        (await byCreator.execute('ada', 'nobody')).map((r) => r.username),
        ['ada', 'chiara'],
      );
      t.same(
        (await byCreator.execute('seed', 'chiara')).map((r) => r.username),
        ['ben', 'chiara'],
      );
      t.same(await byCreator.execute('nobody', 'nobody'), []);
      t.equal(builds, 1, 'built and compiled once');
    });

    await t.test('values with quotes stay values (bound, never spliced into the text)', async (t) => {
      const byName = new CompiledOnce(db, 1, (name: string) =>
        db.selectFrom('admin_users').select('username').where('username', '=', name),
      );
      t.same(await byName.execute("ada' or '1'='1"), []);
      t.same(await byName.execute('ben'), [{ username: 'ben' }]);
    });

    await t.test('on MariaDB: a prepared statement, prepared once per connection; other queries as text', async (t) => {
      if (handle.dialect !== 'mariadb') return t.pass('SQLite prepares every statement (sqlite-statement-cache)');
      const single = ctx.open({ connectionLimit: 1 });
      const status = async () => {
        const { rows } = await sql<{
          Variable_name: string;
          Value: string;
        }>`show session status where Variable_name in ('Com_stmt_prepare', 'Com_stmt_execute')`.execute(single.db);
        return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
      };
      const byName = new CompiledOnce(single.db, 1, (name: string) =>
        single.db.selectFrom('admin_users').select(['username', 'created_at']).where('username', '=', name),
      );
      const before = await status();
      const rows = [await byName.execute('ada'), await byName.execute('ben'), await byName.execute("ada' or '1'='1")];
      // The binary protocol leaves out a zero fraction of a second (`10:00:00`, where text gives `10:00:00.000`).
      const times = rows.map((found) => found.map((r) => `${r.username} ${fromDbTime(r.created_at).toISOString()}`));
      t.same(
        times,
        [['ada 2026-12-01T10:00:00.000Z'], ['ben 2026-12-01T10:00:00.000Z'], []],
        'the values a text query gives',
      );
      await single.db.selectFrom('admin_users').select('username').where('created_by', '=', 'ada').execute();
      const after = await status();
      t.equal(after.Com_stmt_prepare! - before.Com_stmt_prepare!, 1, 'prepared once');
      t.equal(
        after.Com_stmt_execute! - before.Com_stmt_execute!,
        3,
        'executed once per call, and the ordinary query was not',
      );

      const doomed = new CompiledOnce(single.db, 1, (name: string) =>
        single.db.selectFrom('job_runs').select('id').where('job_name', '=', name),
      );
      t.same(await doomed.execute('backup'), []);
      await sql`drop table job_runs`.execute(single.db);
      await t.rejects(doomed.execute('backup'), { code: 'ER_NO_SUCH_TABLE' }, 'a driver error comes back as it is');
      t.same(
        (await byName.execute('chiara')).map((r) => r.username),
        ['chiara'],
        'and the connection serves on',
      );
    });

    t.test('an argument that is not bound as a value is refused at construction', async (t) => {
      t.throws(
        () =>
          new CompiledOnce(db, 1, (id: number) =>
            db.selectFrom('admin_users').select('username').where('username', '=', String(id)),
          ),
        /argument 0 of the query is not bound as a value/,
      );
      // Inlined into the text: Kysely itself refuses the placeholder as a literal.
      t.throws(
        () => new CompiledOnce(db, 1, (name: string) => db.selectFrom('admin_users').select(sql.lit(name).as('x'))),
      );
    });
  }),
);
