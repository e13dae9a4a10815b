/** Ranks with ties sharing their mean rank (mid-ranks), as rank tests use them. */
export interface MidRanks {
  /** Rank of each value, 1-based, in input order; tied values share the mean of the ranks they span. */
  readonly ranks: Float64Array;
  /** Sizes of the groups of tied values (only groups of 2 or more). */
  readonly tieGroups: readonly number[];
}

export function midRanks(values: ArrayLike<number>): MidRanks {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const ranks = new Float64Array(n);
  const tieGroups: number[] = [];
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    if (end - start > 1) tieGroups.push(end - start);
    start = end;
  }
  return { ranks, tieGroups };
}
