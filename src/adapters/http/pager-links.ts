import { isCursorOrder } from '../../domain/list-cursor.ts';
import type { Page } from '../../domain/list-query.ts';
import { cursorText, type ListParams, listUrl } from './list-params.ts';

/**
 * The pager's Previous and Next links. In the default sort they carry the position of the page's
 * first or last row (`before=` / `after=`, with the page number as a label), so the next page is
 * read from there and costs the same at any depth; in other sorts, and for First, Last and page 1,
 * they are plain page numbers, which also serve as bookmarks.
 */
export function pagerLinks(
  path: string,
  params: ListParams,
  result: Page<{ readonly id: number; readonly trainingDate: string }>,
): { readonly previous: string; readonly next: string } {
  const seeks = isCursorOrder({ sort: params.sort, direction: params.dir });
  const [first, last] = [result.items[0], result.items.at(-1)];
  const previousPage = Math.max(1, result.page - 1);
  return {
    previous: listUrl(
      path,
      params,
      seeks && first && previousPage > 1 ? { before: cursorText(first), page: previousPage } : { page: previousPage },
    ),
    next: listUrl(
      path,
      params,
      seeks && last ? { after: cursorText(last), page: result.page + 1 } : { page: result.page + 1 },
    ),
  };
}
