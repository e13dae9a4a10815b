/**
 * CLIP's BPE tokenizer as diffusers uses it for SDXL (transformers' slow CLIPTokenizer, called with
 * padding="max_length", max_length=77, truncation=True): [BOS] + at most 75 tokens + [EOS], then the pad
 * id up to 77. The two SDXL tokenizers share vocabulary and merges but not padding: tokenizer/ pads with
 * <|endoftext|> (49407) while tokenizer_2/ declares pad_token "!" as an added token with id 0, so it pads
 * with 0 and also turns every "!" of a prompt into 0. Both come from the folder's own files; never reuse
 * one tokenizer's ids for the other encoder.
 */
import { byteLevelEncode } from './bytes-to-unicode.js';
import { BytePairEncoder } from './bpe.js';
import { cleanClipText, splitClipWords } from './clip-text.js';
import { readClipTokenizerFolder } from './read-tokenizer-folder.js';
import type { ClipTokenizerData } from './tokenizer-data.js';

/** Pieces CLIPTokenizer's BPE cache maps to themselves (no "</w>"), so they keep their special ids. */
const SELF_MAPPED_PIECES = new Set(['<|startoftext|>', '<|endoftext|>']);

export class ClipTokenizer {
  readonly maxLength: number;
  readonly bosTokenId: number;
  readonly eosTokenId: number;
  readonly padTokenId: number;
  readonly unkTokenId: number;
  private readonly vocab: ReadonlyMap<string, number>;
  private readonly bpe: BytePairEncoder;
  /** Added tokens, longest first, so that the longest one matching at a position wins. */
  private readonly addedTokens: readonly string[];
  private readonly addedTokenIds: ReadonlyMap<string, number>;

  constructor(data: ClipTokenizerData) {
    if (data.maxLength < 3) throw new RangeError(`tokenizer max length must be at least 3 (got ${data.maxLength})`);
    this.vocab = data.vocab;
    this.bpe = new BytePairEncoder(data.merges);
    this.addedTokenIds = data.addedTokens;
    this.addedTokens = [...data.addedTokens.keys()].filter((token) => token.length > 0).sort((a, b) => b.length - a.length);
    this.maxLength = data.maxLength;
    const idOf = (token: string, role: string) => {
      const id = data.addedTokens.get(token) ?? data.vocab.get(token);
      if (id === undefined) throw new Error(`tokenizer ${role} token "${token}" has no id`);
      return id;
    };
    this.bosTokenId = idOf(data.bosToken, 'BOS');
    this.eosTokenId = idOf(data.eosToken, 'EOS');
    this.padTokenId = idOf(data.padToken, 'padding');
    this.unkTokenId = idOf(data.unkToken, 'unknown');
  }

  /** Reads vocab.json + merges.txt (or tokenizer.json) and the special-token settings of `folder`. */
  static async fromFolder(folder: string): Promise<ClipTokenizer> {
    return new ClipTokenizer(await readClipTokenizerFolder(folder));
  }

  /** The tokens of `text` as strings (BPE tokens end in "</w>" at word ends; added tokens as written). */
  tokenize(text: string): string[] {
    const tokens: string[] = [];
    for (const segment of this.splitOnAddedTokens(text)) {
      if (segment.added) {
        tokens.push(segment.text);
        continue;
      }
      for (const piece of splitClipWords(cleanClipText(segment.text))) {
        if (SELF_MAPPED_PIECES.has(piece)) tokens.push(piece);
        else tokens.push(...this.bpe.encode(byteLevelEncode(piece)));
      }
    }
    return tokens;
  }

  /** The ids of `text` without BOS, EOS, truncation or padding (its length tells whether it will be cut). */
  tokenIds(text: string): number[] {
    return this.tokenize(text).map((token) => this.addedTokenIds.get(token) ?? this.vocab.get(token) ?? this.unkTokenId);
  }

  /** Exactly maxLength ids: BOS, the first maxLength - 2 token ids, EOS, then padding. */
  encode(text: string): number[] {
    const body = this.tokenIds(text).slice(0, this.maxLength - 2);
    const ids = [this.bosTokenId, ...body, this.eosTokenId];
    while (ids.length < this.maxLength) ids.push(this.padTokenId);
    return ids;
  }

  /** Raw text cut around added tokens (matched exactly, before any clean-up), as transformers does. */
  private splitOnAddedTokens(text: string): { text: string; added: boolean }[] {
    const segments: { text: string; added: boolean }[] = [];
    let plainStart = 0;
    let i = 0;
    while (i < text.length) {
      const match = this.addedTokens.find((token) => text.startsWith(token, i));
      if (match === undefined) {
        i++;
        continue;
      }
      if (i > plainStart) segments.push({ text: text.slice(plainStart, i), added: false });
      segments.push({ text: match, added: true });
      i += match.length;
      plainStart = i;
    }
    if (plainStart < text.length) segments.push({ text: text.slice(plainStart), added: false });
    return segments;
  }
}
