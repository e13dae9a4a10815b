/**
 * Reads a saved CLIP tokenizer in either form: the slow tokenizer's vocab.json + merges.txt (what
 * diffusers and Optimum exports hold, preferred when both are present since diffusers loads that one) or
 * the fast tokenizer's tokenizer.json (HF tokenizers format). tokenizer_config.json,
 * special_tokens_map.json and added_tokens.json are read when present.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDirectory, isFile } from '@geneava/core/model-check';
import { isTokenId, readTokenizerSettings, settingsError, type TokenizerConfigFiles } from './special-tokens.js';
import { CLIP_MERGE_LIMIT, type ClipTokenizerData } from './tokenizer-data.js';

const EXPECTED = 'expected vocab.json + merges.txt, or tokenizer.json';

type JsonObject = Readonly<Record<string, unknown>>;

interface Vocabulary {
  readonly vocab: Map<string, number>;
  readonly merges: (readonly [string, string])[];
  /** added_tokens of tokenizer.json. */
  readonly addedTokens: Map<string, number>;
}

export async function readClipTokenizerFolder(folder: string): Promise<ClipTokenizerData> {
  if (!(await isDirectory(folder))) throw settingsError(folder, `is not a folder (${EXPECTED})`);
  const [hasVocab, hasMerges, hasFast] = await Promise.all(
    ['vocab.json', 'merges.txt', 'tokenizer.json'].map((name) => isFile(join(folder, name))),
  );
  let vocabulary: Vocabulary;
  if (hasVocab && hasMerges) vocabulary = await readSlowFiles(folder);
  else if (hasFast) vocabulary = await readFastFile(folder);
  else if (hasVocab || hasMerges) {
    throw settingsError(folder, `has ${hasVocab ? 'vocab.json' : 'merges.txt'} but not ${hasVocab ? 'merges.txt' : 'vocab.json'} (${EXPECTED})`);
  } else throw settingsError(folder, `has no tokenizer files (${EXPECTED})`);

  const settings = readTokenizerSettings(folder, await readConfigFiles(folder));
  const addedTokens = new Map([...vocabulary.addedTokens, ...settings.addedTokenIds]);
  // Special tokens are never split either; their id is the added-token id or else the vocabulary's.
  for (const token of [settings.bosToken, settings.eosToken, settings.unkToken, settings.padToken, ...settings.additionalSpecialTokens]) {
    if (addedTokens.has(token)) continue;
    const id = vocabulary.vocab.get(token);
    if (id === undefined) throw settingsError(folder, `special token "${token}" is neither in the vocabulary nor an added token`);
    addedTokens.set(token, id);
  }
  return {
    vocab: vocabulary.vocab,
    merges: vocabulary.merges,
    addedTokens,
    bosToken: settings.bosToken,
    eosToken: settings.eosToken,
    unkToken: settings.unkToken,
    padToken: settings.padToken,
    maxLength: settings.maxLength,
  };
}

async function readSlowFiles(folder: string): Promise<Vocabulary> {
  const vocabFile = join(folder, 'vocab.json');
  const vocab = vocabMap(await readJson(vocabFile), vocabFile);
  const mergesFile = join(folder, 'merges.txt');
  const lines = (await readFile(mergesFile, 'utf8')).trim().split('\n');
  // The first line is the "#version: 0.2" header; CLIPTokenizer then keeps at most CLIP_MERGE_LIMIT merges.
  const first = lines[0]?.startsWith('#') ? 1 : 0;
  const merges: (readonly [string, string])[] = [];
  for (let i = first; i < lines.length && merges.length < CLIP_MERGE_LIMIT; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 2) throw settingsError(mergesFile, `line ${i + 1} is not two tokens separated by a space`);
    merges.push([parts[0]!, parts[1]!]);
  }
  return { vocab, merges, addedTokens: new Map() };
}

async function readFastFile(folder: string): Promise<Vocabulary> {
  const file = join(folder, 'tokenizer.json');
  const json = await readJson(file);
  const model = json['model'];
  if (typeof model !== 'object' || model === null) throw settingsError(file, 'has no "model" object');
  const m = model as JsonObject;
  if (m['type'] !== undefined && m['type'] !== 'BPE') throw settingsError(file, `model type is "${String(m['type'])}", a CLIP tokenizer is "BPE"`);
  if (m['end_of_word_suffix'] !== undefined && m['end_of_word_suffix'] !== null && m['end_of_word_suffix'] !== '</w>') {
    throw settingsError(file, `end_of_word_suffix is ${JSON.stringify(m['end_of_word_suffix'])}, a CLIP tokenizer uses "</w>"`);
  }
  const vocab = vocabMap(m['vocab'], `${file} model.vocab`);
  const rawMerges = m['merges'];
  if (!Array.isArray(rawMerges)) throw settingsError(file, '"model.merges" must be a list');
  const merges = rawMerges.map((merge: unknown, i): readonly [string, string] => {
    // Older files write "a b"; newer ones ["a", "b"] (which allows spaces inside tokens).
    const pair = typeof merge === 'string' ? merge.split(' ') : merge;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((part) => typeof part === 'string')) {
      throw settingsError(file, `model.merges[${i}] is neither "a b" nor ["a", "b"]`);
    }
    return [pair[0] as string, pair[1] as string];
  });
  const addedTokens = new Map<string, number>();
  const rawAdded = json['added_tokens'] ?? [];
  if (!Array.isArray(rawAdded)) throw settingsError(file, '"added_tokens" must be a list');
  rawAdded.forEach((entry: unknown, i) => {
    const e = (entry ?? {}) as JsonObject;
    if (typeof e['content'] !== 'string' || !isTokenId(e['id'])) throw settingsError(file, `added_tokens[${i}] needs "id" and "content"`);
    addedTokens.set(e['content'], e['id']);
  });
  return { vocab, merges, addedTokens };
}

async function readConfigFiles(folder: string): Promise<TokenizerConfigFiles> {
  const optional = async (name: string) => ((await isFile(join(folder, name))) ? readJson(join(folder, name)) : undefined);
  const [tokenizerConfig, specialTokensMap, addedTokens] = await Promise.all(
    ['tokenizer_config.json', 'special_tokens_map.json', 'added_tokens.json'].map(optional),
  );
  return {
    ...(tokenizerConfig ? { tokenizerConfig } : {}),
    ...(specialTokensMap ? { specialTokensMap } : {}),
    ...(addedTokens ? { addedTokens } : {}),
  };
}

function vocabMap(value: unknown, where: string): Map<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw settingsError(where, 'must be an object of token -> id');
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(value as JsonObject)) {
    if (!isTokenId(id)) throw settingsError(where, `token "${token}" has no valid id`);
    vocab.set(token, id);
  }
  return vocab;
}

async function readJson(file: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw settingsError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw settingsError(file, `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw settingsError(file, 'must hold a JSON object');
  return value as JsonObject;
}
