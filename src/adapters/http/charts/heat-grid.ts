import { coord, esc } from './xml-text.ts';

/** One cell of a heat grid: a percentage (0–100), the link it opens and the tooltip saying what it is. */
export interface HeatCell {
  readonly percent: number;
  readonly href: string;
  readonly title: string;
}

/** A grid's rows × columns; a `null` cell is drawn blank (nothing to measure there). */
export interface HeatGridData {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** `cells[row][column]`. */
  readonly cells: readonly (readonly (HeatCell | null)[])[];
}

/** The colour steps, highest first: a cell takes the first whose `from` it reaches. */
export const HEAT_STEPS = [
  { from: 100, name: 'all' },
  { from: 80, name: 'most' },
  { from: 50, name: 'half' },
  { from: 0, name: 'few' },
] as const;

/** The drawing's units; `overhang` leaves room for the last column's slanted label. */
export const HEAT_GRID = { rowLabel: 150, cell: 48, rowHeight: 26, header: 64, overhang: 80 } as const;

export function heatStep(percent: number): (typeof HEAT_STEPS)[number]['name'] {
  return HEAT_STEPS.find((s) => percent >= s.from)?.name ?? 'few';
}

/** Cuts a label to `max` characters with an ellipsis (the full text stays in the cells' titles). */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A coloured grid as an inline SVG string, drawn at its natural size and shrunk to a narrower
 * container by the page's `max-width: 100%` (a few columns are not blown up on a wide screen):
 * row labels on the left, column labels slanted above, one linked cell per value with its
 * percentage written in it (readable in grey print too), coloured by
 * {@link HEAT_STEPS} (classes `heat-all` … `heat-few`, styled by the page). Every cell has its own
 * `<title>` (a tooltip); every text is escaped. The grid is for the eye and the mouse: it is hidden
 * from assistive technology (`aria-hidden`, `summary` kept as its `<title>` and in `data-summary`)
 * and its links stay out of the tab order, because the page puts the same numbers and links in the
 * table beside it — an image may not hold links (axe-core: nested-interactive), and a group of them
 * would be read twice.
 */
export function heatGrid(data: HeatGridData, summary: string): string {
  const { rowLabel, cell, rowHeight, header, overhang } = HEAT_GRID;
  const width = rowLabel + data.columns.length * cell + overhang;
  const height = header + data.rows.length * rowHeight;
  const heads = data.columns.map((label, c) => {
    const x = rowLabel + c * cell + cell / 2;
    return `<text class="col" transform="translate(${coord(x)} ${header - 6}) rotate(-35)">${esc(cut(label, 14))}</text>`;
  });
  const lines = data.rows.map((label, r) => {
    const y = header + r * rowHeight;
    const cells = (data.cells[r] ?? []).map((v, c) => {
      if (!v) return '';
      const x = rowLabel + c * cell;
      return (
        `<a href="${esc(v.href)}" class="heat-${heatStep(v.percent)}" tabindex="-1"><title>${esc(v.title)}</title>` +
        `<rect x="${coord(x + 1)}" y="${coord(y + 1)}" width="${cell - 2}" height="${rowHeight - 2}"/>` +
        `<text x="${coord(x + cell / 2)}" y="${coord(y + rowHeight / 2 + 4)}" text-anchor="middle">` +
        `${esc(v.percent)}%</text></a>`
      );
    });
    const name = `<text class="row" x="${rowLabel - 6}" y="${coord(y + rowHeight / 2 + 4)}" text-anchor="end">`;
    return `<g>${name}${esc(cut(label, 22))}</text>${cells.join('')}</g>`;
  });
  return (
    `<svg class="chart heat-grid" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" ` +
    `data-summary="${esc(summary)}" xmlns="http://www.w3.org/2000/svg"><title>${esc(summary)}</title>` +
    `${heads.join('')}${lines.join('')}</svg>`
  );
}
