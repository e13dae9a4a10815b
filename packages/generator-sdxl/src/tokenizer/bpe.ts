/**
 * CLIP's byte-pair encoding of one word (already byte-level encoded): start from its characters with
 * "</w>" glued to the last one, then repeatedly merge every non-overlapping occurrence, left to right, of
 * the adjacent pair with the lowest merge rank, until no adjacent pair has a rank. Results are cached
 * per word, as CLIPTokenizer does; the cache is emptied when it grows past `cacheLimit` words so that a
 * long-running generator over many prompts keeps bounded memory.
 */
export const END_OF_WORD = '</w>';

/** Separates the two halves of a merge key; U+0000 never occurs in byte-level encoded tokens. */
const PAIR_SEPARATOR = '\u0000';

export class BytePairEncoder {
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, readonly string[]>();

  constructor(
    merges: readonly (readonly [string, string])[],
    private readonly cacheLimit = 10_000,
  ) {
    // A repeated pair keeps its last rank, as a Python dict built from the list would.
    merges.forEach(([first, second], rank) => this.ranks.set(first + PAIR_SEPARATOR + second, rank));
  }

  get mergeCount(): number {
    return this.ranks.size;
  }

  /** The BPE tokens of `word` (the last one ends in "</w>"). */
  encode(word: string): readonly string[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const tokens = this.merge(word);
    if (this.cache.size >= this.cacheLimit) this.cache.clear();
    this.cache.set(word, tokens);
    return tokens;
  }

  private merge(word: string): string[] {
    const chars = Array.from(word);
    let parts = [...chars.slice(0, -1), chars[chars.length - 1] + END_OF_WORD];
    while (parts.length > 1) {
      const best = this.lowestRankedPair(parts);
      if (best === undefined) break;
      const [first, second] = best;
      const merged: string[] = [];
      for (let i = 0; i < parts.length; ) {
        if (parts[i] === first && i < parts.length - 1 && parts[i + 1] === second) {
          merged.push(first + second);
          i += 2;
        } else {
          merged.push(parts[i]!);
          i += 1;
        }
      }
      parts = merged;
    }
    return parts;
  }

  private lowestRankedPair(parts: readonly string[]): [string, string] | undefined {
    let best: [string, string] | undefined;
    let bestRank = Infinity;
    for (let i = 0; i < parts.length - 1; i++) {
      const rank = this.ranks.get(parts[i] + PAIR_SEPARATOR + parts[i + 1]);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = [parts[i]!, parts[i + 1]!];
      }
    }
    return best;
  }
}
