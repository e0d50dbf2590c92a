import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { ListCursor } from '../../../domain/list-cursor.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';

/**
 * The rows past `cursor` in the list's default order (training date, then id, both descending):
 * `after` the rows older than the position, `before` the newer ones. Written so that each dialect
 * reads `ix_training_forms_deleted_date` (deleted, training_date, id) from the position on, not
 * every row ahead of it (plans in BENCHMARKS.md, "Seek pages"): SQLite seeks on the row value
 * `(training_date, id) < (?, ?)`; MariaDB's range optimizer does not take a row value, so there it
 * is spelt out as `training_date < ? or (training_date = ? and id < ?)`, two ranges of the index.
 */
export function seekCondition(
  eb: ExpressionBuilder<Database, 'training_forms'>,
  cursor: ListCursor,
  dialect: 'sqlite' | 'mariadb',
): Expression<SqlBool> {
  const op = cursor.direction === 'after' ? '<' : '>';
  const { trainingDate: date, id } = cursor;
  if (dialect === 'sqlite')
    return sql<SqlBool>`(${sql.ref('training_forms.training_date')}, ${sql.ref('training_forms.id')}) ${sql.raw(op)} (${date}, ${id})`;
  return eb.or([eb('training_date', op, date), eb.and([eb('training_date', '=', date), eb('id', op, id)])]);
}
