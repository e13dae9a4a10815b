/**
 * A small CLIP BPE vocabulary in the real one's shape: the 256 byte-level characters (GPT-2
 * `bytes_to_unicode` order, so "!" is id 0 as in CLIP), the same 256 with "</w>", merges that build a
 * few whole words, and the special tokens at their real ids (49406, 49407). Any ASCII prompt therefore
 * tokenizes without unknown tokens, and the words below become single tokens.
 */

/** GPT-2's reversible byte → printable character table, in its own order. */
export function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = '!'.charCodeAt(0); b <= '~'.charCodeAt(0); b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const bytes = [...printable];
  const chars = [...printable];
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!printable.includes(b)) {
      bytes.push(b);
      chars.push(256 + extra++);
    }
  }
  return chars.map((code) => String.fromCharCode(code));
}

export const CLIP_BOS = '<|startoftext|>';
export const CLIP_EOS = '<|endoftext|>';
export const CLIP_BOS_ID = 49406;
export const CLIP_EOS_ID = 49407;

/** Words that become one token each in the fixture vocabulary (lower-case ASCII letters only). */
export const FIXTURE_WORDS = ['a', 'photo', 'of', 'face', 'smiling', 'woman', 'man', 'angry', 'blurry', 'hello'] as const;

export interface ClipVocabulary {
  readonly vocab: Record<string, number>;
  /** Merge rules in rank order, each "left right". */
  readonly merges: string[];
}

/**
 * Merges that build each word left to right ("p h", "ph o", "pho t", "phot o</w>"), shared prefixes
 * merged once. Every intermediate token is in the vocabulary, as BPE training leaves it.
 */
export function buildClipVocabulary(words: readonly string[] = FIXTURE_WORDS): ClipVocabulary {
  const base = bytesToUnicode();
  const vocab: Record<string, number> = {};
  let next = 0;
  const add = (token: string) => {
    if (!(token in vocab)) vocab[token] = next++;
  };
  base.forEach(add);
  base.forEach((char) => add(`${char}</w>`));
  const merges: string[] = [];
  const seen = new Set<string>();
  for (const word of words) {
    if (word.length < 2) continue;
    let left = word[0]!;
    for (let i = 1; i < word.length; i++) {
      const right = i === word.length - 1 ? `${word[i]}</w>` : word[i]!;
      const rule = `${left} ${right}`;
      const merged = left + right;
      if (!seen.has(rule)) {
        seen.add(rule);
        merges.push(rule);
        add(merged);
      }
      left = merged;
    }
  }
  vocab[CLIP_BOS] = CLIP_BOS_ID;
  vocab[CLIP_EOS] = CLIP_EOS_ID;
  return { vocab, merges };
}
