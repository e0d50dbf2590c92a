import type { Employee } from '../../src/domain/employee.ts';
import type { TrainingMatrixQueries } from '../../src/domain/ports/training-matrix-queries.ts';
import type { EmployeeDocumentTraining } from '../../src/domain/training-matrix.ts';
import type { DepartmentTally } from '../../src/domain/training-matrix-overview.ts';
import type { RegisterState } from './in-memory-register.ts';

/** {@link TrainingMatrixQueries} by scanning the register fakes' state (shared with `InMemoryRegisterUnitOfWork`). */
export class InMemoryTrainingMatrixQueries implements TrainingMatrixQueries {
  constructor(private readonly s: RegisterState) {}

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
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return facts.sort(
    (a, b) =>
      cmp(a.employee.displayName, b.employee.displayName) ||
      a.employee.id - b.employee.id ||
      a.documentId - b.documentId,
  );
}
