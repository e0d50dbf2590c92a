import type { Test } from 'tap';
import type {
  MatrixCounts,
  MatrixRule,
  MatrixScope,
  TrainingMatrixQueries,
} from '../../../src/domain/ports/training-matrix-queries.ts';
import {
  compareText,
  MATRIX_STATUSES,
  statusFrom,
  type EmployeeDocumentTraining,
  type MatrixStatus,
} from '../../../src/domain/training-matrix.ts';

// The page queries of TrainingMatrixQueries against the full rows of the same target, classified by
// the domain's rule (`statusFrom`): counts, people, pages and the overdue order must be what the
// domain would compute from every row. Used by training-matrix-contract.test.ts.

/** What the domain computes from every cell of `scope`, the cells being `full` (in the database's people order). */
function expected(full: readonly EmployeeDocumentTraining[], scope: MatrixScope) {
  const rules = new Map(scope.rules.map((r, position) => [r.documentId, { ...r, position }]));
  const cells = full
    .filter((f) => rules.has(f.documentId))
    .map((f) => {
      const rule = rules.get(f.documentId)!;
      return { f, rule, status: statusFrom(f.newestTrainedEffectiveDate, rule.currentFrom) };
    });
  const counts = new Map<string, number>();
  for (const c of cells)
    counts.set(`${c.f.documentId} ${c.status}`, (counts.get(`${c.f.documentId} ${c.status}`) ?? 0) + 1);
  const people = (status: MatrixStatus | null) => [
    ...new Set(cells.filter((c) => !status || c.status === status).map((c) => c.f.employee.id)),
  ];
  const overdue = cells
    .filter((c) => c.status !== 'current' && c.rule.currentFrom !== null)
    .sort(
      (a, b) =>
        compareText(a.rule.currentFrom ?? '', b.rule.currentFrom ?? '') ||
        compareText(a.f.employee.displayName, b.f.employee.displayName) ||
        a.f.employee.id - b.f.employee.id ||
        a.rule.position - b.rule.position,
    )
    .map((c) => c.f);
  return { cells, counts, people, overdue };
}

const key = (f: EmployeeDocumentTraining) => [f.employee.id, f.documentId, f.newestTrainedEffectiveDate];

/**
 * Checks every page query of `matrix` on `scope` against `full` (the same cells from
 * `documentTraining` / `departmentTraining`), for every status and a page size of 1 and 2.
 */
export async function pageQueriesAgree(
  t: Test,
  matrix: TrainingMatrixQueries,
  scope: MatrixScope,
  full: readonly EmployeeDocumentTraining[],
  label: string,
): Promise<void> {
  const want = expected(full, scope);
  const read = (status: MatrixStatus | null, offset: number, limit: number, overdue: number) =>
    matrix.page(scope, { status, offset, limit, overdue });
  // The counts per document and status, in no particular order.
  const tally = (counts: MatrixCounts) => [
    Object.fromEntries(counts.cells.map((c) => [`${c.documentId} ${c.status}`, c.cells])),
    counts.people,
  ];
  const { counts } = await read(null, 0, 1, 1);
  t.same(
    tally(counts)[0],
    Object.fromEntries(want.counts),
    `${label}: counts per document and status are the domain's statusFrom over every cell`,
  );
  t.same(
    [counts.people.everyone, ...MATRIX_STATUSES.map((s) => counts.people.withStatus[s])],
    [want.people(null).length, ...MATRIX_STATUSES.map((s) => want.people(s).length)],
    `${label}: people, and people with a cell of each status`,
  );
  for (const status of [null, ...MATRIX_STATUSES]) {
    const ids = want.people(status);
    for (const limit of [1, 2]) {
      for (let offset = 0; offset <= ids.length; offset += limit) {
        const shown = new Set(ids.slice(offset, offset + limit));
        const page = await read(status, offset, limit, 2);
        t.same(
          [page.people.map(key), tally(page.counts), page.overdue.map(key)],
          [
            want.cells.filter((c) => shown.has(c.f.employee.id)).map((c) => key(c.f)),
            tally(counts),
            want.overdue.slice(0, 2).map(key),
          ],
          `${label}: ${status ?? 'everyone'}, ${limit} a page, from ${offset}; the same counts, the first 2 overdue`,
        );
      }
    }
  }
  t.same((await read(null, 0, 1, 100)).overdue.map(key), want.overdue.map(key), `${label}: the overdue order`);
  t.same((await read(null, 0, 1, 0)).overdue, [], `${label}: no overdue asked, none given`);
}

/** Thresholds to try on a document: none, before, on and after each date its rows hold. */
export function thresholdsFor(full: readonly EmployeeDocumentTraining[]): (string | null)[] {
  const dates = [...new Set(full.map((f) => f.newestTrainedEffectiveDate).filter((d): d is string => d !== null))];
  const near = dates.flatMap((d) => [shift(d, -1), d, shift(d, 1)]);
  return [null, '1999-01-01', '2099-12-31', ...near];
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The rules of `documentIds` with one threshold each. */
export const rulesOf = (documentIds: readonly number[], currentFrom: (id: number) => string | null): MatrixRule[] =>
  documentIds.map((documentId) => ({ documentId, currentFrom: currentFrom(documentId) }));
