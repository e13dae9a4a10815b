/**
 * The items every compared stylizer was scored on. Summaries (leaderboard, paired tests, breakdowns,
 * strength) are computed on these only, so no stylizer's mean leaves out items another's includes: a
 * stylizer that failed on the hard photos would otherwise be averaged over the easy ones. Items some
 * stylizers lack are listed apart with who lacks them. A missed face is a scored pair (its rates are 0),
 * so misses stay in; only pairs that could not be scored at all (stylizer, save or scoring failed) make
 * an item unshared.
 */
import type { ComparisonInput } from './types.js';

/** An item left out of the summaries, and the stylizers that have no scored pair for it. */
export interface UnsharedItem {
  readonly id: string;
  /** Stylizer names, in stylizer order: the pair failed or is absent. */
  readonly missing: readonly string[];
}

export interface SharedItems {
  /** Items every stylizer has a scored ('ok') pair for. */
  readonly ids: ReadonlySet<string>;
  /** The other items of the pairs, in id order (code-unit order). */
  readonly unshared: readonly UnsharedItem[];
}

export function sharedItems(input: Pick<ComparisonInput, 'stylizers' | 'pairs'>): SharedItems {
  const names = input.stylizers.map((stylizer) => stylizer.name);
  const scoredBy = new Map<string, Set<string>>();
  for (const pair of input.pairs) {
    if (!scoredBy.has(pair.id)) scoredBy.set(pair.id, new Set());
    if (pair.status === 'ok') scoredBy.get(pair.id)!.add(pair.stylizer);
  }
  const ids = new Set<string>();
  const unshared: UnsharedItem[] = [];
  for (const id of [...scoredBy.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const missing = names.filter((name) => !scoredBy.get(id)!.has(name));
    if (missing.length === 0) ids.add(id);
    else unshared.push({ id, missing });
  }
  return { ids, unshared };
}
