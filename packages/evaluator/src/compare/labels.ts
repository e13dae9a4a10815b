import { EXPRESSIONS_BY_NAME } from '@geneava/core/taxonomy';
import type { ItemLabelSet } from './types.js';

/** Label keys the breakdowns use by default: the expression family, then the demographic axes. */
export const DEFAULT_COMPARISON_GROUP_KEYS: readonly string[] = ['family', 'gender', 'race', 'ageGroup'];

/** The expression family (love, joy, surprise, anger, sadness, fear) of an expression name, by core's taxonomy. */
export function expressionFamily(expression: string): string | undefined {
  return EXPRESSIONS_BY_NAME.get(expression.trim().toLowerCase())?.family;
}

/** An item's labels with "family" added from its expression when the taxonomy knows it and no family was given. */
export function withFamily(labels: ItemLabelSet | undefined): ItemLabelSet {
  if (!labels) return {};
  if (labels['family'] !== undefined || labels['expression'] === undefined) return labels;
  const family = expressionFamily(labels['expression']);
  return family === undefined ? labels : { ...labels, family };
}
