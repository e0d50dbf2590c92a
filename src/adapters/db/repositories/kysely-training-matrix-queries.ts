import type { Kysely } from 'kysely';
import type { TrainingMatrixQueries } from '../../../domain/ports/training-matrix-queries.ts';
import type { EmployeeDocumentTraining } from '../../../domain/training-matrix.ts';
import type { DepartmentTally } from '../../../domain/training-matrix-overview.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';

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
 * {@link TrainingMatrixQueries} on the summary `employee_document_training` (one row per employee
 * and document they trained on, kept with the forms: `kysely-training-summary.ts`): the employees
 * in scope, each joined to their row by its primary key. No trainee link or form is read here.
 * Served by the employee department / job-title indexes and the requirements' scope index.
 */
export class KyselyTrainingMatrixQueries implements TrainingMatrixQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async documentTraining(documentId: number): Promise<EmployeeDocumentTraining[]> {
    // Driven by the document's requirements (index) to the employees of each scope (index): MariaDB
    // scanned every employee for `department in (…) or job_title in (…)`.
    const scoped = (kind: ScopeKind) =>
      requiredOfActiveEmployees(this.db, kind).where('r.document_id', '=', documentId).select('e.id as employee_id');
    const rows = await this.db
      .with('scoped', () => scoped('department').union(scoped('job_title')))
      .selectFrom('scoped as s')
      .innerJoin('employees as e', 'e.id', 's.employee_id')
      .leftJoin('employee_document_training as t', (j) =>
        j.onRef('t.employee_id', '=', 's.employee_id').on('t.document_id', '=', documentId),
      )
      .select([
        'e.id as employee_id',
        'e.display_name',
        'e.department',
        'e.job_title',
        't.newest_effective_date as newest',
        't.last_training_date as last_date',
      ])
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
      .selectFrom('scoped as s')
      .innerJoin('employees as e', 'e.id', 's.employee_id')
      .innerJoin('controlled_documents as d', 'd.id', 's.document_id')
      .leftJoin('employee_document_training as t', (j) =>
        j.onRef('t.employee_id', '=', 's.employee_id').onRef('t.document_id', '=', 's.document_id'),
      )
      .where('d.retired', '=', 0)
      .select([
        'e.id as employee_id',
        'e.display_name',
        'e.department',
        'e.job_title',
        's.document_id',
        't.newest_effective_date as newest',
        't.last_training_date as last_date',
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
      .with('facts', (db) =>
        db
          .selectFrom('scoped as s')
          .innerJoin('controlled_documents as d', 'd.id', 's.document_id')
          .leftJoin('employee_document_training as t', (j) =>
            j.onRef('t.employee_id', '=', 's.employee_id').onRef('t.document_id', '=', 's.document_id'),
          )
          .where('d.retired', '=', 0)
          .select(['s.department', 's.document_id', 't.newest_effective_date as newest']),
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
