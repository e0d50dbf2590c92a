import type { AuditEvent, NewAuditEvent } from '../../src/domain/audit-event.ts';
import type { ControlledDocument, DocumentRevision } from '../../src/domain/controlled-document.ts';
import {
  DocumentReferenceTakenError,
  RequirementExistsError,
  RevisionExistsError,
} from '../../src/domain/document-errors.ts';
import type { Employee } from '../../src/domain/employee.ts';
import type { AuditLog } from '../../src/domain/ports/audit-log.ts';
import type {
  DocumentRegister,
  NewControlledDocument,
  NewDocumentRevision,
} from '../../src/domain/ports/document-register.ts';
import type {
  RegisterReaders,
  RegisterRepositories,
  RegisterUnitOfWork,
} from '../../src/domain/ports/register-unit-of-work.ts';
import type { TrainingRequirements } from '../../src/domain/ports/training-requirements.ts';
import {
  describeScope,
  type NewTrainingRequirement,
  type RequirementScope,
  type TrainingRequirement,
} from '../../src/domain/training-requirement.ts';

/** A form as the matrix sees it. */
export interface FakeMatrixForm {
  readonly id: number;
  readonly documentRevisionId: number | null;
  readonly trainingDate: string;
  readonly deleted: boolean;
  readonly traineeIds: readonly number[];
}

/** Everything the register fakes hold; ids step by 3, as on a three-node Galera cluster. */
export interface RegisterState {
  documents: ControlledDocument[];
  revisions: DocumentRevision[];
  requirements: TrainingRequirement[];
  audit: AuditEvent[];
  employees: Employee[];
  forms: FakeMatrixForm[];
  nextId: number;
}

export const emptyRegisterState = (): RegisterState => ({
  documents: [],
  revisions: [],
  requirements: [],
  audit: [],
  employees: [],
  forms: [],
  nextId: 2,
});

const nextId = (s: RegisterState) => (s.nextId += 3);
const byRevisionOrder = (a: DocumentRevision, b: DocumentRevision) =>
  a.documentId - b.documentId || a.effectiveDate.localeCompare(b.effectiveDate);

/** The register's documents and revisions in `s` (the forms' fake reads them too). */
export class FakeDocuments implements DocumentRegister {
  constructor(private readonly s: RegisterState) {}
  async insertDocument(d: NewControlledDocument) {
    if (this.s.documents.some((x) => x.reference === d.reference)) throw new DocumentReferenceTakenError(d.reference);
    const doc: ControlledDocument = {
      ...d,
      id: nextId(this.s),
      retired: false,
      retiredAt: null,
      retiredBy: null,
      updatedBy: d.createdBy,
      updatedAt: d.createdAt,
    };
    this.s.documents.push(doc);
    return doc;
  }
  async findDocument(id: number) {
    return this.s.documents.find((d) => d.id === id) ?? null;
  }
  async findDocumentByReference(reference: string) {
    return this.s.documents.find((d) => d.reference === reference) ?? null;
  }
  async listDocuments(o: { readonly includeRetired: boolean }) {
    return this.s.documents
      .filter((d) => o.includeRetired || !d.retired)
      .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : a.id - b.id));
  }
  async retire(id: number, by: string, at: Date) {
    const i = this.s.documents.findIndex((d) => d.id === id);
    const doc = this.s.documents[i];
    if (!doc) return null;
    if (!doc.retired)
      this.s.documents[i] = { ...doc, retired: true, retiredAt: at, retiredBy: by, updatedBy: by, updatedAt: at };
    return this.s.documents[i] ?? null;
  }
  async insertRevision(r: NewDocumentRevision) {
    const clash = this.s.revisions.some(
      (x) => x.documentId === r.documentId && (x.revision === r.revision || x.effectiveDate === r.effectiveDate),
    );
    if (clash)
      throw new RevisionExistsError(
        (await this.findDocument(r.documentId))?.reference ?? String(r.documentId),
        r.revision,
      );
    const rev = { ...r, id: nextId(this.s) };
    this.s.revisions.push(rev);
    return rev;
  }
  async findRevision(id: number) {
    return this.s.revisions.find((r) => r.id === id) ?? null;
  }
  async revisionsOf(ids: readonly number[]) {
    return this.s.revisions.filter((r) => ids.includes(r.documentId)).sort(byRevisionOrder);
  }
}

class FakeRequirements implements TrainingRequirements {
  constructor(private readonly s: RegisterState) {}
  async insert(r: NewTrainingRequirement) {
    if (await this.find(r.documentId, r.scope)) {
      const reference = this.s.documents.find((d) => d.id === r.documentId)?.reference ?? String(r.documentId);
      throw new RequirementExistsError(reference, describeScope(r.scope));
    }
    const req = { ...r, id: nextId(this.s) };
    this.s.requirements.push(req);
    return req;
  }
  async find(documentId: number, scope: RequirementScope) {
    return (
      this.s.requirements.find(
        (r) => r.documentId === documentId && r.scope.kind === scope.kind && r.scope.value === scope.value,
      ) ?? null
    );
  }
  async delete(id: number) {
    const before = this.s.requirements.length;
    this.s.requirements = this.s.requirements.filter((r) => r.id !== id);
    return this.s.requirements.length < before;
  }
  async listForDocument(documentId: number) {
    const key = (r: TrainingRequirement) => `${r.scope.kind}\u0000${r.scope.value}`;
    return this.s.requirements
      .filter((r) => r.documentId === documentId)
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  async listForScope(scope: RequirementScope) {
    return this.s.requirements
      .filter((r) => r.scope.kind === scope.kind && r.scope.value === scope.value)
      .sort((a, b) => a.documentId - b.documentId);
  }
}

class FakeAudit implements AuditLog {
  constructor(private readonly s: RegisterState) {}
  async record(e: NewAuditEvent) {
    this.s.audit.push({ ...e, id: nextId(this.s) });
  }
  async listFor(type: string, id: string) {
    return this.s.audit.filter((e) => e.entityType === type && e.entityId === id);
  }
}

/** {@link RegisterUnitOfWork} over memory: a rejected unit leaves the state exactly as before. */
export class InMemoryRegisterUnitOfWork implements RegisterUnitOfWork {
  constructor(public state: RegisterState = emptyRegisterState()) {}

  async run<T>(work: (repos: RegisterRepositories) => Promise<T>): Promise<T> {
    const snapshot = structuredClone(this.state);
    try {
      return await work(this.repositories());
    } catch (error) {
      Object.assign(this.state, snapshot);
      throw error;
    }
  }

  async read<T>(work: (repos: RegisterReaders) => Promise<T>): Promise<T> {
    return work(this.repositories());
  }

  repositories(): RegisterRepositories {
    return {
      documents: new FakeDocuments(this.state),
      requirements: new FakeRequirements(this.state),
      audit: new FakeAudit(this.state),
    };
  }
}
