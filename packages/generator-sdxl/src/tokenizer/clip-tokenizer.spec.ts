import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BYTE_TO_UNICODE, byteLevelEncode } from './bytes-to-unicode.js';
import { BytePairEncoder } from './bpe.js';
import { cleanClipText, splitClipWords } from './clip-text.js';
import { ClipTokenizer } from './clip-tokenizer.js';
import { CLIP_MERGE_LIMIT } from './tokenizer-data.js';

// A tiny CLIP-like vocabulary laid out as CLIP's is: the 256 byte characters in bytes_to_unicode order
// (ids 0..255; "!" is 0 and "a" is 64), the same with "</w>" (256..511; "!</w>" 256, "a</w>" 320), then
// one token per merge from 512, and the special tokens at CLIP's ids 49406/49407.
const MERGES: [string, string][] = [
  ['o', 'f</w>'], // 512 of</w>
  ['c', 'a'], // 513 ca
  ['ca', 't</w>'], // 514 cat</w>
  ['p', 'h'], // 515 ph
  ['ph', 'o'], // 516 pho
  ['t', 'o</w>'], // 517 to</w>
  ['pho', 'to</w>'], // 518 photo</w>
  ['h', 'e'], // 519 he
  ['l', 'l'], // 520 ll
  ['he', 'll'], // 521 hell
  ['hell', 'o</w>'], // 522 hello</w>
];
const BOS = 49406;
const EOS = 49407;
const A = 320; // "a</w>"
const PHOTO = 518;
const OF = 512;
const CAT = 514;
const HELLO = 522;
const BANG = 0; // "!"
const BANG_END = 256; // "!</w>"

function buildVocab(): Record<string, number> {
  const vocab: Record<string, number> = {};
  const order = byteOrder();
  order.forEach((char, i) => {
    vocab[char] = i;
    vocab[`${char}</w>`] = 256 + i;
  });
  MERGES.forEach(([a, b], i) => {
    vocab[a + b] = 512 + i;
  });
  vocab['<|startoftext|>'] = BOS;
  vocab['<|endoftext|>'] = EOS;
  return vocab;
}

/** CLIP's base vocabulary order: printable bytes first ("!".."~", "¡".."¬", "®".."ÿ"), then the rest. */
function byteOrder(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const bytes = [...Array(256).keys()];
  return [...bytes.filter(printable), ...bytes.filter((b) => !printable(b))].map((b) => BYTE_TO_UNICODE[b]!);
}

const TOKENIZER_CONFIG = {
  bos_token: { __type: 'AddedToken', content: '<|startoftext|>', lstrip: false, normalized: true, rstrip: false, single_word: false },
  eos_token: { __type: 'AddedToken', content: '<|endoftext|>', lstrip: false, normalized: true, rstrip: false, single_word: false },
  unk_token: { __type: 'AddedToken', content: '<|endoftext|>', lstrip: false, normalized: true, rstrip: false, single_word: false },
  pad_token: '<|endoftext|>',
  do_lower_case: true,
  model_max_length: 77,
  tokenizer_class: 'CLIPTokenizer',
};

/** tokenizer_2 of SDXL as newer transformers save it: "!" registered as added token 0 and used as pad. */
const TOKENIZER_2_CONFIG = {
  added_tokens_decoder: {
    '0': { content: '!', lstrip: false, normalized: false, rstrip: false, single_word: false, special: true },
    '49406': { content: '<|startoftext|>', lstrip: false, normalized: true, rstrip: false, single_word: false, special: true },
    '49407': { content: '<|endoftext|>', lstrip: false, normalized: true, rstrip: false, single_word: false, special: true },
  },
  bos_token: '<|startoftext|>',
  eos_token: '<|endoftext|>',
  unk_token: '<|endoftext|>',
  pad_token: '!',
  do_lower_case: true,
  model_max_length: 77,
};

let root: string;
let folderCount = 0;

async function writeFolder(files: Record<string, string | object>): Promise<string> {
  const folder = join(root, `tokenizer-${folderCount++}`);
  await mkdir(folder, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(folder, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return folder;
}

function mergesText(merges: readonly (readonly [string, string])[]): string {
  return ['#version: 0.2', ...merges.map(([a, b]) => `${a} ${b}`)].join('\n') + '\n';
}

function slowFiles(config: object = TOKENIZER_CONFIG): Record<string, string | object> {
  return { 'vocab.json': buildVocab(), 'merges.txt': mergesText(MERGES), 'tokenizer_config.json': config };
}

function fastFiles(mergeForm: 'string' | 'pair', config: object = TOKENIZER_CONFIG): Record<string, string | object> {
  return {
    'tokenizer.json': {
      version: '1.0',
      added_tokens: [
        { id: BOS, content: '<|startoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true },
        { id: EOS, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true },
      ],
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: '<|endoftext|>',
        continuing_subword_prefix: '',
        end_of_word_suffix: '</w>',
        fuse_unk: false,
        vocab: buildVocab(),
        merges: MERGES.map(([a, b]) => (mergeForm === 'string' ? `${a} ${b}` : [a, b])),
      },
    },
    'tokenizer_config.json': config,
  };
}

function padded(ids: number[], pad: number, length = 77): number[] {
  return [...ids, ...Array<number>(length - ids.length).fill(pad)];
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'clip-tokenizer-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('bytes_to_unicode', () => {
  it('keeps printable bytes and moves the others to U+0100 onwards', () => {
    expect(BYTE_TO_UNICODE[0x21]).toBe('!');
    expect(BYTE_TO_UNICODE[0x61]).toBe('a');
    expect(BYTE_TO_UNICODE[0xe9]).toBe('é');
    expect(BYTE_TO_UNICODE[0x00]).toBe('Ā'); // U+0100
    expect(BYTE_TO_UNICODE[0x20]).toBe('Ġ'); // 33rd non-printable byte: U+0120
    expect(BYTE_TO_UNICODE[0x7f]).toBe('ġ'); // U+0121
    expect(BYTE_TO_UNICODE[0xad]).toBe('Ń'); // the last one: U+0143
    expect(new Set(BYTE_TO_UNICODE).size).toBe(256);
  });

  it('encodes UTF-8 bytes of non-ASCII text', () => {
    expect(byteLevelEncode('é')).toBe('Ã©'); // C3 A9
    expect(byteLevelEncode('€')).toBe('âĤ¬'); // E2 82 AC
    expect(byteLevelEncode('a b')).toBe('aĠb');
  });
});

describe('CLIP text clean-up and word split', () => {
  const words = (text: string) => splitClipWords(cleanClipText(text));

  it('lowercases and collapses whitespace', () => {
    expect(cleanClipText('  A\tPHOTO\n of   a  Cat ')).toBe('a photo of a cat');
    expect(cleanClipText('ÉCOLE')).toBe('école');
  });

  it('drops control and format characters, keeps accents (NFC), spaces CJK ideographs', () => {
    expect(cleanClipText('a\u0000b\u200bc\u0007d')).toBe('abcd');
    expect(cleanClipText('cafe\u0301')).toBe('café'); // combining accent composed by NFC
    expect(cleanClipText('a\u00a0b')).toBe('a b'); // no-break space is a space separator
    expect(cleanClipText('猫の写真')).toBe('猫 の 写 真');
  });

  it('splits contractions as CLIP does', () => {
    expect(words("It's DON'T we're they've I'm we'll he'd")).toEqual([
      'it', "'s", 'don', "'t", 'we', "'re", 'they', "'ve", 'i', "'m", 'we', "'ll", 'he', "'d",
    ]);
    // The contraction alternatives come first, so "'sun" starts with "'s"; a lone quote is "other".
    expect(words("'sun x'y")).toEqual(["'s", 'un', 'x', "'", 'y']);
  });

  it('keeps runs of letters, splits digits one by one, groups other characters', () => {
    expect(words('abc123def 2024')).toEqual(['abc', '1', '2', '3', 'def', '2', '0', '2', '4']);
    expect(words('wow!!! ...ok? café')).toEqual(['wow', '!!!', '...', 'ok', '?', 'café']);
    expect(words('<|endoftext|>x')).toEqual(['<|endoftext|>', 'x']);
  });
});

describe('BytePairEncoder', () => {
  it('merges the lowest-ranked pair first', () => {
    const bpe = new BytePairEncoder([
      ['b', 'c'],
      ['a', 'b'],
    ]);
    expect(bpe.encode('abcd')).toEqual(['a', 'bc', 'd</w>']);
    expect(new BytePairEncoder([['a', 'b']]).encode('abcd')).toEqual(['ab', 'c', 'd</w>']);
  });

  it('merges non-overlapping occurrences left to right, and "</w>" marks the last character', () => {
    const bpe = new BytePairEncoder([
      ['a', 'a'],
      ['aa', 'a</w>'],
    ]);
    expect(bpe.encode('aaaa')).toEqual(['aa', 'a', 'a</w>']);
    expect(bpe.encode('aaaaa')).toEqual(['aa', 'aaa</w>']);
    expect(bpe.encode('a')).toEqual(['a</w>']);
  });

  it('gives the same result once its bounded cache has been emptied', () => {
    const bpe = new BytePairEncoder(MERGES, 2);
    const first = ['photo', 'cat', 'of'].map((word) => bpe.encode(word));
    const again = ['photo', 'cat', 'of'].map((word) => bpe.encode(word));
    expect(again).toEqual(first);
    expect(first).toEqual([['photo</w>'], ['cat</w>'], ['of</w>']]);
  });
});

describe('ClipTokenizer', () => {
  it('encodes "a photo of a cat" to hand-computed ids, padded with <|endoftext|>', async () => {
    const tokenizer = await ClipTokenizer.fromFolder(await writeFolder(slowFiles()));
    expect(tokenizer.tokenize('a photo of a cat')).toEqual(['a</w>', 'photo</w>', 'of</w>', 'a</w>', 'cat</w>']);
    expect(tokenizer.encode('a photo of a cat')).toEqual(padded([BOS, A, PHOTO, OF, A, CAT, EOS], EOS));
    expect(tokenizer.padTokenId).toBe(EOS);
    expect(tokenizer.maxLength).toBe(77);
  });

  it('lowercases and ignores extra whitespace', async () => {
    const tokenizer = await ClipTokenizer.fromFolder(await writeFolder(slowFiles()));
    expect(tokenizer.encode('  A PHOTO\tOf a   CAT ')).toEqual(tokenizer.encode('a photo of a cat'));
  });

  it('maps the bytes of non-ASCII words and falls back to <|endoftext|> for unknown tokens', async () => {
    const tokenizer = await ClipTokenizer.fromFolder(await writeFolder(slowFiles()));
    // "café" -> bytes c a f C3 A9 -> "ca" (513), "f" (69), "Ã" (127), "©</w>" (256 + 102).
    expect(tokenizer.tokenize('Café')).toEqual(['ca', 'f', 'Ã', '©</w>']);
    expect(tokenizer.tokenIds('Café')).toEqual([513, 69, 127, 358]);
    const unknownVocab = buildVocab();
    delete unknownVocab['f'];
    const folder = await writeFolder({ ...slowFiles(), 'vocab.json': unknownVocab });
    expect((await ClipTokenizer.fromFolder(folder)).tokenIds('café')).toEqual([513, EOS, 127, 358]);
  });

  it('truncates to BOS + 75 tokens + EOS', async () => {
    const tokenizer = await ClipTokenizer.fromFolder(await writeFolder(slowFiles()));
    const long = tokenizer.encode(Array(100).fill('a').join(' '));
    expect(long).toEqual([BOS, ...Array<number>(75).fill(A), EOS]);
    expect(tokenizer.encode(Array(75).fill('a').join(' '))).toEqual(long);
    expect(tokenizer.encode(Array(74).fill('a').join(' '))).toEqual([BOS, ...Array<number>(74).fill(A), EOS, EOS]);
    expect(tokenizer.tokenIds(Array(100).fill('a').join(' '))).toHaveLength(100);
  });

  it('pads with 0 and turns "!" into 0 for tokenizer_2, where "!" is the pad token', async () => {
    const first = await ClipTokenizer.fromFolder(await writeFolder(slowFiles()));
    const second = await ClipTokenizer.fromFolder(await writeFolder(slowFiles(TOKENIZER_2_CONFIG)));
    expect(second.padTokenId).toBe(0);
    expect(second.encode('a cat')).toEqual(padded([BOS, A, CAT, EOS], 0));
    expect(first.encode('a cat')).toEqual(padded([BOS, A, CAT, EOS], EOS));
    expect(second.encode('hello!')).toEqual(padded([BOS, HELLO, BANG, EOS], 0));
    expect(first.encode('hello!')).toEqual(padded([BOS, HELLO, BANG_END, EOS], EOS));
    // diffusers issue 4153: tokenizer_2("! !! !!!") gives six zeros between BOS and EOS.
    expect(second.encode('! !! !!!')).toEqual(padded([BOS, 0, 0, 0, 0, 0, 0, EOS], 0));
    expect(first.encode('! !! !!!')).toEqual(padded([BOS, BANG_END, BANG, BANG_END, BANG, BANG, BANG_END, EOS], EOS));
  });

  it('also pads with 0 for the older tokenizer_2 layout (pad "!" only in special_tokens_map.json)', async () => {
    const folder = await writeFolder({ ...slowFiles(), 'special_tokens_map.json': { pad_token: '!' } });
    const tokenizer = await ClipTokenizer.fromFolder(folder);
    expect(tokenizer.padTokenId).toBe(0);
    expect(tokenizer.encode('hello!')).toEqual(padded([BOS, HELLO, BANG, EOS], 0));
  });

  it('uses CLIPTokenizer defaults without config files and honours model_max_length', async () => {
    const bare = await ClipTokenizer.fromFolder(await writeFolder({ 'vocab.json': buildVocab(), 'merges.txt': mergesText(MERGES) }));
    expect([bare.bosTokenId, bare.eosTokenId, bare.padTokenId, bare.maxLength]).toEqual([BOS, EOS, EOS, 77]);
    const short = await ClipTokenizer.fromFolder(await writeFolder(slowFiles({ ...TOKENIZER_CONFIG, model_max_length: 5 })));
    expect(short.encode('a photo of a cat')).toEqual([BOS, A, PHOTO, OF, EOS]);
    expect(short.encode('a')).toEqual([BOS, A, EOS, EOS, EOS]);
  });

  it('keeps special tokens written in the prompt as their ids', async () => {
    const tokenizer = await ClipTokenizer.fromFolder(await writeFolder(slowFiles()));
    expect(tokenizer.tokenIds('a<|endoftext|>cat')).toEqual([A, EOS, CAT]);
    // Upper case escapes the exact-match split, but lowercasing and CLIP's pattern still find it.
    expect(tokenizer.tokenIds('a <|ENDOFTEXT|> cat')).toEqual([A, EOS, CAT]);
  });

  it('gives identical ids from tokenizer.json (both merge forms) and from vocab.json + merges.txt', async () => {
    const slow = await ClipTokenizer.fromFolder(await writeFolder(slowFiles()));
    const fastStrings = await ClipTokenizer.fromFolder(await writeFolder(fastFiles('string')));
    const fastPairs = await ClipTokenizer.fromFolder(await writeFolder(fastFiles('pair')));
    const prompts = ['a photo of a cat', 'Hello!! café 2024', "it's a CAT's photo...", '', Array(90).fill('photo').join(' ')];
    for (const prompt of prompts) {
      expect(fastStrings.encode(prompt)).toEqual(slow.encode(prompt));
      expect(fastPairs.encode(prompt)).toEqual(slow.encode(prompt));
    }
    const slow2 = await ClipTokenizer.fromFolder(await writeFolder(slowFiles(TOKENIZER_2_CONFIG)));
    const fast2 = await ClipTokenizer.fromFolder(await writeFolder(fastFiles('pair', TOKENIZER_2_CONFIG)));
    expect(fast2.encode('hello! a cat!')).toEqual(slow2.encode('hello! a cat!'));
    expect(fast2.padTokenId).toBe(0);
  });

  it('prefers vocab.json + merges.txt when both forms are present', async () => {
    const fast = fastFiles('string');
    const broken = { ...(fast['tokenizer.json'] as object), model: { type: 'BPE', vocab: {}, merges: [] } };
    const tokenizer = await ClipTokenizer.fromFolder(await writeFolder({ ...slowFiles(), 'tokenizer.json': broken }));
    expect(tokenizer.tokenIds('a cat')).toEqual([A, CAT]);
  });

  it('keeps only the first 48894 merges of merges.txt, as the slow CLIPTokenizer does', async () => {
    expect(CLIP_MERGE_LIMIT).toBe(48894);
    const filler: [string, string][] = Array.from({ length: CLIP_MERGE_LIMIT - 1 }, (_, i) => [`x${i}`, 'y']);
    const merges: [string, string][] = [['p', 'h'], ...filler, ['c', 'a']];
    const tokenizer = await ClipTokenizer.fromFolder(await writeFolder({ 'vocab.json': buildVocab(), 'merges.txt': mergesText(merges) }));
    expect(tokenizer.tokenize('phc cat')).toEqual(['ph', 'c</w>', 'c', 'a', 't</w>']);
  });
});

describe('ClipTokenizer.fromFolder errors', () => {
  it('names the folder and what it expects when tokenizer files are missing', async () => {
    const empty = await writeFolder({});
    await expect(ClipTokenizer.fromFolder(empty)).rejects.toThrow(
      `${empty}: has no tokenizer files (expected vocab.json + merges.txt, or tokenizer.json)`,
    );
    const half = await writeFolder({ 'vocab.json': buildVocab() });
    await expect(ClipTokenizer.fromFolder(half)).rejects.toThrow(
      `${half}: has vocab.json but not merges.txt (expected vocab.json + merges.txt, or tokenizer.json)`,
    );
    const missing = join(root, 'nowhere');
    await expect(ClipTokenizer.fromFolder(missing)).rejects.toThrow(`${missing}: is not a folder`);
  });

  it('names the file and the problem for malformed contents', async () => {
    const badJson = await writeFolder({ 'vocab.json': '{ "a": ', 'merges.txt': mergesText(MERGES) });
    await expect(ClipTokenizer.fromFolder(badJson)).rejects.toThrow(`${join(badJson, 'vocab.json')}: is not valid JSON`);
    const badMerge = await writeFolder({ 'vocab.json': buildVocab(), 'merges.txt': '#version: 0.2\na b c\n' });
    await expect(ClipTokenizer.fromFolder(badMerge)).rejects.toThrow(`${join(badMerge, 'merges.txt')}: line 2 is not two tokens`);
    const noSpecial = buildVocab();
    delete noSpecial['<|startoftext|>'];
    const missingBos = await writeFolder({ 'vocab.json': noSpecial, 'merges.txt': mergesText(MERGES) });
    await expect(ClipTokenizer.fromFolder(missingBos)).rejects.toThrow(
      `${missingBos}: special token "<|startoftext|>" is neither in the vocabulary nor an added token`,
    );
    const hugeLength = await writeFolder(slowFiles({ ...TOKENIZER_CONFIG, model_max_length: 1e30 }));
    await expect(ClipTokenizer.fromFolder(hugeLength)).rejects.toThrow(
      `${hugeLength}/tokenizer_config.json: "model_max_length" must be a whole number in 3..4096`,
    );
    const wordPiece = await writeFolder({ 'tokenizer.json': { model: { type: 'WordPiece', vocab: {} } } });
    await expect(ClipTokenizer.fromFolder(wordPiece)).rejects.toThrow(`model type is "WordPiece", a CLIP tokenizer is "BPE"`);
  });
});
