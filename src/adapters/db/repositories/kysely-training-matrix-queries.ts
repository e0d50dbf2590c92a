import { sql, SqliteAdapter, type Kysely } from 'kysely';
import type {
  DocumentStatusCount,
  MatrixCounts,
  MatrixScope,
  PeoplePageRequest,
  TrainingMatrixQueries,
} from '../../../domain/ports/training-matrix-queries.ts';
import { MATRIX_STATUSES, type EmployeeDocumentTraining, type MatrixStatus } from '../../../domain/training-matrix.ts';
import type { DepartmentTally } from '../../../domain/training-matrix-overview.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { matrixCells, requiredOfActiveEmployees } from './training-matrix-cells.ts';

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
 * Served by the employee department / job-title indexes and the requirements' scope index. The
 * page queries count, filter and order the cells of `training-matrix-cells.ts` in the database.
 */
export class KyselyTrainingMatrixQueries implements TrainingMatrixQueries {
  /** Names in code point order for the overdue list: SQLite's default; MariaDB's collation folds case. */
  private readonly byCodePoint: (column: string) => ReturnType<typeof sql>;

  constructor(private readonly db: Kysely<Database>) {
    this.byCodePoint =
      db.getExecutor().adapter instanceof SqliteAdapter
        ? (column) => sql.ref(column)
        : (column) => sql`${sql.ref(column)} collate utf8mb4_bin`;
  }

  async departmentDocuments(department: string): Promise<number[]> {
    const scoped = (kind: ScopeKind) =>
      requiredOfActiveEmployees(this.db, kind).where('e.department', '=', department).select('r.document_id');
    const rows = await this.db
      .selectFrom(scoped('department').union(scoped('job_title')).as('s'))
      .innerJoin('controlled_documents as d', 'd.id', 's.document_id')
      .where('d.retired', '=', 0)
      .select('s.document_id')
      .orderBy('s.document_id')
      .execute();
    return rows.map((r) => Number(r.document_id));
  }

  async counts(scope: MatrixScope): Promise<MatrixCounts> {
    const none = { current: 0, outdated: 0, never: 0 };
    if (scope.rules.length === 0) return { cells: [], people: { everyone: 0, withStatus: none } };
    // One statement, so the cells are computed once (a CTE read three times is materialized):
    // cells per (document, status), people per status, everyone (document and status null).
    const rows = await this.db
      .with('cells', () => matrixCells(this.db, scope))
      .selectFrom('cells as c')
      .select((eb) => [
        sql<number | null>`c.document_id`.as('document_id'),
        sql<string | null>`c.status`.as('status'),
        eb.fn.countAll<number | string>().as('n'),
      ])
      .groupBy(['c.document_id', 'c.status'])
      .unionAll((eb) =>
        eb
          .selectFrom('cells as c')
          .select([
            sql<null>`null`.as('document_id'),
            sql<string | null>`c.status`.as('status'),
            sql<number | string>`count(distinct c.employee_id)`.as('n'),
          ])
          .groupBy('c.status'),
      )
      .unionAll((eb) =>
        eb
          .selectFrom('cells as c')
          .select([
            sql<null>`null`.as('document_id'),
            sql<null>`null`.as('status'),
            sql<number | string>`count(distinct c.employee_id)`.as('n'),
          ]),
      )
      .execute();
    const withStatus: Record<MatrixStatus, number> = { ...none };
    let everyone = 0;
    const cells: DocumentStatusCount[] = [];
    for (const r of rows) {
      if (r.document_id !== null)
        cells.push({ documentId: Number(r.document_id), status: toStatus(r.status), cells: Number(r.n) });
      else if (r.status !== null) withStatus[toStatus(r.status)] = Number(r.n);
      else everyone = Number(r.n);
    }
    return { cells, people: { everyone, withStatus } };
  }

  async peoplePage(scope: MatrixScope, page: PeoplePageRequest): Promise<EmployeeDocumentTraining[]> {
    if (scope.rules.length === 0 || page.limit <= 0) return [];
    let people = this.db.selectFrom(matrixCells(this.db, scope).as('c')).select('c.employee_id').distinct();
    if (page.status) people = people.where('c.status', '=', page.status);
    const ids = await this.db
      .selectFrom(people.as('p'))
      .innerJoin('employees as e', 'e.id', 'p.employee_id')
      .select('e.id')
      .orderBy('e.display_name')
      .orderBy('e.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    if (ids.length === 0) return [];
    const rows = await this.withEmployees(
      matrixCells(
        this.db,
        scope,
        ids.map((r) => Number(r.id)),
      ),
    )
      .orderBy('e.display_name')
      .orderBy('e.id')
      .orderBy('c.document_id')
      .execute();
    return rows.map(toFact);
  }

  async overdue(scope: MatrixScope, limit: number): Promise<EmployeeDocumentTraining[]> {
    if (scope.rules.length === 0 || limit <= 0) return [];
    const rows = await this.withEmployees(matrixCells(this.db, scope))
      .where('c.status', '<>', 'current')
      .where('c.due', 'is not', null)
      .orderBy('c.due')
      .orderBy(this.byCodePoint('e.display_name'))
      .orderBy('e.id')
      .orderBy('c.position')
      .limit(limit)
      .execute();
    return rows.map(toFact);
  }

  /** The cells with their employee's name, department and job title. */
  private withEmployees(cells: ReturnType<typeof matrixCells>) {
    return this.db
      .selectFrom(cells.as('c'))
      .innerJoin('employees as e', 'e.id', 'c.employee_id')
      .select([
        'e.id as employee_id',
        'e.display_name',
        'e.department',
        'e.job_title',
        'c.document_id',
        'c.newest',
        'c.last_date',
      ]);
  }

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

function toStatus(value: unknown): MatrixStatus {
  const status = MATRIX_STATUSES.find((s) => s === value);
  if (!status) throw new Error(`not a matrix status: ${String(value)}`);
  return status;
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
