import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { employeeNamed } from './kysely-employee-repository.ts';

/**
 * When a typed trainee name is filtered as the list of its people's ids: at most `people` match it
 * and they are trainees of at most `links` forms. SQLite then starts from those trainee rows and
 * sorts their forms (0.4 s for 31 people, 11,000 forms, at 1M forms), but for a name as common as
 * "Weber" (585 people, 200,000 forms) that costs seconds, where reading the forms newest first and
 * matching each one's trainees by name finds a page and 10,001 matches in 0.3 s.
 */
export interface TraineeNameBound {
  readonly people: number;
  readonly links: number;
}

export const TRAINEE_NAME_BOUND: TraineeNameBound = { people: 1_000, links: 20_000 };

/**
 * The ids of the employees `text` names (display name, email or UPN contains it, people who left
 * included: {@link employeeNamed}), or null when they are more than the bound or trainees of more
 * forms than it allows.
 */
export async function employeesNamed(
  db: Kysely<Database>,
  text: string,
  bound: TraineeNameBound,
): Promise<number[] | null> {
  const rows = await db
    .selectFrom('employees as e')
    .select('e.id')
    .where(employeeNamed(text))
    .limit(bound.people + 1)
    .execute();
  if (rows.length > bound.people) return null;
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return ids;
  const links = await db
    .selectFrom(
      db
        .selectFrom('training_form_trainees')
        .select('employee_id')
        .where('employee_id', 'in', ids)
        .limit(bound.links + 1)
        .as('l'),
    )
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(links.n) > bound.links ? null : ids;
}

/**
 * The forms with a trainee `text` names: with the people resolved beforehand (`ids`, from
 * {@link employeesNamed}), `id in` their trainee rows, read from `ix_training_form_trainees_employee`
 * like a chosen trainee; otherwise (`null`: too many people) each form's trainees matched by name.
 */
export function traineeNamedCondition(
  eb: ExpressionBuilder<Database, 'training_forms'>,
  text: string,
  ids: readonly number[] | null,
): Expression<SqlBool> {
  if (ids === null)
    return eb.exists(
      eb
        .selectFrom('training_form_trainees as t')
        .innerJoin('employees as e', 'e.id', 't.employee_id')
        .select('t.employee_id')
        .whereRef('t.training_form_id', '=', 'training_forms.id')
        .where(employeeNamed(text)),
    );
  if (ids.length === 0) return sql<SqlBool>`1 = 0`;
  return eb(
    'training_forms.id',
    'in',
    eb
      .selectFrom('training_form_trainees as t')
      .select('t.training_form_id')
      .where('t.employee_id', 'in', [...ids]),
  );
}
