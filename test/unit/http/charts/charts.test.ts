import t from 'tap';
import { monthChart } from '../../../../src/adapters/http/charts/month-chart.ts';
import { BAR_CHART, barChart } from '../../../../src/adapters/http/charts/bar-chart.ts';
import { heatGrid, heatStep } from '../../../../src/adapters/http/charts/heat-grid.ts';
import { esc } from '../../../../src/adapters/http/charts/xml-text.ts';

// The pages' pictures are SVG strings built on the server (src/adapters/http/charts/).

const bars = (values: number[]) => values.map((value, i) => ({ label: `m${i}`, value, title: `m${i}: ${value}` }));
const heights = (svg: string) => [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));

t.test('bar heights are proportional to the values; the largest fills the plot', async (t) => {
  const svg = barChart(bars([10, 5, 20, 15]), 'Forms per month');
  const plot = BAR_CHART.height - BAR_CHART.top - BAR_CHART.bottom;
  t.same(heights(svg), [plot / 2, plot / 4, plot, (plot * 3) / 4]);
  const bottoms = [...svg.matchAll(/<rect [^>]*y="([\d.]+)"[^>]*height="([\d.]+)"/g)].map(
    (m) => Number(m[1]) + Number(m[2]),
  );
  t.same(new Set(bottoms), new Set([BAR_CHART.top + plot]), 'every bar stands on the axis');
  t.match(svg, /<text class="scale"[^>]*>20<\/text>/, 'the scale says the largest value');
});

t.test('a zero month is an empty slot that still has its title; all zeros draw no bar', async (t) => {
  const svg = barChart(bars([3, 0, 6]), 'Forms per month');
  t.equal(heights(svg).length, 2);
  t.match(svg, /<g class="bar"><title>m1: 0<\/title><text /);
  t.equal((svg.match(/<g class="bar">/g) ?? []).length, 3, 'one slot per month');
  t.equal(heights(barChart(bars([0, 0]), 'none')).length, 0);
  t.equal(heights(barChart([], 'none')).length, 0);
});

t.test('an image with a name, scaled to its container', async (t) => {
  const svg = barChart(bars([1]), 'Forms per month, 2026');
  t.match(svg, /^<svg [^>]*role="img"/);
  t.match(svg, /aria-label="Forms per month, 2026"/);
  t.match(svg, /<title>Forms per month, 2026<\/title>/);
  t.match(svg, /viewBox="0 0 480 160" width="100%"/);
});

t.test('every text is escaped: labels, titles and the summary', async (t) => {
  const evil = `<script>alert("x")</script> & 'q'`;
  const svg = barChart([{ label: evil, value: 1, title: evil }], evil);
  t.notMatch(svg, /<script>/);
  t.equal(svg.split(esc(evil)).length - 1, 4, 'aria-label, title, bar title and label');
  t.equal(esc(evil), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
  const grid = heatGrid(
    { rows: [evil], columns: [evil], cells: [[{ percent: 50, href: '/m?d=a&s="b"', title: evil }]] },
    evil,
  );
  t.notMatch(grid, /<script>/);
  t.match(grid, /href="\/m\?d=a&amp;s=&quot;b&quot;"/);
});

t.test('a heat grid: one linked cell per value, coloured in steps, blanks left out', async (t) => {
  const grid = heatGrid(
    {
      rows: ['QA', 'Production'],
      columns: ['SOP-1', 'SOP-2'],
      cells: [
        [{ percent: 100, href: '/a', title: 'QA · SOP-1: 4 of 4' }, null],
        [
          { percent: 49, href: '/b', title: 'b' },
          { percent: 80, href: '/c', title: 'c' },
        ],
      ],
    },
    'Trained on the current revision',
  );
  t.same(
    [...grid.matchAll(/<a href="([^"]+)" class="heat-(\w+)" tabindex="-1">/g)].map((m) => [m[1], m[2]]),
    [
      ['/a', 'all'],
      ['/b', 'few'],
      ['/c', 'most'],
    ],
  );
  t.match(grid, /<title>QA · SOP-1: 4 of 4<\/title>/);
  t.match(grid, />100%<\/text>/);
  t.same(
    [heatStep(0), heatStep(50), heatStep(79), heatStep(99), heatStep(100)],
    ['few', 'half', 'half', 'most', 'all'],
  );
  t.match(grid, /aria-hidden="true" data-summary="Trained on the current revision"/);
});

t.test('the list chart is drawn once per set of counts, then served as drawn', async (t) => {
  const counts = [
    { month: '2026-10', forms: 3 },
    { month: '2026-11', forms: 1 },
  ];
  const first = monthChart(counts);
  t.match(first?.summary, /October 2026 to November 2026: 4 forms, most in October 2026 \(3\)/);
  t.equal(monthChart(counts.map((c) => ({ ...c }))), first, 'the same counts: the same chart');
  const other = monthChart([
    { month: '2026-10', forms: 3 },
    { month: '2026-11', forms: 2 },
  ]);
  t.not(other, first);
  t.match(other?.summary, /5 forms/, 'other counts: drawn anew');
  t.equal(monthChart([]), null);
});
