import { sql, type Kysely } from 'kysely';
import type { TrainingMatrixQueries } from '../../../domain/ports/training-matrix-queries.ts';
import type { EmployeeDocumentTraining } from '../../../domain/training-matrix.ts';
import type { DepartmentTally } from '../../../domain/training-matrix-overview.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';

/**
 * `+f.deleted`: the unary plus keeps SQLite from driving the query by `ix_training_forms_deleted_date`
 * (without ANALYZE statistics it guesses that `deleted = 0` matches ~10 rows and scanned all
 * 97k live forms: 25 s for a department); forms are reached from the revisions or trainees
 * instead. A no-op for MariaDB. See BENCHMARKS.md, "Training matrix".
 */
const NOT_AN_INDEX_KEY = sql<number>`+${sql.ref('f.deleted')}`;

interface FactRow {
  employee_id: number;
  display_name: string;
  department: string | null;
  job_title: string | null;
  document_id: number;
  newest: unknown;
  last_date: unknown;
}

/**
 * {@link TrainingMatrixQueries} aggregated in SQL: forms reach the matrix only as one
 * (employee, document) row with the newest trained revision's effective date and the last
 * training date. Served by `ix_training_forms_revision` (forms of a document's revisions),
 * `ix_training_form_trainees_employee` (forms of the department's employees) and the
 * employee department / job-title indexes.
 */
export class KyselyTrainingMatrixQueries implements TrainingMatrixQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async documentTraining(documentId: number): Promise<EmployeeDocumentTraining[]> {
    const trained = this.db
      .selectFrom('document_revisions as dr')
      .innerJoin('training_forms as f', 'f.document_revision_id', 'dr.id')
      .innerJoin('training_form_trainees as tr', 'tr.training_form_id', 'f.id')
      .where('dr.document_id', '=', documentId)
      .where(NOT_AN_INDEX_KEY, '=', 0)
      .groupBy('tr.employee_id')
      .select((eb) => [
        'tr.employee_id',
        eb.fn.max('dr.effective_date').as('newest'),
        eb.fn.max('f.training_date').as('last_date'),
      ])
      .as('t');
    const required = (kind: 'department' | 'job_title') =>
      this.db
        .selectFrom('training_requirements')
        .select('scope_value')
        .where('document_id', '=', documentId)
        .where('scope_kind', '=', kind);
    const rows = await this.db
      .selectFrom('employees as e')
      .leftJoin(trained, 't.employee_id', 'e.id')
      .where('e.active', '=', 1)
      .where((eb) =>
        eb.or([eb('e.department', 'in', required('department')), eb('e.job_title', 'in', required('job_title'))]),
      )
      .select(['e.id as employee_id', 'e.display_name', 'e.department', 'e.job_title', 't.newest', 't.last_date'])
      .orderBy('e.display_name')
      .orderBy('e.id')
      .execute();
    return rows.map((r) => toFact({ ...r, document_id: documentId }));
  }

  async departmentTraining(department: string): Promise<EmployeeDocumentTraining[]> {
    // Active employees of the department, each with the documents required of their department or job title.
    const scoped = (kind: ScopeKind) =>
      requiredOfActiveEmployees(this.db, kind)
        .where('e.department', '=', department)
        .select(['e.id as employee_id', 'r.document_id']);
    const rows = await this.db
      .with('scoped', () => scoped('department').union(scoped('job_title')))
      // Driven by the department's employees (index), not by every linked form: MariaDB turned an
      // `employee_id in (select ... from scoped)` into a semi-join after reading all 70k linked forms.
      .with('trained', (db) =>
        db
          .selectFrom('employees as e')
          .innerJoin('training_form_trainees as tr', 'tr.employee_id', 'e.id')
          .innerJoin('training_forms as f', 'f.id', 'tr.training_form_id')
          .innerJoin('document_revisions as dr', 'dr.id', 'f.document_revision_id')
          .where('e.department', '=', department)
          .where('e.active', '=', 1)
          .where(NOT_AN_INDEX_KEY, '=', 0)
          .groupBy(['tr.employee_id', 'dr.document_id'])
          .select((eb) => [
            'tr.employee_id',
            'dr.document_id',
            eb.fn.max('dr.effective_date').as('newest'),
            eb.fn.max('f.training_date').as('last_date'),
          ]),
      )
      .selectFrom('scoped as s')
      .innerJoin('employees as e', 'e.id', 's.employee_id')
      .innerJoin('controlled_documents as d', 'd.id', 's.document_id')
      .leftJoin('trained as t', (j) =>
        j.onRef('t.employee_id', '=', 's.employee_id').onRef('t.document_id', '=', 's.document_id'),
      )
      .where('d.retired', '=', 0)
      .select([
        'e.id as employee_id',
        'e.display_name',
        'e.department',
        'e.job_title',
        's.document_id',
        't.newest',
        't.last_date',
      ])
      .orderBy('e.display_name')
      .orderBy('e.id')
      .orderBy('s.document_id')
      .execute();
    return rows.map(toFact);
  }

  async departmentTallies(): Promise<DepartmentTally[]> {
    const scoped = (kind: ScopeKind) =>
      requiredOfActiveEmployees(this.db, kind)
        .where('e.department', 'is not', null)
        .select(['e.id as employee_id', 'e.department', 'r.document_id']);
    const rows = await this.db
      .with('scoped', () => scoped('department').union(scoped('job_title')))
      // One pass over the linked trainings, grouped. CROSS JOIN keeps SQLite to this order, where
      // every step reads an index alone (revisions → ix_training_forms_revision with `deleted` →
      // the trainees' key): 0.2 s at 100k forms, against 0.7-2.3 s for its own choice and 3 s for
      // a lookup per (employee, document). MariaDB reads it as an inner join (BENCHMARKS.md, "Pictures on the pages").
      .with('trained', (db) =>
        db
          .selectFrom('document_revisions as dr')
          .crossJoin('training_forms as f')
          .crossJoin('training_form_trainees as tr')
          .whereRef('f.document_revision_id', '=', 'dr.id')
          .whereRef('tr.training_form_id', '=', 'f.id')
          .where('f.deleted', '=', 0)
          .groupBy(['tr.employee_id', 'dr.document_id'])
          .select((eb) => ['tr.employee_id', 'dr.document_id', eb.fn.max('dr.effective_date').as('newest')]),
      )
      .with('facts', (db) =>
        db
          .selectFrom('scoped as s')
          .innerJoin('controlled_documents as d', 'd.id', 's.document_id')
          .leftJoin('trained as t', (j) =>
            j.onRef('t.employee_id', '=', 's.employee_id').onRef('t.document_id', '=', 's.document_id'),
          )
          .where('d.retired', '=', 0)
          .select(['s.department', 's.document_id', 't.newest']),
      )
      .selectFrom('facts')
      .select((eb) => ['department', 'document_id', 'newest', eb.fn.countAll<number | string>().as('n')])
      .groupBy(['department', 'document_id', 'newest'])
      .execute();
    return rows.map((r) => ({
      department: String(r.department),
      documentId: Number(r.document_id),
      newestTrainedEffectiveDate: dateOrNull(r.newest),
      employees: Number(r.n),
    }));
  }
}

type ScopeKind = 'department' | 'job_title';

/** Active employees joined to the requirements of their department (or job title): a row per employee and document. */
function requiredOfActiveEmployees(db: Kysely<Database>, kind: ScopeKind) {
  return db
    .selectFrom('employees as e')
    .innerJoin('training_requirements as r', (j) =>
      j
        .onRef('r.scope_value', '=', kind === 'department' ? 'e.department' : 'e.job_title')
        .on('r.scope_kind', '=', kind),
    )
    .where('e.active', '=', 1);
}

/** A DATE value as `YYYY-MM-DD` (MAX() of a date may come back as text or as a Date). */
function dateOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

function toFact(r: FactRow): EmployeeDocumentTraining {
  return {
    employee: {
      id: Number(r.employee_id),
      displayName: r.display_name,
      department: r.department,
      jobTitle: r.job_title,
    },
    documentId: Number(r.document_id),
    newestTrainedEffectiveDate: dateOrNull(r.newest),
    lastTrainingDate: dateOrNull(r.last_date),
  };
}
