import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import t from 'tap';
import { withStatementCache } from '../../../src/adapters/db/sqlite/sqlite-statement-cache.ts';

function table(conn: SQLite.Database, rows = 5) {
  conn.exec('create table items (id integer primary key, name text not null)');
  const insert = conn.prepare('insert into items (name) values (?)');
  for (let i = 1; i <= rows; i++) insert.run(`item ${i}`);
}

t.test('the same SQL is prepared once; other SQL gets its own statement', async (t) => {
  const conn = new SQLite(':memory:');
  table(conn);
  const db = withStatementCache(conn);
  const first = db.prepare('select name from items where id = ?');
  t.equal(db.prepare('select name from items where id = ?'), first, 'same text: the prepared statement again');
  t.not(db.prepare('select id from items where id = ?'), first);
  t.same(first.all([2]), [{ name: 'item 2' }], 'a reused statement binds its new parameters');
  t.same(db.prepare('select name from items where id = ?').all([4]), [{ name: 'item 4' }]);
  db.close();
  t.equal(conn.open, false, 'close() closes the connection');
});

t.test('a statement still being iterated is not handed out again', async (t) => {
  const conn = new SQLite(':memory:');
  table(conn, 3);
  const db = withStatementCache(conn);
  const text = 'select id from items order by id';
  const outer = db.prepare(text);
  const seen: number[][] = [];
  for (const row of outer.iterate([]) as IterableIterator<{ id: number }>) {
    const inner = db.prepare(text);
    t.not(inner, outer, 'busy: a fresh statement');
    seen.push([row.id, (inner.all([]) as unknown[]).length]);
  }
  t.same(
    seen,
    [
      [1, 3],
      [2, 3],
      [3, 3],
    ],
    'both the streamed and the nested query ran to the end',
  );
  t.equal(db.prepare(text), outer, 'once the iteration ended, the cached statement serves again');
  db.close();
});

t.test('the least recently used statement goes when the cache is full', async (t) => {
  const conn = new SQLite(':memory:');
  table(conn);
  const db = withStatementCache(conn, 2);
  const a = db.prepare('select 1');
  const b = db.prepare('select 2');
  t.equal(db.prepare('select 1'), a, 'a is used again, so b is now the oldest');
  db.prepare('select 3');
  t.equal(db.prepare('select 1'), a, 'a stayed');
  t.not(db.prepare('select 2'), b, 'b was dropped and is prepared anew');
  db.close();
});

t.test('a cached statement follows schema changes', async (t) => {
  const conn = new SQLite(':memory:');
  table(conn, 1);
  const db = withStatementCache(conn);
  t.same(db.prepare('select * from items').all([]), [{ id: 1, name: 'item 1' }]);
  conn.exec("alter table items add column colour text not null default 'red'");
  t.same(
    db.prepare('select * from items').all([]),
    [{ id: 1, name: 'item 1', colour: 'red' }],
    'the new column is returned',
  );
  db.close();
});

t.test('through Kysely: reads, streams and writes over the cached statements', async (t) => {
  const conn = new SQLite(':memory:');
  table(conn, 4);
  const db = new Kysely<{ items: { id: Generated<number>; name: string } }>({
    dialect: new SqliteDialect({ database: withStatementCache(conn) }),
  });
  const byId = (id: number) => db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst();
  t.same(
    [await byId(1), await byId(3)],
    [{ name: 'item 1' }, { name: 'item 3' }],
    'one statement, new parameters each time',
  );
  const streamed: number[] = [];
  for await (const row of db.selectFrom('items').select('id').orderBy('id').stream()) streamed.push(row.id);
  t.same(streamed, [1, 2, 3, 4]);
  const inserted = await db.insertInto('items').values({ name: 'item 5' }).executeTakeFirstOrThrow();
  const again = await db.insertInto('items').values({ name: 'item 6' }).executeTakeFirstOrThrow();
  t.same([inserted.insertId, again.insertId], [5n, 6n], 'writes report their own row ids');
  t.same(await sql<{ n: number }>`select count(*) as n from items`.execute(db).then((r) => r.rows), [{ n: 6 }]);
  await db.destroy();
  t.equal(conn.open, false);
});
