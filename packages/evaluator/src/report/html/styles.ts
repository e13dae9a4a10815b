/** The report's only stylesheet, inlined: system fonts, no external resource. Prints legibly too. */
export const REPORT_CSS = `
:root { --ink: #1d2330; --muted: #5d6677; --line: #d9dde5; --soft: #f4f6f9; --good: #0b7a3e; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
p, li { max-width: 960px; }
.muted { color: var(--muted); }
.facts { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 10px 0 0; padding: 0; list-style: none; color: var(--muted); }
.facts b { color: var(--ink); font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 4px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; font-size: 13px; }
td.num, th.num { text-align: right; }
td .ci { display: block; color: var(--muted); font-size: 12px; white-space: nowrap; }
td.name { white-space: nowrap; }
td.best { font-weight: 700; color: var(--good); }
tr.rank-1 td:first-child { font-weight: 700; }
tr.not-stylized td { color: #6b7280; }
tr.not-stylized td:first-child { font-style: italic; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; vertical-align: baseline; }
.tag { display: inline-block; padding: 0 6px; border-radius: 8px; background: var(--soft); color: var(--muted); font-size: 12px; margin-left: 4px; }
.sig { color: var(--good); font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 10px 28px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin: 10px 0 2px; }
svg.chart { width: 100%; height: auto; max-width: 680px; font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.chart .grid { stroke: #eceff4; }
svg.chart .axis { stroke: #9aa3b2; }
svg.chart .reference { stroke: #5d6677; stroke-dasharray: 4 3; }
svg.chart .tick { fill: var(--muted); font-size: 11px; }
svg.chart .not-stylized-band { fill: #f3f4f6; }
svg.chart .pareto { fill: none; stroke: #374151; stroke-width: 1.5; stroke-dasharray: 6 3; }
svg.chart .point-label { font-size: 12px; }
svg.chart .row-label { fill: var(--ink); }
svg.chart .row-value { fill: var(--muted); }
table.grid td { border-bottom: 1px solid var(--line); text-align: center; }
table.grid td.highlight { background: #fff6e0; }
.thumb { display: block; width: 160px; height: 160px; object-fit: contain; background: var(--soft); border-radius: 4px; margin: 0 auto; }
.placeholder { display: flex; align-items: center; justify-content: center; width: 160px; height: 160px; margin: 0 auto; background: var(--soft); color: var(--muted); border-radius: 4px; font-size: 12px; padding: 8px; }
.caption { display: block; font-size: 12px; color: var(--muted); margin-top: 4px; max-width: 180px; word-wrap: break-word; }
.failed { color: #b3261e; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { body { padding: 0; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
`;
