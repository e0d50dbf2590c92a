import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MatrixScope } from '../../../domain/ports/training-matrix-queries.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';

type ScopeKind = 'department' | 'job_title';

/** Active employees joined to the requirements of their department (or job title): a row per employee and document. */
export function requiredOfActiveEmployees(db: Kysely<Database>, kind: ScopeKind) {
  return db
    .selectFrom('employees as e')
    .innerJoin('training_requirements as r', (j) =>
      j
        .onRef('r.scope_value', '=', kind === 'department' ? 'e.department' : 'e.job_title')
        .on('r.scope_kind', '=', kind),
    )
    .where('e.active', '=', 1);
}

/** `case <document> when <id> then <value> … end` over the scope's documents. */
function byDocument(
  document: RawBuilder<unknown>,
  values: readonly (readonly [number, unknown])[],
): RawBuilder<unknown> {
  const whens = values.map(([id, value]) => sql`when ${id} then ${value}`);
  return sql`case ${document} ${sql.join(whens, sql` `)} end`;
}

/**
 * The cells of a matrix page (`MatrixScope`) as a query, one row per (employee, document):
 * `employee_id`, `document_id`, `newest`, `last_date` (the summary row's, null without one),
 * `status` (the domain's `statusFrom` against each document's `currentFrom`), `due` (that
 * `currentFrom`) and `position` (the document's place in `rules`). `employeeIds` narrows it to
 * some people. The scope must have at least one rule. Use it as a derived table (`.as('c')`).
 */
export function matrixCells(db: Kysely<Database>, scope: MatrixScope, employeeIds?: readonly number[]) {
  const ids = scope.rules.map((r) => r.documentId);
  const scoped = (kind: ScopeKind) => {
    let q = requiredOfActiveEmployees(db, kind).select(['e.id as employee_id', 'r.document_id']);
    // A department drives from its employees; their few requirements are filtered below (an
    // `in` list here made SQLite probe the requirements' index once per employee and document).
    // Without one, the documents' requirements drive to their employees.
    if (scope.department !== null) q = q.where('e.department', '=', scope.department);
    else q = q.where('r.document_id', 'in', ids);
    if (employeeIds) q = q.where('e.id', 'in', employeeIds);
    return q;
  };
  const document = sql.ref('s.document_id');
  const due = byDocument(
    document,
    scope.rules.map((r) => [r.documentId, r.currentFrom]),
  );
  const position = byDocument(
    document,
    scope.rules.map((r, i) => [r.documentId, i]),
  );
  const newest = sql.ref('t.newest_effective_date');
  // The rule of `statusFrom` (training-matrix.ts): the contract test compares the two on the same data.
  const status = sql<string>`case when ${newest} is null then 'never'
    when ${due} is null or ${newest} >= ${due} then 'current' else 'outdated' end`;
  return db
    .selectFrom(scoped('department').union(scoped('job_title')).as('s'))
    .leftJoin('employee_document_training as t', (j) =>
      j.onRef('t.employee_id', '=', 's.employee_id').onRef('t.document_id', '=', 's.document_id'),
    )
    .select([
      's.employee_id',
      's.document_id',
      't.newest_effective_date as newest',
      't.last_training_date as last_date',
      status.as('status'),
      sql<string | null>`${due}`.as('due'),
      sql<number>`${position}`.as('position'),
    ])
    .where(sql<boolean>`${position} is not null`);
}
