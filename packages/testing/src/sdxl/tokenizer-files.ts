/**
 * Writes tokenizer/ and tokenizer_2/ as a saved CLIPTokenizer: either the slow tokenizer's files
 * (vocab.json + merges.txt, what diffusers and Optimum exports hold) or the fast tokenizer's
 * tokenizer.json (transformers' CLIPConverter structure). tokenizer_2 differs only in its padding: pad
 * token "!", registered as special token id 0, as in SDXL's tokenizer_2.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildClipVocabulary, CLIP_BOS, CLIP_BOS_ID, CLIP_EOS, CLIP_EOS_ID, type ClipVocabulary } from './clip-vocab.js';

export type TokenizerFileForm = 'vocab+merges' | 'tokenizer.json';

const CLIP_SPLIT_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

function addedToken(id: number, content: string, normalized: boolean) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized, special: true };
}

function tokenizerConfig(padToken: string) {
  const decoder: Record<string, unknown> = {};
  const entry = (content: string, normalized: boolean) => ({ content, lstrip: false, normalized, rstrip: false, single_word: false, special: true });
  if (padToken === '!') decoder['0'] = entry('!', false);
  decoder[String(CLIP_BOS_ID)] = entry(CLIP_BOS, true);
  decoder[String(CLIP_EOS_ID)] = entry(CLIP_EOS, true);
  return {
    add_prefix_space: false,
    added_tokens_decoder: decoder,
    bos_token: CLIP_BOS,
    clean_up_tokenization_spaces: true,
    do_lower_case: true,
    eos_token: CLIP_EOS,
    errors: 'replace',
    model_max_length: 77,
    pad_token: padToken,
    tokenizer_class: 'CLIPTokenizer',
    unk_token: CLIP_EOS,
  };
}

function specialTokensMap(padToken: string) {
  const token = (content: string) => ({ content, lstrip: false, normalized: true, rstrip: false, single_word: false });
  return { bos_token: token(CLIP_BOS), eos_token: token(CLIP_EOS), pad_token: padToken === '!' ? '!' : token(CLIP_EOS), unk_token: token(CLIP_EOS) };
}

/** The fast tokenizer's tokenizer.json as transformers' CLIPConverter writes it. */
export function clipTokenizerJson(vocabulary: ClipVocabulary, padToken: string) {
  const added = [addedToken(CLIP_BOS_ID, CLIP_BOS, true), addedToken(CLIP_EOS_ID, CLIP_EOS, true)];
  if (padToken === '!') added.unshift(addedToken(0, '!', false));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: CLIP_SPLIT_PATTERN }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: [CLIP_EOS, CLIP_EOS_ID],
      cls: [CLIP_BOS, CLIP_BOS_ID],
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: CLIP_EOS,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: vocabulary.vocab,
      merges: vocabulary.merges,
    },
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes one tokenizer folder; `padToken` is "<|endoftext|>" for tokenizer/ and "!" for tokenizer_2/. */
export async function writeClipTokenizer(dir: string, padToken: string, form: TokenizerFileForm, vocabulary = buildClipVocabulary()): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'tokenizer_config.json'), json(tokenizerConfig(padToken)));
  if (form === 'tokenizer.json') {
    await writeFile(join(dir, 'tokenizer.json'), json(clipTokenizerJson(vocabulary, padToken)));
    return;
  }
  await writeFile(join(dir, 'vocab.json'), json(vocabulary.vocab));
  await writeFile(join(dir, 'merges.txt'), `#version: 0.2\n${vocabulary.merges.join('\n')}\n`);
  await writeFile(join(dir, 'special_tokens_map.json'), json(specialTokensMap(padToken)));
}
