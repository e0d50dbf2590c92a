import { currentRevision, utcDate, type ControlledDocument, type DocumentRevision } from './controlled-document.ts';
import { DocumentRetiredError } from './document-errors.ts';
import { requireDocument } from './document-register-service.ts';
import { MatrixPageCache } from './matrix-page-cache.ts';
import type { Clock } from './ports/clock.ts';
import type { RegisterUnitOfWork } from './ports/register-unit-of-work.ts';
import type { MatrixScope, TrainingMatrixQueries } from './ports/training-matrix-queries.ts';
import { toOverview, type MatrixOverview } from './training-matrix-overview.ts';
import {
  countsByDocument,
  OVERDUE_SHOWN,
  pagePosition,
  sumCounts,
  type MatrixPageRequest,
  type TrainingMatrixPage,
} from './training-matrix-page.ts';
import {
  compareText,
  countStatuses,
  currentFrom,
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

/** How many matrix pages a service keeps by default (a few hundred: departments × status filters × pages asked). */
export const MATRIX_PAGES_KEPT = 300;

/** Answers "who is trained on the current revision, who only on an older one, who never". */
export class TrainingMatrixService {
  private readonly pages: MatrixPageCache<TrainingMatrixPage>;

  /** `pagesKept`: how many matrix pages to keep in process ({@link MATRIX_PAGES_KEPT}; 0 keeps none). */
  constructor(
    private readonly deps: {
      readonly uow: RegisterUnitOfWork;
      readonly matrix: TrainingMatrixQueries;
      readonly clock: Clock;
      readonly pagesKept?: number;
    },
  ) {
    this.pages = new MatrixPageCache(deps.pagesKept ?? MATRIX_PAGES_KEPT);
  }

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
    const documents = await this.findDocuments([...new Set(facts.map((f) => f.documentId))]);
    return this.build(facts, documents);
  }

  /**
   * What the document's matrix page shows: the counts, the longest overdue and one page of people,
   * each counted, filtered and ordered by the database. Throws as {@link forDocument}. A page is
   * kept in process by the matrix's generation and today's date (see {@link kept}).
   */
  async documentPage(documentId: number, request: MatrixPageRequest = {}): Promise<TrainingMatrixPage> {
    return this.kept(['document', documentId], request, async () => {
      const document = await this.deps.uow.read((tx) => requireDocument(tx, documentId));
      if (document.retired) throw new DocumentRetiredError(document.reference);
      return this.page([document], null, request);
    });
  }

  /** What the department's matrix page shows (see {@link documentPage}); the same numbers as {@link forDepartment}. */
  async departmentPage(department: string, request: MatrixPageRequest = {}): Promise<TrainingMatrixPage> {
    return this.kept(['department', department], request, async () => {
      const ids = await this.deps.matrix.departmentDocuments(department);
      return this.page(await this.findDocuments(ids), department, request);
    });
  }

  /**
   * The page of `scope` and `request` as kept, else computed and kept. The key holds everything a
   * page depends on: the scope, the status and page asked, today (UTC: the current revisions and so
   * the thresholds depend on it, nothing else on the time) and the matrix's generation, read first —
   * the facts read after it are at least as new, and any committed change, through any instance,
   * gives a new generation, so a kept page is never served after a change.
   */
  private async kept(
    scope: readonly [string, string | number],
    request: MatrixPageRequest,
    compute: () => Promise<TrainingMatrixPage>,
  ): Promise<TrainingMatrixPage> {
    const generation = await this.deps.matrix.generation();
    const today = utcDate(this.deps.clock.now());
    const key = JSON.stringify([...scope, request.status ?? null, request.page ?? null, today, generation]);
    return this.pages.get(key, compute);
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

  private async page(
    documents: readonly ControlledDocument[],
    department: string | null,
    request: MatrixPageRequest,
  ): Promise<TrainingMatrixPage> {
    const { revisionsByDocument, currentByDocument } = await this.revisions(documents);
    const columns = byReference(documents).map((document) => ({
      document,
      currentRevision: currentByDocument.get(document.id) ?? null,
    }));
    const scope: MatrixScope = {
      rules: columns.map((c) => ({ documentId: c.document.id, currentFrom: currentFrom(c.currentRevision) })),
      department,
    };
    const status = request.status ?? null;
    // The page asked for is read with the counts; only a page past the end needs a second read.
    const asked = pagePosition(Number.MAX_SAFE_INTEGER, request.page);
    const read = (offset: number) =>
      this.deps.matrix.page(scope, { status, offset, limit: asked.limit, overdue: OVERDUE_SHOWN });
    const first = await read(asked.offset);
    const { cells, people } = first.counts;
    const counts = countsByDocument(cells);
    const withCounts = columns.map((c) => ({ ...c, counts: counts.get(c.document.id) ?? sumCounts([]) }));
    const at = pagePosition(status ? people.withStatus[status] : people.everyone, request.page);
    const facts = at.offset === asked.offset ? first.people : (await read(at.offset)).people;
    const classify = (f: readonly EmployeeDocumentTraining[]) =>
      toMatrixRows(f, revisionsByDocument, currentByDocument);
    const byId = new Map(withCounts.map((c) => [c.document.id, c]));
    const overdueTotal = withCounts
      .filter((c) => c.currentRevision)
      .reduce((n, c) => n + c.counts.outdated + c.counts.never, 0);
    return {
      documents: withCounts,
      counts: sumCounts(withCounts.map((c) => c.counts)),
      people: people.everyone,
      overdueTotal,
      overdue: overdueEntries(classify(first.overdue), byId),
      shown: {
        rows: classify(facts),
        page: at.page,
        lastPage: at.lastPage,
        total: at.total,
        first: at.first,
        last: at.last,
      },
    };
  }

  private async findDocuments(ids: readonly number[]): Promise<ControlledDocument[]> {
    return this.deps.uow.read(async (tx) => {
      const found = await Promise.all(ids.map((id) => tx.documents.findDocument(id)));
      return found.filter((d): d is ControlledDocument => d !== null);
    });
  }

  /** Each document's revisions and its current one (today, UTC). */
  private async revisions(documents: readonly ControlledDocument[]) {
    const today = utcDate(this.deps.clock.now());
    const revisions = await this.deps.uow.read((tx) => tx.documents.revisionsOf(documents.map((d) => d.id)));
    const revisionsByDocument = new Map<number, DocumentRevision[]>(documents.map((d) => [d.id, []]));
    for (const r of revisions) revisionsByDocument.get(r.documentId)?.push(r);
    const currentByDocument = new Map([...revisionsByDocument].map(([id, list]) => [id, currentRevision(list, today)]));
    return { revisionsByDocument, currentByDocument };
  }

  private async build(
    facts: readonly EmployeeDocumentTraining[],
    documents: readonly ControlledDocument[],
  ): Promise<TrainingMatrix> {
    const { revisionsByDocument, currentByDocument } = await this.revisions(documents);
    const rows = toMatrixRows(facts, revisionsByDocument, currentByDocument);
    const rowsByDocument = new Map<number, MatrixRow[]>(documents.map((d) => [d.id, []]));
    for (const r of rows) rowsByDocument.get(r.documentId)?.push(r);
    const columns = byReference(documents).map((document) => ({
      document,
      currentRevision: currentByDocument.get(document.id) ?? null,
      counts: countStatuses(rowsByDocument.get(document.id) ?? []),
    }));
    const overdue = overdueEntries(rows, new Map(columns.map((c) => [c.document.id, c])));
    return { documents: columns, rows, counts: countStatuses(rows), overdue };
  }
}

const byReference = (documents: readonly ControlledDocument[]) =>
  [...documents].sort((a, b) => compareText(a.reference, b.reference));
