export { BYTE_TO_UNICODE, byteLevelEncode } from './bytes-to-unicode.js';
export { BytePairEncoder, END_OF_WORD } from './bpe.js';
export { cleanClipText, splitClipWords } from './clip-text.js';
export { ClipTokenizer } from './clip-tokenizer.js';
export { readClipTokenizerFolder } from './read-tokenizer-folder.js';
export { CLIP_DEFAULTS, CLIP_MERGE_LIMIT, type ClipTokenizerData } from './tokenizer-data.js';
