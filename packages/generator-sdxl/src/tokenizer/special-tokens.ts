/**
 * Special and added tokens from tokenizer_config.json, special_tokens_map.json and added_tokens.json,
 * merged as transformers does: special_tokens_map.json overrides tokenizer_config.json. A token is
 * stored either as a string or as an AddedToken object with a "content" field.
 */
import { GeneavaError } from '@geneava/core/util';
import { CLIP_DEFAULTS } from './tokenizer-data.js';

type JsonObject = Readonly<Record<string, unknown>>;

export interface TokenizerSettings {
  readonly bosToken: string;
  readonly eosToken: string;
  readonly unkToken: string;
  readonly padToken: string;
  readonly additionalSpecialTokens: readonly string[];
  /** Added tokens whose id the files state (added_tokens_decoder, added_tokens.json). */
  readonly addedTokenIds: ReadonlyMap<string, number>;
  readonly maxLength: number;
}

/** The files a tokenizer folder may hold besides its vocabulary, already parsed (undefined: absent). */
export interface TokenizerConfigFiles {
  readonly tokenizerConfig?: JsonObject;
  readonly specialTokensMap?: JsonObject;
  readonly addedTokens?: JsonObject;
}

type SpecialKey = 'bosToken' | 'eosToken' | 'unkToken' | 'padToken';
const JSON_KEY: Record<SpecialKey, string> = {
  bosToken: 'bos_token',
  eosToken: 'eos_token',
  unkToken: 'unk_token',
  padToken: 'pad_token',
};

/** Longest sequence length accepted from model_max_length (transformers writes 1e30 when it is unknown). */
const MAX_SEQUENCE_LENGTH = 4096;

export function readTokenizerSettings(folder: string, files: TokenizerConfigFiles): TokenizerSettings {
  const config = files.tokenizerConfig ?? {};
  const map = files.specialTokensMap ?? {};
  const special = (key: SpecialKey): string => {
    const jsonKey = JSON_KEY[key];
    return (
      tokenContent(map[jsonKey], `${folder}/special_tokens_map.json`, jsonKey) ??
      tokenContent(config[jsonKey], `${folder}/tokenizer_config.json`, jsonKey) ??
      CLIP_DEFAULTS[key]
    );
  };
  const additional = map['additional_special_tokens'] ?? config['additional_special_tokens'] ?? [];
  if (!Array.isArray(additional)) {
    throw settingsError(`${folder}/tokenizer_config.json`, '"additional_special_tokens" must be a list');
  }
  return {
    bosToken: special('bosToken'),
    eosToken: special('eosToken'),
    unkToken: special('unkToken'),
    padToken: special('padToken'),
    additionalSpecialTokens: additional.map((token, i) => {
      const content = tokenContent(token, `${folder}/tokenizer_config.json`, `additional_special_tokens[${i}]`);
      if (content === undefined) throw settingsError(`${folder}/tokenizer_config.json`, `additional_special_tokens[${i}] is empty`);
      return content;
    }),
    addedTokenIds: addedTokenIds(folder, config['added_tokens_decoder'], files.addedTokens),
    maxLength: maxLength(folder, config['model_max_length']),
  };
}

function tokenContent(value: unknown, file: string, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as JsonObject)['content'] === 'string') {
    return (value as JsonObject)['content'] as string;
  }
  throw settingsError(file, `"${key}" must be a token string or an object with "content"`);
}

function addedTokenIds(folder: string, decoder: unknown, addedTokensFile: JsonObject | undefined): Map<string, number> {
  const ids = new Map<string, number>();
  for (const [token, id] of Object.entries(addedTokensFile ?? {})) {
    if (!isTokenId(id)) throw settingsError(`${folder}/added_tokens.json`, `"${token}" must map to a token id`);
    ids.set(token, id);
  }
  if (decoder === undefined || decoder === null) return ids;
  const file = `${folder}/tokenizer_config.json`;
  if (typeof decoder !== 'object' || Array.isArray(decoder)) throw settingsError(file, '"added_tokens_decoder" must be an object');
  for (const [key, entry] of Object.entries(decoder as JsonObject)) {
    const id = Number(key);
    const content = tokenContent(entry, file, `added_tokens_decoder.${key}`);
    if (!isTokenId(id) || content === undefined) throw settingsError(file, `"added_tokens_decoder.${key}" is not an id with token content`);
    ids.set(content, id);
  }
  return ids;
}

function maxLength(folder: string, value: unknown): number {
  if (value === undefined || value === null) return CLIP_DEFAULTS.maxLength;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 3 || value > MAX_SEQUENCE_LENGTH) {
    throw settingsError(
      `${folder}/tokenizer_config.json`,
      `"model_max_length" must be a whole number in 3..${MAX_SEQUENCE_LENGTH} (found ${JSON.stringify(value)}; CLIP text encoders take 77)`,
    );
  }
  return value;
}

export function isTokenId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function settingsError(file: string, problem: string): GeneavaError {
  return new GeneavaError(`${file}: ${problem}`, 'tokenizer-files');
}
