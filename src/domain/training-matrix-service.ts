import { currentRevision, utcDate, type ControlledDocument, type DocumentRevision } from './controlled-document.ts';
import { DocumentRetiredError } from './document-errors.ts';
import { requireDocument } from './document-register-service.ts';
import type { Clock } from './ports/clock.ts';
import type { RegisterUnitOfWork } from './ports/register-unit-of-work.ts';
import type { TrainingMatrixQueries } from './ports/training-matrix-queries.ts';
import { toOverview, type MatrixOverview } from './training-matrix-overview.ts';
import {
  compareText,
  countStatuses,
  overdueEntries,
  toMatrixRows,
  type EmployeeDocumentTraining,
  type MatrixDocument,
  type MatrixRow,
  type OverdueEntry,
  type StatusCounts,
} from './training-matrix.ts';

/** The matrix of one document or one department: rows, the documents in it, counts and who is overdue. */
export interface TrainingMatrix {
  /** Each document of the matrix with its current revision (today, UTC) and its counts. */
  readonly documents: readonly MatrixDocument[];
  /** One row per employee in scope and document; ordered by name, employee id, document id. */
  readonly rows: readonly MatrixRow[];
  /** Across every row. */
  readonly counts: StatusCounts;
  /** Rows not `current` on a document in force, longest overdue first. */
  readonly overdue: readonly OverdueEntry[];
}

/** Answers "who is trained on the current revision, who only on an older one, who never". */
export class TrainingMatrixService {
  constructor(
    private readonly deps: {
      readonly uow: RegisterUnitOfWork;
      readonly matrix: TrainingMatrixQueries;
      readonly clock: Clock;
    },
  ) {}

  /**
   * Every active employee whose department or job title requires the document. Throws
   * `DocumentNotFoundError`, or `DocumentRetiredError` (a retired document is required of nobody).
   */
  async forDocument(documentId: number): Promise<TrainingMatrix> {
    const document = await this.deps.uow.read((tx) => requireDocument(tx, documentId));
    if (document.retired) throw new DocumentRetiredError(document.reference);
    const facts = await this.deps.matrix.documentTraining(documentId);
    return this.build(facts, [document]);
  }

  /** Every active employee of the department against each non-retired document required of them. */
  async forDepartment(department: string): Promise<TrainingMatrix> {
    const facts = await this.deps.matrix.departmentTraining(department);
    const ids = [...new Set(facts.map((f) => f.documentId))];
    const documents = await this.deps.uow.read(async (tx) => {
      const found = await Promise.all(ids.map((id) => tx.documents.findDocument(id)));
      return found.filter((d): d is ControlledDocument => d !== null);
    });
    return this.build(facts, documents);
  }

  /**
   * Every department against each non-retired document required of its people: the counts of
   * {@link forDepartment}, for all departments at once (employees without a department are left out).
   */
  async overview(): Promise<MatrixOverview> {
    const tallies = await this.deps.matrix.departmentTallies();
    const ids = [...new Set(tallies.map((t) => t.documentId))];
    const today = utcDate(this.deps.clock.now());
    return this.deps.uow.read(async (tx) => {
      const found = await Promise.all(ids.map((id) => tx.documents.findDocument(id)));
      const documents = found.filter((d): d is ControlledDocument => d !== null && !d.retired);
      const revisions = await tx.documents.revisionsOf(documents.map((d) => d.id));
      const current = new Map(
        documents.map((d) => [
          d.id,
          currentRevision(
            revisions.filter((r) => r.documentId === d.id),
            today,
          ),
        ]),
      );
      return toOverview(tallies, documents, current);
    });
  }

  private async build(
    facts: readonly EmployeeDocumentTraining[],
    documents: readonly ControlledDocument[],
  ): Promise<TrainingMatrix> {
    const today = utcDate(this.deps.clock.now());
    const revisions = await this.deps.uow.read((tx) => tx.documents.revisionsOf(documents.map((d) => d.id)));
    const revisionsByDocument = new Map<number, DocumentRevision[]>(documents.map((d) => [d.id, []]));
    for (const r of revisions) revisionsByDocument.get(r.documentId)?.push(r);
    const currentByDocument = new Map([...revisionsByDocument].map(([id, list]) => [id, currentRevision(list, today)]));
    const rows = toMatrixRows(facts, revisionsByDocument, currentByDocument);
    const rowsByDocument = new Map<number, MatrixRow[]>(documents.map((d) => [d.id, []]));
    for (const r of rows) rowsByDocument.get(r.documentId)?.push(r);
    const columns = [...documents]
      .sort((a, b) => compareText(a.reference, b.reference))
      .map((document) => ({
        document,
        currentRevision: currentByDocument.get(document.id) ?? null,
        counts: countStatuses(rowsByDocument.get(document.id) ?? []),
      }));
    const overdue = overdueEntries(rows, new Map(columns.map((c) => [c.document.id, c])));
    return { documents: columns, rows, counts: countStatuses(rows), overdue };
  }
}
