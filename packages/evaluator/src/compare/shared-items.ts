/**
 * The items every compared stylizer was scored on. Summaries (leaderboard, paired tests, breakdowns,
 * strength) are computed on these only, so no stylizer's mean leaves out items another's includes: a
 * stylizer that failed on the hard photos would otherwise be averaged over the easy ones. Items some
 * stylizers lack are listed apart with who lacks them. A missed face is a scored pair (its rates are 0),
 * so misses stay in; only pairs that could not be scored at all (stylizer, save or scoring failed) make
 * an item unshared. A stylizer scored on no item at all has no summary to compare and does not empty
 * everyone else's: it is left out of the intersection (its failures and success rate of 0 still show).
 */
import type { ComparisonInput } from './types.js';

/** An item left out of the summaries, and the stylizers that have no scored pair for it. */
export interface UnsharedItem {
  readonly id: string;
  /** Stylizer names (of those scored on some item), in stylizer order: the pair failed or is absent. */
  readonly missing: readonly string[];
}

export interface SharedItems {
  /** Items every stylizer has a scored ('ok') pair for. */
  readonly ids: ReadonlySet<string>;
  /** The other items of the pairs, in id order (code-unit order). */
  readonly unshared: readonly UnsharedItem[];
}

export function sharedItems(input: Pick<ComparisonInput, 'stylizers' | 'pairs'>): SharedItems {
  const scoredBy = new Map<string, Set<string>>();
  const scoredSomewhere = new Set<string>();
  for (const pair of input.pairs) {
    if (!scoredBy.has(pair.id)) scoredBy.set(pair.id, new Set());
    if (pair.status !== 'ok') continue;
    scoredBy.get(pair.id)!.add(pair.stylizer);
    scoredSomewhere.add(pair.stylizer);
  }
  const all = input.stylizers.map((stylizer) => stylizer.name);
  // With nothing scored at all, no item is shared and every stylizer lacks every item.
  const names = scoredSomewhere.size === 0 ? all : all.filter((name) => scoredSomewhere.has(name));
  const ids = new Set<string>();
  const unshared: UnsharedItem[] = [];
  for (const id of [...scoredBy.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const missing = names.filter((name) => !scoredBy.get(id)!.has(name));
    if (missing.length === 0) ids.add(id);
    else unshared.push({ id, missing });
  }
  return { ids, unshared };
}
