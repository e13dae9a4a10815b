import type { Candidate } from '../source/candidates.js';
import { seededRandom, shuffled } from './random.js';

export interface SamplePairsOptions {
  /** Pairs per (expression, stylizer) cell; a cell with fewer candidates gives all it has. */
  readonly perCell: number;
  readonly seed: number;
}

const NO_EXPRESSION = '';
const DEMOGRAPHIC_KEYS = ['gender', 'race', 'ageGroup'] as const;

function demographicGroup(labels: Readonly<Record<string, string>>): string {
  return DEMOGRAPHIC_KEYS.map((key) => labels[key] ?? '').join('|');
}

/** Items in an order that visits every demographic group before any group's second item (round robin). */
function spreadOverGroups(items: readonly string[], groupOf: (item: string) => string): string[] {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const group = groupOf(item);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(item);
  }
  const order: string[] = [];
  const queues = [...groups.values()];
  for (let round = 0; order.length < items.length; round++) {
    for (const queue of queues) if (round < queue.length) order.push(queue[round]!);
  }
  return order;
}

/**
 * Pairs stratified by expression and stylizer: for each expression, items are picked in a seeded order
 * spread over demographic groups, items every stylizer has an avatar for first, and each stylizer gets
 * the first `perCell` of them it has an avatar for. So each (expression, stylizer) cell holds up to
 * `perCell` pairs, and stylizers are judged on the same faces wherever the source allows (a paired design).
 */
export function samplePairs(candidates: readonly Candidate[], options: SamplePairsOptions): Candidate[] {
  const random = seededRandom(options.seed);
  const stylizers = [...new Set(candidates.map((candidate) => candidate.stylizer))];
  const byExpression = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const expression = candidate.labels['expression'] ?? NO_EXPRESSION;
    if (!byExpression.has(expression)) byExpression.set(expression, []);
    byExpression.get(expression)!.push(candidate);
  }
  const picked: Candidate[] = [];
  for (const expression of [...byExpression.keys()].sort()) {
    const cell = byExpression.get(expression)!;
    const byItem = new Map<string, Map<string, Candidate>>();
    for (const candidate of cell) {
      if (!byItem.has(candidate.item)) byItem.set(candidate.item, new Map());
      byItem.get(candidate.item)!.set(candidate.stylizer, candidate);
    }
    const items = shuffled([...byItem.keys()].sort(), random);
    const groupOf = (item: string) => demographicGroup(byItem.get(item)!.values().next().value!.labels);
    const complete = items.filter((item) => byItem.get(item)!.size === stylizers.length);
    const partial = items.filter((item) => byItem.get(item)!.size !== stylizers.length);
    const order = [...spreadOverGroups(complete, groupOf), ...spreadOverGroups(partial, groupOf)];
    for (const stylizer of stylizers) {
      let taken = 0;
      for (const item of order) {
        if (taken >= options.perCell) break;
        const candidate = byItem.get(item)!.get(stylizer);
        if (!candidate) continue;
        picked.push(candidate);
        taken++;
      }
    }
  }
  return picked;
}
