/**
 * Text clean-up and word splitting of transformers' slow CLIPTokenizer, which diffusers loads for SDXL.
 *
 * Clean-up: CLIPTokenizer runs `ftfy.fix_text` when the ftfy package is installed and otherwise
 * `BasicTokenizer(strip_accents=False, do_split_on_punc=False)`. ftfy (a large Python heuristics library
 * that repairs mojibake) has no JavaScript port, so this follows the BasicTokenizer path: drop NUL, U+FFFD
 * and control/format characters (Unicode category C*), turn whitespace into spaces, put spaces around
 * CJK ideographs, NFC-normalise, collapse whitespace and lowercase. For ordinary prompts both paths give
 * the same text; they differ on mis-decoded text that ftfy would repair (e.g. "â€™" for "'"), on format
 * characters such as the zero-width joiner inside emoji sequences (removed here, kept by ftfy), and on
 * runs of CJK ideographs (one word each here, one word together with ftfy and in the fast tokenizer).
 *
 * Splitting: CLIP's pattern, matched case-insensitively: the two special tokens, the contractions
 * 's 't 're 've 'm 'll 'd, runs of letters, single digits, and runs of anything else but whitespace.
 */

const CLIP_WORD_PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

const CONTROL_OR_FORMAT = /^\p{C}$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;

/** BasicTokenizer._is_chinese_char: the CJK Unified Ideographs blocks (not Hangul or kana). */
function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** The text CLIPTokenizer (without ftfy) splits into words; see the file comment. */
export function cleanClipText(text: string): string {
  let cleaned = '';
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || SPACE_SEPARATOR.test(char)) {
      cleaned += ' ';
    } else if (cp === 0 || cp === 0xfffd || CONTROL_OR_FORMAT.test(char)) {
      continue;
    } else if (isCjkIdeograph(cp)) {
      cleaned += ` ${char} `;
    } else {
      cleaned += char;
    }
  }
  const words = cleaned.normalize('NFC').split(/\s+/).filter((word) => word.length > 0);
  return words.map((word) => word.toLowerCase()).join(' ');
}

/** CLIP's pre-tokenisation of cleaned text: the pieces BPE then works on one by one. */
export function splitClipWords(cleanedText: string): string[] {
  return cleanedText.match(CLIP_WORD_PATTERN) ?? [];
}
