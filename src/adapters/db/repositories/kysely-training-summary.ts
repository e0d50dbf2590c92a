import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import type {
  TrainingSummaryCheck,
  TrainingSummaryDifference,
  TrainingSummaryFact,
  TrainingSummaryMaintenance,
  TrainingSummaryRebuild,
} from '../../../domain/ports/training-summary.ts';
import { chunk } from '../connection/db-values.ts';
import { bumpMatrixGeneration } from './matrix-generation.ts';
import { retriedTransaction } from './retried-transaction.ts';

/** Employees per statement when a form's trainees are refreshed, and per batch of a rebuild or a check. */
const EMPLOYEES_PER_BATCH = 500;

/**
 * `+f.deleted`: keeps SQLite from driving the aggregation by `ix_training_forms_deleted_date`
 * (see `kysely-training-matrix-queries.ts`); a no-op for MariaDB.
 */
const NOT_AN_INDEX_KEY = sql<number>`+${sql.ref('f.deleted')}`;

type Narrowing =
  | { readonly employeeIds: readonly number[]; readonly documentIds: readonly number[] }
  | { readonly fromEmployee: number; readonly toEmployee: number };

/**
 * The summary's rows computed afresh from the forms, for some employees (and documents): per
 * (employee, document), over the employee's non-deleted forms linked to a revision of the
 * document, the newest revision by effective date (unique per document) and the last training
 * date. CROSS JOIN keeps SQLite to trainees (by employee) → form → revision, each by an index.
 */
function freshRows(db: Kysely<Database>, narrowing: Narrowing) {
  const grouped = db
    .selectFrom('training_form_trainees as tr')
    .crossJoin('training_forms as f')
    .crossJoin('document_revisions as dr')
    .whereRef('f.id', '=', 'tr.training_form_id')
    .whereRef('dr.id', '=', 'f.document_revision_id')
    .where(NOT_AN_INDEX_KEY, '=', 0)
    .where((eb) =>
      'employeeIds' in narrowing
        ? eb.and([
            eb('tr.employee_id', 'in', [...narrowing.employeeIds]),
            eb('dr.document_id', 'in', [...narrowing.documentIds]),
          ])
        : eb.between('tr.employee_id', narrowing.fromEmployee, narrowing.toEmployee),
    )
    .groupBy(['tr.employee_id', 'dr.document_id'])
    .select((eb) => [
      'tr.employee_id',
      'dr.document_id',
      eb.fn.max('dr.effective_date').as('newest'),
      eb.fn.max('f.training_date').as('last_date'),
    ])
    .as('g');
  return db
    .selectFrom(grouped)
    .innerJoin('document_revisions as r', (j) =>
      j.onRef('r.document_id', '=', 'g.document_id').onRef('r.effective_date', '=', 'g.newest'),
    )
    .select([
      'g.employee_id',
      'g.document_id',
      'r.id as newest_revision_id',
      'g.newest as newest_effective_date',
      'g.last_date as last_training_date',
    ]);
}

const COLUMNS = [
  'employee_id',
  'document_id',
  'newest_revision_id',
  'newest_effective_date',
  'last_training_date',
] as const;

/** Replaces the summary rows of the employees (and documents) of `narrowing` with fresh ones. */
async function replaceRows(db: Kysely<Database>, narrowing: Narrowing): Promise<number> {
  let removed = db.deleteFrom('employee_document_training');
  removed =
    'employeeIds' in narrowing
      ? removed
          .where('employee_id', 'in', [...narrowing.employeeIds])
          .where('document_id', 'in', [...narrowing.documentIds])
      : removed.where('employee_id', '>=', narrowing.fromEmployee).where('employee_id', '<=', narrowing.toEmployee);
  await removed.execute();
  const result = await db
    .insertInto('employee_document_training')
    .columns(COLUMNS)
    .expression(freshRows(db, narrowing))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Recomputes the summary rows of every (employee, document) pair of `employeeIds` × `documentIds`
 * from the forms, on `db` — the transaction of the change to a form that may have moved them (its
 * trainees, revision, training date, deletion, purge). Null documents (external training) are ignored.
 */
export async function refreshTrainingSummary(
  db: Kysely<Database>,
  employeeIds: Iterable<number>,
  documentIds: Iterable<number | null>,
): Promise<void> {
  const documents = [...new Set([...documentIds].filter((d): d is number => d !== null))];
  const employees = [...new Set(employeeIds)];
  if (documents.length === 0 || employees.length === 0) return;
  for (const part of chunk(employees, EMPLOYEES_PER_BATCH))
    await replaceRows(db, { employeeIds: part, documentIds: documents });
  await bumpMatrixGeneration(db);
}

/** What the summary needs to know of one form: its document (null: external training) and its trainees. */
export async function summaryLinksOf(
  db: Kysely<Database>,
  formId: number,
): Promise<{ documentId: number | null; employeeIds: number[] }> {
  const form = await db
    .selectFrom('training_forms as f')
    .leftJoin('document_revisions as dr', 'dr.id', 'f.document_revision_id')
    .select('dr.document_id')
    .where('f.id', '=', formId)
    .executeTakeFirst();
  const trainees = await db
    .selectFrom('training_form_trainees')
    .select('employee_id')
    .where('training_form_id', '=', formId)
    .execute();
  return { documentId: form?.document_id ?? null, employeeIds: trainees.map((t) => t.employee_id) };
}

/** The document of a register revision (null for none or an unknown id). */
export async function documentOfRevision(db: Kysely<Database>, revisionId: number | null): Promise<number | null> {
  if (revisionId === null) return null;
  const row = await db
    .selectFrom('document_revisions')
    .select('document_id')
    .where('id', '=', revisionId)
    .executeTakeFirst();
  return row?.document_id ?? null;
}

/** A DATE as `YYYY-MM-DD` (MariaDB may hand back a `Date`, MAX() may come back as text). */
const day = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

function toFact(r: Record<(typeof COLUMNS)[number], unknown>): TrainingSummaryFact {
  return {
    employeeId: Number(r.employee_id),
    documentId: Number(r.document_id),
    newestRevisionId: Number(r.newest_revision_id),
    newestEffectiveDate: day(r.newest_effective_date),
    lastTrainingDate: day(r.last_training_date),
  };
}

const sameFact = (a: TrainingSummaryFact, b: TrainingSummaryFact) =>
  a.newestRevisionId === b.newestRevisionId &&
  a.newestEffectiveDate === b.newestEffectiveDate &&
  a.lastTrainingDate === b.lastTrainingDate;

/**
 * {@link TrainingSummaryMaintenance} on Kysely: rebuilds and checks the summary a range of
 * {@link EMPLOYEES_PER_BATCH} employee ids at a time (each rebuild batch its own transaction, so a
 * Galera write set stays small and the forms stay writable meanwhile).
 */
export class KyselyTrainingSummary implements TrainingSummaryMaintenance {
  constructor(private readonly db: Kysely<Database>) {}

  async rebuild(): Promise<TrainingSummaryRebuild> {
    let pairs = 0;
    let batches = 0;
    for (const [fromEmployee, toEmployee] of await this.ranges()) {
      pairs += await retriedTransaction(this.db, async (trx) => {
        const written = await replaceRows(trx, { fromEmployee, toEmployee });
        await bumpMatrixGeneration(trx);
        return written;
      });
      batches += 1;
    }
    return { pairs, batches };
  }

  async check(): Promise<TrainingSummaryCheck> {
    let pairs = 0;
    const differences: TrainingSummaryDifference[] = [];
    for (const [fromEmployee, toEmployee] of await this.ranges()) {
      const fresh = (await freshRows(this.db, { fromEmployee, toEmployee }).execute()).map(toFact);
      const stored = await this.db
        .selectFrom('employee_document_training')
        .select(COLUMNS)
        .where('employee_id', '>=', fromEmployee)
        .where('employee_id', '<=', toEmployee)
        .execute();
      const key = (f: TrainingSummaryFact) => `${f.employeeId}:${f.documentId}`;
      const kept = new Map(stored.map((r) => toFact(r)).map((f) => [key(f), f]));
      pairs += fresh.length;
      for (const expected of fresh) {
        const actual = kept.get(key(expected)) ?? null;
        kept.delete(key(expected));
        if (!actual || !sameFact(actual, expected))
          differences.push({ employeeId: expected.employeeId, documentId: expected.documentId, expected, actual });
      }
      for (const actual of kept.values())
        differences.push({ employeeId: actual.employeeId, documentId: actual.documentId, expected: null, actual });
    }
    differences.sort((a, b) => a.employeeId - b.employeeId || a.documentId - b.documentId);
    return { pairs, differences };
  }

  /** Employee id ranges covering every employee and every summary row (a row may outlive its employee's forms). */
  private async ranges(): Promise<[number, number][]> {
    const top = await this.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('employees')
          .select((e) => e.fn.max('id').as('m'))
          .as('employees'),
        eb
          .selectFrom('employee_document_training')
          .select((e) => e.fn.max('employee_id').as('m'))
          .as('summary'),
      ])
      .executeTakeFirstOrThrow();
    const last = Math.max(Number(top.employees ?? 0), Number(top.summary ?? 0));
    const out: [number, number][] = [];
    for (let from = 0; from <= last; from += EMPLOYEES_PER_BATCH) out.push([from, from + EMPLOYEES_PER_BATCH - 1]);
    return out;
  }
}
