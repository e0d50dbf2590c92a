import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MatrixPageQuery, MatrixScope } from '../../../domain/ports/training-matrix-queries.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { matrixCells } from './training-matrix-cells.ts';

/** What a row of {@link matrixPageStatement} is, in its `kind` column. */
export const PAGE_ROW = { cells: 0, people: 1, everyone: 2, page: 3, overdue: 4 } as const;

/** A row of {@link matrixPageStatement}: the columns a kind does not use are null. */
export interface MatrixPageRow {
  kind: number;
  document_id: number | null;
  status: string | null;
  n: number | string | null;
  employee_id: number | null;
  display_name: string | null;
  department: string | null;
  job_title: string | null;
  newest: unknown;
  last_date: unknown;
}

/** The parts of a matrix page: the counts, the page's people's cells, the first overdue cells. */
export type PagePart = 'counts' | 'people' | 'overdue';

/**
 * One statement for the `parts` of a matrix page over the scope's cells, a CTE (`MATERIALIZED` on
 * SQLite, so all parts read the cells computed once; MariaDB computes it again where it is read).
 * Its rows, ordered by kind, then rank: cells per (document, status), people per status, everyone,
 * the page's people's cells (people by display name and id, then document id), the first overdue
 * cells (due date, name in code point order, employee id, the rules' order). `n` holds the counts.
 * `employeeIds` narrows the cells to some people (`matrixCells`).
 */
export function matrixPageStatement(
  db: Kysely<Database>,
  scope: MatrixScope,
  query: MatrixPageQuery,
  sqlite: boolean,
  parts: readonly PagePart[],
  employeeIds?: readonly number[],
): RawBuilder<MatrixPageRow> {
  // Names in code point order for the overdue list: SQLite's default; MariaDB's collation folds case.
  const byCodePoint = (column: string) => (sqlite ? sql.ref(column) : sql`${sql.ref(column)} collate utf8mb4_bin`);
  const withStatus = query.status === null ? sql`` : sql`where c.status = ${query.status}`;
  const overdueOrder = sql`c.due, ${byCodePoint('e.display_name')}, e.id, c.position`;
  const none = sql`null as employee_id, null as display_name, null as department, null as job_title,
    null as newest, null as last_date, null as rn`;
  const person = sql`e.id as employee_id, e.display_name, e.department, e.job_title, c.newest, c.last_date`;
  const ctes = [sql`cells as ${sqlite ? sql`materialized` : sql``} ${matrixCells(db, scope, employeeIds)}`];
  const selects: RawBuilder<unknown>[] = [];
  if (parts.includes('counts'))
    selects.push(
      sql`select ${PAGE_ROW.cells} as kind, c.document_id as document_id, c.status as status, count(*) as n, ${none}
        from cells c group by c.document_id, c.status`,
      sql`select ${PAGE_ROW.people} as kind, null as document_id, c.status as status,
        count(distinct c.employee_id) as n, ${none} from cells c group by c.status`,
      sql`select ${PAGE_ROW.everyone} as kind, null as document_id, null as status,
        count(distinct c.employee_id) as n, ${none} from cells c`,
    );
  if (parts.includes('people')) {
    ctes.push(sql`shown as (
      select e.id as employee_id, row_number() over (order by e.display_name, e.id) as rn
      from (select distinct c.employee_id from cells c ${withStatus}) p
      inner join employees e on e.id = p.employee_id
      order by e.display_name, e.id
      limit ${query.limit} offset ${query.offset})`);
    selects.push(
      sql`select ${PAGE_ROW.page} as kind, c.document_id as document_id, null as status, null as n, ${person}, s.rn as rn
        from cells c inner join shown s on s.employee_id = c.employee_id
        inner join employees e on e.id = c.employee_id`,
    );
  }
  if (parts.includes('overdue'))
    selects.push(sql`select * from (
      select ${PAGE_ROW.overdue} as kind, c.document_id as document_id, null as status, null as n, ${person},
        row_number() over (order by ${overdueOrder}) as rn
      from cells c inner join employees e on e.id = c.employee_id
      where c.status <> 'current' and c.due is not null
      order by ${overdueOrder}
      limit ${query.overdue}) o`);
  return sql<MatrixPageRow>`with ${sql.join(ctes)} ${sql.join(selects, sql` union all `)}
    order by kind, rn, document_id`;
}

/** The ids of the people of the page `query` asks for, in page order (a Kysely query). */
export function pagePeopleIds(db: Kysely<Database>, scope: MatrixScope, query: MatrixPageQuery) {
  let people = db.selectFrom(matrixCells(db, scope).as('c')).select('c.employee_id').distinct();
  if (query.status) people = people.where('c.status', '=', query.status);
  return db
    .selectFrom(people.as('p'))
    .innerJoin('employees as e', 'e.id', 'p.employee_id')
    .select('e.id')
    .orderBy('e.display_name')
    .orderBy('e.id')
    .limit(query.limit)
    .offset(query.offset);
}
