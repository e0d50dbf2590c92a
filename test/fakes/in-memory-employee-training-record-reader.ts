import type { Employee } from '../../src/domain/employee.ts';
import {
  newestFirst,
  type TrainingRecordEntry,
  type TrainingRecordFilter,
} from '../../src/domain/employee-training-record.ts';
import { signatureState, type FormSignature } from '../../src/domain/form-signature.ts';
import type { EmployeeTrainingRecordReader } from '../../src/domain/ports/employee-training-record-reader.ts';

/** A form as the record sees it: the free-text reference, or a register revision. */
export interface FakeRecordForm {
  readonly id: number;
  readonly title: string;
  readonly trainingType: string;
  readonly trainingDate: string;
  readonly trainer: string;
  readonly durationMinutes: number;
  readonly referenceDocument: string | null;
  readonly referenceRevision: string | null;
  readonly documentRevisionId: number | null;
  readonly deleted: boolean;
  readonly traineeIds: readonly number[];
  readonly version: number;
}

/** What the fake reads: employees, the register (reference and label per revision), forms and their signatures. */
export interface RecordState {
  employees: Employee[];
  documents: { id: number; reference: string }[];
  revisions: { id: number; documentId: number; revision: string }[];
  forms: FakeRecordForm[];
  signatures: FormSignature[];
}

export const emptyRecordState = (): RecordState => ({
  employees: [],
  documents: [],
  revisions: [],
  forms: [],
  signatures: [],
});

const has = (value: string | null, text: string) => (value ?? '').toUpperCase().includes(text.toUpperCase());

/** {@link EmployeeTrainingRecordReader} by scanning {@link RecordState}. */
export class InMemoryEmployeeTrainingRecordReader implements EmployeeTrainingRecordReader {
  constructor(private readonly s: RecordState) {}

  async employee(id: number): Promise<Employee | null> {
    return this.s.employees.find((e) => e.id === id) ?? null;
  }

  async trainings(employeeId: number, filter: TrainingRecordFilter): Promise<TrainingRecordEntry[]> {
    const entries = this.s.forms
      .filter((f) => !f.deleted && f.traineeIds.includes(employeeId))
      .filter((f) => (!filter.from || f.trainingDate >= filter.from) && (!filter.to || f.trainingDate <= filter.to))
      .map((f) => this.entry(f))
      .filter((e) => !filter.document || has(e.document.reference, filter.document));
    return entries.sort(newestFirst);
  }

  async findEmployees(text: string, offset: number, limit: number): Promise<{ items: Employee[]; total: number }> {
    const found = this.s.employees
      .filter((e) => text === '' || has(e.displayName, text) || has(e.email, text) || has(e.department, text))
      .sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : a.id - b.id));
    return { items: found.slice(offset, offset + limit), total: found.length };
  }

  private entry(f: FakeRecordForm): TrainingRecordEntry {
    const revision = this.s.revisions.find((r) => r.id === f.documentRevisionId);
    const reference = this.s.documents.find((d) => d.id === revision?.documentId)?.reference ?? null;
    const document =
      f.documentRevisionId === null
        ? { reference: f.referenceDocument, revision: f.referenceRevision, external: true }
        : { reference, revision: revision?.revision ?? null, external: false };
    const latest = this.s.signatures.filter((x) => x.formId === f.id).sort((a, b) => b.id - a.id)[0] ?? null;
    const signature = signatureState(f.version, latest);
    const { id: formId, trainingDate, title, trainingType, trainer, durationMinutes } = f;
    return { formId, trainingDate, title, trainingType, document, trainer, durationMinutes, signature };
  }
}
