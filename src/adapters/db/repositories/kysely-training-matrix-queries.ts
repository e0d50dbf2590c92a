import { SqliteAdapter, type Kysely } from 'kysely';
import type {
  DocumentStatusCount,
  MatrixScope,
  MatrixPageFacts,
  MatrixPageQuery,
  TrainingMatrixQueries,
} from '../../../domain/ports/training-matrix-queries.ts';
import { MATRIX_STATUSES, type EmployeeDocumentTraining, type MatrixStatus } from '../../../domain/training-matrix.ts';
import type { DepartmentTally } from '../../../domain/training-matrix-overview.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { readMatrixGeneration } from './matrix-generation.ts';
import { requiredOfActiveEmployees } from './training-matrix-cells.ts';
import {
  matrixPageStatement,
  pagePeopleIds,
  PAGE_ROW,
  type MatrixPageRow,
  type PagePart,
} from './training-matrix-page-statement.ts';

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
  private readonly sqlite: boolean;

  constructor(private readonly db: Kysely<Database>) {
    this.sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  }

  generation(): Promise<string> {
    return readMatrixGeneration(this.db);
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

  async page(scope: MatrixScope, query: MatrixPageQuery): Promise<MatrixPageFacts> {
    const withStatus: Record<MatrixStatus, number> = { current: 0, outdated: 0, never: 0 };
    if (scope.rules.length === 0)
      return { counts: { cells: [], people: { everyone: 0, withStatus } }, people: [], overdue: [] };
    const rows = this.sqlite
      ? (await matrixPageStatement(this.db, scope, query, true, ['counts', 'people', 'overdue']).execute(this.db)).rows
      : await this.mariadbPageRows(scope, query);
    let everyone = 0;
    const cells: DocumentStatusCount[] = [];
    const people: EmployeeDocumentTraining[] = [];
    const overdue: EmployeeDocumentTraining[] = [];
    for (const r of rows) {
      const kind = Number(r.kind);
      if (kind === PAGE_ROW.cells)
        cells.push({ documentId: Number(r.document_id), status: toStatus(r.status), cells: Number(r.n) });
      else if (kind === PAGE_ROW.people) withStatus[toStatus(r.status)] = Number(r.n);
      else if (kind === PAGE_ROW.everyone) everyone = Number(r.n);
      else (kind === PAGE_ROW.page ? people : overdue).push(toFact(r as FactRow));
    }
    return { counts: { cells, people: { everyone, withStatus } }, people, overdue };
  }

  /**
   * MariaDB has no `MATERIALIZED` and, as one statement, the parts cost its server more (BENCHMARKS.md,
   * issue 17): the counts and the overdue run at once, the page's ids first, then only their cells.
   */
  private async mariadbPageRows(scope: MatrixScope, query: MatrixPageQuery): Promise<MatrixPageRow[]> {
    const part = (parts: PagePart[], ids?: number[]) =>
      matrixPageStatement(this.db, scope, { ...query, offset: ids ? 0 : query.offset }, false, parts, ids)
        .execute(this.db)
        .then((r) => r.rows);
    const people = async () => {
      const ids = (await pagePeopleIds(this.db, scope, query).execute()).map((r) => Number(r.id));
      return ids.length === 0 ? [] : part(['people'], ids);
    };
    const all = await Promise.all([part(['counts']), people(), part(['overdue'])]);
    return all.flat();
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
