import type { MatrixOverview, OverviewCell } from '../../../domain/training-matrix-overview.ts';
import { heatGrid } from './heat-grid.ts';

/** Where a cell leads: the department's matrix narrowed to who never trained (else who needs retraining). */
export function overviewCellUrl(cell: OverviewCell): string {
  const base = `/matrix?department=${encodeURIComponent(cell.department)}`;
  if (cell.counts.never > 0) return `${base}&status=never`;
  if (cell.counts.outdated > 0) return `${base}&status=outdated`;
  return base;
}

/** "3 of 4 current (75%), 1 needs retraining, 0 never trained": the cell's title and table text. */
export function overviewCellText(cell: OverviewCell): string {
  const { current, outdated, never } = cell.counts;
  return `${current} of ${cell.total} current (${cell.percentCurrent}%), ${outdated} needs retraining, ${never} never trained`;
}

/**
 * The matrix overview as a heat grid: departments down, documents across, each cell the percentage
 * current on the document's current revision, titled with its counts and linked to who is missing.
 */
export function matrixOverviewChart(overview: MatrixOverview): { svg: string; summary: string } {
  const cells = overview.departments.map((d) => d.cells);
  const all = cells.flat().filter((c): c is OverviewCell => c !== null);
  const current = all.reduce((sum, c) => sum + c.counts.current, 0);
  const total = all.reduce((sum, c) => sum + c.total, 0);
  const summary =
    `Share trained on the current revision, ${overview.departments.length} departments × ` +
    `${overview.documents.length} documents: ${current} of ${total} requirements met.`;
  const svg = heatGrid(
    {
      rows: overview.departments.map((d) => d.department),
      columns: overview.documents.map((d) => d.document.reference),
      cells: overview.departments.map((d) =>
        d.cells.map((cell, i) =>
          cell
            ? {
                percent: cell.percentCurrent,
                href: overviewCellUrl(cell),
                title: `${d.department} · ${overview.documents[i]?.document.reference}: ${overviewCellText(cell)}`,
              }
            : null,
        ),
      ),
    },
    summary,
  );
  return { svg, summary };
}
