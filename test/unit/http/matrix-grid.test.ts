import t from 'tap';
import { linesWithStatus, matrixPage, type GridLine } from '../../../src/adapters/http/matrix-grid.ts';
import type { MatrixRow, MatrixStatus } from '../../../src/domain/training-matrix.ts';

// The matrix pages show a page of people at a time (src/adapters/http/matrix-grid.ts).

const numbers = Array.from({ length: 250 }, (_, i) => i + 1);

t.test('a page of 100: first, middle, last; past the end is the last; nothing is page 1 of 1', async (t) => {
  const first = matrixPage(numbers);
  t.same([first.page, first.lastPage, first.total, first.first, first.last], [1, 3, 250, 1, 100]);
  t.same(first.items.at(0), 1);
  const last = matrixPage(numbers, 3);
  t.same([last.page, last.first, last.last, last.items.length], [3, 201, 250, 50]);
  t.same(matrixPage(numbers, 9999).page, 3, 'a bookmark past the end shows the last page');
  const none = matrixPage([]);
  t.same([none.page, none.lastPage, none.first, none.last, none.items.length], [1, 1, 0, 0, 0]);
});

t.test('the status filter keeps the people with at least one cell of that status', async (t) => {
  const cell = (id: number, status: MatrixStatus): MatrixRow => ({
    employee: { id, displayName: `P${id}`, department: 'Maintenance', jobTitle: null },
    documentId: 1,
    status,
    trainedRevision: null,
    lastTrainingDate: null,
  });
  const line = (id: number, ...statuses: MatrixStatus[]): GridLine => ({
    employee: cell(id, 'never').employee,
    cells: new Map(statuses.map((s, i) => [i + 1, { ...cell(id, s), documentId: i + 1 }])),
  });
  const lines = [line(1, 'current', 'current'), line(2, 'current', 'never'), line(3, 'outdated')];
  t.same(
    linesWithStatus(lines, 'never').map((l) => l.employee.id),
    [2],
  );
  t.same(
    linesWithStatus(lines, 'current').map((l) => l.employee.id),
    [1, 2],
  );
  t.equal(linesWithStatus(lines, undefined), lines);
});
