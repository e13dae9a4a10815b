/** What every section needs besides the model: metric lookup by key and a fixed colour per stylizer. */
import type { ComparisonMetric, ComparisonModel } from '../../compare/types.js';

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#8c6d1f', '#000000'];

export interface ReportView {
  readonly model: ComparisonModel;
  readonly headline: readonly ComparisonMetric[];
  metric(key: string): ComparisonMetric | undefined;
  /** The stylizer's colour, by its position among the stylizers (stable across sections). */
  colour(stylizer: string): string;
}

export function reportView(model: ComparisonModel): ReportView {
  const byKey = new Map(model.metrics.map((metric) => [metric.key, metric]));
  const order = new Map(model.stylizers.map((stylizer, i) => [stylizer.name, i]));
  return {
    model,
    headline: model.metrics.filter((metric) => metric.headline),
    metric: (key) => byKey.get(key),
    colour: (stylizer) => PALETTE[(order.get(stylizer) ?? 0) % PALETTE.length]!,
  };
}

/** Human names of the label keys breakdowns use. */
export function groupKeyLabel(key: string): string {
  return ({ family: 'expression family', expression: 'expression', gender: 'gender', race: 'race', ageGroup: 'age group' } as Record<string, string>)[key] ?? key;
}
