import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import type { MonthCount } from '../../../domain/training-months.ts';

/**
 * `training_form_months`: active forms per month of training date, kept exact by the form
 * repository in the same transaction as each form write (`addToMonth`), so the unfiltered list's
 * count and chart read a row per month instead of every form (docs/pages.md, "Counts and the chart
 * at 1M forms").
 */

/** `YYYY-MM` of a training date (`YYYY-MM-DD`). */
export function monthOf(trainingDate: string): string {
  return trainingDate.slice(0, 7);
}

/**
 * Adds `delta` (±1) to the active forms of `month`: an upsert, in the caller's transaction. A row
 * brought to 0 stays (readers treat it as no forms).
 */
export async function addToMonth(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'mariadb',
  month: string,
  delta: number,
): Promise<void> {
  if (delta === 0) return;
  await (
    dialect === 'sqlite'
      ? sql`insert into training_form_months (month, forms) values (${month}, ${delta})
        on conflict (month) do update set forms = forms + excluded.forms`
      : sql`insert into training_form_months (month, forms) values (${month}, ${delta})
        on duplicate key update forms = forms + values(forms)`
  ).execute(db);
}

/**
 * Active forms per month from `first` to `last` (`YYYY-MM`, both included), oldest first; months
 * without forms left out.
 */
export async function monthsBetween(db: Kysely<Database>, first: string, last: string): Promise<MonthCount[]> {
  const rows = await db
    .selectFrom('training_form_months')
    .select(['month', 'forms'])
    .where('month', '>=', first)
    .where('month', '<=', last)
    .where('forms', '>', 0)
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ month: r.month, forms: Number(r.forms) }));
}

/** Active forms of the months from `first` to `last`, summed (the same rows as {@link monthsBetween}). */
export async function formsBetween(db: Kysely<Database>, first: string, last: string): Promise<number> {
  const row = await db
    .selectFrom('training_form_months')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('forms'), sql<number>`0`).as('n'))
    .where('month', '>=', first)
    .where('month', '<=', last)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Rewrites the whole table from the forms (the same aggregation as the migration's backfill): for
 * bulk loads that write forms without the repository (the seed).
 */
export async function recountMonths(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('training_form_months').execute();
  await sql`insert into training_form_months (month, forms)
    select substr(training_date, 1, 7), count(*)
    from training_forms
    where deleted = 0
    group by substr(training_date, 1, 7)`.execute(db);
}
