import { escapeHtml } from '../escape.js';
import type { ReportView } from '../view.js';

export function renderHeader(view: ReportView): string {
  const { model } = view;
  const { counts } = model;
  const facts: [string, string][] = [
    ['Items compared', `${counts.compared} of ${counts.items}`],
    ['Stylizers', String(model.stylizers.length)],
    ['Failed pairs', `${counts.failedPairs} of ${counts.pairs}`],
    ['Skipped inputs', String(counts.skipped)],
    ['Bootstrap resamples', model.settings.resamples.toLocaleString('en-US')],
    ...(model.generatedAt ? [['Generated', model.generatedAt] as [string, string]] : []),
    ...Object.entries(model.context).map(([key, value]) => [key, String(value)] as [string, string]),
  ];
  const stylizerRows = model.stylizers
    .map(
      (stylizer) =>
        `<tr><td class="name"><span class="swatch" style="background:${view.colour(stylizer.name)}"></span>${escapeHtml(stylizer.name)}</td>` +
        `<td>${escapeHtml(stylizer.id ?? '')}</td><td>${escapeHtml(stylizer.style ?? '')}</td><td>${escapeHtml(stylizer.version ?? '')}</td>` +
        // What the stylizer declares; it does not change how it is measured (one protocol for all).
        `<td>${stylizer.geometryPreserving === undefined ? '' : stylizer.geometryPreserving ? 'kept in place' : 'moved'}</td></tr>`,
    )
    .join('');
  return (
    `<header><h1>${escapeHtml(model.title)}</h1>` +
    `<ul class="facts">${facts.map(([key, value]) => `<li>${escapeHtml(key)}: <b>${escapeHtml(value)}</b></li>`).join('')}</ul></header>` +
    `<section id="stylizers"><h2>Stylizers</h2><table><thead><tr><th>Name</th><th>Id</th><th>Style</th><th>Version</th><th>Declared face geometry</th></tr></thead>` +
    `<tbody>${stylizerRows}</tbody></table></section>`
  );
}
