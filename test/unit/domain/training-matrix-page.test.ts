import t from 'tap';
import { countsByDocument, pagePosition, sumCounts } from '../../../src/domain/training-matrix-page.ts';

// The matrix pages show a page of people at a time (src/domain/training-matrix-page.ts).

t.test('a page of 100: first, middle, last; past the end is the last; nothing is page 1 of 1', async (t) => {
  const at = (total: number, page?: number) => {
    const p = pagePosition(total, page);
    return [p.page, p.lastPage, p.total, p.offset, p.limit, p.first, p.last];
  };
  t.same(at(250), [1, 3, 250, 0, 100, 1, 100]);
  t.same(at(250, 2), [2, 3, 250, 100, 100, 101, 200]);
  t.same(at(250, 3), [3, 3, 250, 200, 100, 201, 250]);
  t.same(at(250, 9999), at(250, 3), 'a bookmark past the end shows the last page');
  t.same(at(250, 0), at(250, 1));
  t.same(at(200, 2), [2, 2, 200, 100, 100, 101, 200], 'an exact multiple has no empty last page');
  t.same(at(0), [1, 1, 0, 0, 100, 0, 0]);
  t.same(at(0, 5), [1, 1, 0, 0, 100, 0, 0]);
});

t.test("each document's counts from the database's tallies, and their sum", async (t) => {
  const counts = countsByDocument([
    { documentId: 1, status: 'current', cells: 3 },
    { documentId: 1, status: 'never', cells: 2 },
    { documentId: 2, status: 'outdated', cells: 4 },
  ]);
  t.same(Object.fromEntries(counts), {
    1: { current: 3, outdated: 0, never: 2 },
    2: { current: 0, outdated: 4, never: 0 },
  });
  t.same(sumCounts([...counts.values()]), { current: 3, outdated: 4, never: 2 });
  t.same(sumCounts([]), { current: 0, outdated: 0, never: 0 });
});
