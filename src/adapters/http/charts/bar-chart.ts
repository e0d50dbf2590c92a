import { coord, esc } from './xml-text.ts';

/** One bar: its axis label (may be blank to leave it out), its value and the tooltip naming both. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly title: string;
}

/** The drawing's own units; the SVG scales to its container's width (viewBox, width 100%). */
export const BAR_CHART = { width: 480, height: 160, top: 18, bottom: 22, gap: 0.2 } as const;

/**
 * A vertical bar chart as an inline SVG string: `role="img"` with `summary` as its accessible
 * name and `<title>`, one `<g>` per bar with its own `<title>`, bar heights proportional to the
 * values (a zero draws no bar), the largest value written above the plot. Every text is escaped.
 */
export function barChart(bars: readonly Bar[], summary: string): string {
  const { width, height, top, bottom, gap } = BAR_CHART;
  const plot = height - top - bottom;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const step = bars.length ? width / bars.length : width;
  const barWidth = step * (1 - gap);
  const parts = bars.map((bar, i) => {
    const x = i * step + (step - barWidth) / 2;
    const h = max > 0 ? (bar.value / max) * plot : 0;
    const rect =
      h > 0
        ? `<rect x="${coord(x)}" y="${coord(top + plot - h)}" width="${coord(barWidth)}" height="${coord(h)}"/>`
        : '';
    const label = bar.label
      ? `<text x="${coord(i * step + step / 2)}" y="${height - 6}" text-anchor="middle">${esc(bar.label)}</text>`
      : '';
    return `<g class="bar"><title>${esc(bar.title)}</title>${rect}${label}</g>`;
  });
  return (
    `<svg class="chart bar-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" ` +
    `aria-label="${esc(summary)}" xmlns="http://www.w3.org/2000/svg"><title>${esc(summary)}</title>` +
    `<text class="scale" x="0" y="12">${esc(max)}</text>` +
    `<line class="axis" x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}"/>` +
    `${parts.join('')}</svg>`
  );
}
