import type { Employee } from '../../src/domain/employee.ts';
import type {
  DocumentStatusCount,
  MatrixScope,
  MatrixPageFacts,
  MatrixPageQuery,
  TrainingMatrixQueries,
} from '../../src/domain/ports/training-matrix-queries.ts';
import {
  compareText,
  statusFrom,
  type EmployeeDocumentTraining,
  type MatrixStatus,
} from '../../src/domain/training-matrix.ts';
import type { DepartmentTally } from '../../src/domain/training-matrix-overview.ts';
import type { RegisterState } from './in-memory-register.ts';

/** {@link TrainingMatrixQueries} by scanning the register fakes' state (shared with `InMemoryRegisterUnitOfWork`). */
export class InMemoryTrainingMatrixQueries implements TrainingMatrixQueries {
  constructor(private readonly s: RegisterState) {}

  /** The facts themselves as the token: equal exactly when nothing a matrix reads has changed. */
  async generation(): Promise<string> {
    const { documents, revisions, requirements, employees, forms } = this.s;
    return JSON.stringify({ documents, revisions, requirements, employees, forms });
  }

  async documentTraining(documentId: number): Promise<EmployeeDocumentTraining[]> {
    return sorted(
      this.s.employees
        .filter((e) => e.active && this.requiredOf(e).includes(documentId))
        .map((e) => this.fact(e, documentId)),
    );
  }

  async departmentTraining(department: string): Promise<EmployeeDocumentTraining[]> {
    const live = new Set(this.s.documents.filter((d) => !d.retired).map((d) => d.id));
    const facts = this.s.employees
      .filter((e) => e.active && e.department === department)
      .flatMap((e) =>
        this.requiredOf(e)
          .filter((id) => live.has(id))
          .map((id) => this.fact(e, id)),
      );
    return sorted(facts);
  }

  async departmentDocuments(department: string): Promise<number[]> {
    const ids = new Set((await this.departmentTraining(department)).map((f) => f.documentId));
    return [...ids].sort((a, b) => a - b);
  }

  async page(scope: MatrixScope, query: MatrixPageQuery): Promise<MatrixPageFacts> {
    const cells = this.cells(scope);
    const counts = new Map<string, DocumentStatusCount>();
    for (const c of cells) {
      const key = `${c.documentId} ${c.status}`;
      counts.set(key, { documentId: c.documentId, status: c.status, cells: (counts.get(key)?.cells ?? 0) + 1 });
    }
    const people = (status: MatrixStatus | null) =>
      new Set(cells.filter((c) => !status || c.status === status).map((c) => c.employee.id));
    const shown = new Set([...people(query.status)].slice(query.offset, query.offset + query.limit));
    const overdue = cells
      .filter((c) => c.status !== 'current' && c.due !== null)
      .sort(
        (a, b) =>
          compareText(a.due ?? '', b.due ?? '') ||
          compareText(a.employee.displayName, b.employee.displayName) ||
          a.employee.id - b.employee.id ||
          a.position - b.position,
      );
    return {
      counts: {
        cells: [...counts.values()],
        people: {
          everyone: people(null).size,
          withStatus: {
            current: people('current').size,
            outdated: people('outdated').size,
            never: people('never').size,
          },
        },
      },
      people: cells.filter((c) => shown.has(c.employee.id)).map((c) => c.fact),
      overdue: overdue.slice(0, query.overdue).map((c) => c.fact),
    };
  }

  async departmentTallies(): Promise<DepartmentTally[]> {
    const live = new Set(this.s.documents.filter((d) => !d.retired).map((d) => d.id));
    const tallies = new Map<string, DepartmentTally>();
    for (const e of this.s.employees) {
      if (!e.active || e.department === null) continue;
      for (const id of this.requiredOf(e).filter((id) => live.has(id))) {
        const newest = this.fact(e, id).newestTrainedEffectiveDate;
        const key = JSON.stringify([e.department, id, newest]);
        const had = tallies.get(key)?.employees ?? 0;
        tallies.set(key, {
          department: e.department,
          documentId: id,
          newestTrainedEffectiveDate: newest,
          employees: had + 1,
        });
      }
    }
    return [...tallies.values()];
  }

  /** The scope's cells in page order (name, employee id, document id), classified by the domain's rule. */
  private cells(scope: MatrixScope) {
    const rules = new Map(scope.rules.map((r, position) => [r.documentId, { ...r, position }]));
    const facts = this.s.employees
      .filter((e) => e.active && (scope.department === null || e.department === scope.department))
      .flatMap((e) =>
        this.requiredOf(e)
          .filter((id) => rules.has(id))
          .map((id) => this.fact(e, id)),
      );
    return sorted(facts).map((fact) => {
      const rule = rules.get(fact.documentId)!;
      return {
        fact,
        employee: fact.employee,
        documentId: fact.documentId,
        status: statusFrom(fact.newestTrainedEffectiveDate, rule.currentFrom),
        due: rule.currentFrom,
        position: rule.position,
      };
    });
  }

  private requiredOf(e: Employee): number[] {
    const ids = this.s.requirements
      .filter((r) => (r.scope.kind === 'department' ? e.department : e.jobTitle) === r.scope.value)
      .map((r) => r.documentId);
    return [...new Set(ids)];
  }

  private fact(e: Employee, documentId: number): EmployeeDocumentTraining {
    const revisions = new Map(this.s.revisions.filter((r) => r.documentId === documentId).map((r) => [r.id, r]));
    let newest: string | null = null;
    let last: string | null = null;
    for (const f of this.s.forms) {
      const rev = f.documentRevisionId === null ? undefined : revisions.get(f.documentRevisionId);
      if (f.deleted || !rev || !f.traineeIds.includes(e.id)) continue;
      if (newest === null || rev.effectiveDate > newest) newest = rev.effectiveDate;
      if (last === null || f.trainingDate > last) last = f.trainingDate;
    }
    const employee = { id: e.id, displayName: e.displayName, department: e.department, jobTitle: e.jobTitle };
    return { employee, documentId, newestTrainedEffectiveDate: newest, lastTrainingDate: last };
  }
}

function sorted(facts: EmployeeDocumentTraining[]): EmployeeDocumentTraining[] {
  return facts.sort(
    (a, b) =>
      compareText(a.employee.displayName, b.employee.displayName) ||
      a.employee.id - b.employee.id ||
      a.documentId - b.documentId,
  );
}
