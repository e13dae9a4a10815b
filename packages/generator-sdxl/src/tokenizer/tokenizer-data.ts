/** Everything a CLIP tokenizer is made of, whichever files it was read from. */
export interface ClipTokenizerData {
  /** Token -> id (vocab.json, or model.vocab of tokenizer.json). */
  readonly vocab: ReadonlyMap<string, number>;
  /** Merge rules, highest priority first. */
  readonly merges: readonly (readonly [string, string])[];
  /** Tokens matched in the raw text before any clean-up or BPE, each with its fixed id. */
  readonly addedTokens: ReadonlyMap<string, number>;
  readonly bosToken: string;
  readonly eosToken: string;
  readonly unkToken: string;
  readonly padToken: string;
  /** Length of every encoded sequence (model_max_length; 77 for CLIP). */
  readonly maxLength: number;
}

/** CLIPTokenizer's defaults, used for any setting the config files leave out. */
export const CLIP_DEFAULTS = {
  bosToken: '<|startoftext|>',
  eosToken: '<|endoftext|>',
  unkToken: '<|endoftext|>',
  padToken: '<|endoftext|>',
  maxLength: 77,
} as const;

/** The slow CLIPTokenizer keeps at most this many merges of merges.txt (49152 - 256 - 2). */
export const CLIP_MERGE_LIMIT = 49152 - 256 - 2;
