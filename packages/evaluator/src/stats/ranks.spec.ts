import { midRanks } from './ranks.js';

describe('midRanks', () => {
  it('ranks from 1 and gives tied values the mean of the ranks they span', () => {
    // Sorted: 5 (1), 10 (2), 20 20 (3 and 4 -> 3.5), 30 30 30 (5, 6, 7 -> 6).
    const { ranks, tieGroups } = midRanks([10, 20, 30, 20, 5, 30, 30]);
    expect(Array.from(ranks)).toEqual([2, 3.5, 6, 3.5, 1, 6, 6]);
    expect(tieGroups).toEqual([2, 3]);
  });

  it('has no tie groups for distinct values and handles no values', () => {
    expect(midRanks([3, 1, 2]).tieGroups).toEqual([]);
    expect(Array.from(midRanks([]).ranks)).toEqual([]);
  });
});
