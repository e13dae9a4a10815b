/**
 * GPT-2's bytes_to_unicode table, which CLIP's byte-level BPE uses: every byte maps to one printable
 * character, so BPE can work on strings. Printable bytes ("!".."~", "¡".."¬", "®".."ÿ") map to
 * themselves; the other 68 bytes (controls, space, 0x7F-0xA0, 0xAD) map in order to U+0100, U+0101, ...
 * (space becomes "Ġ", byte 0 "Ā").
 */
function buildTable(): readonly string[] {
  const table: string[] = new Array<string>(256);
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCodePoint(printable(b) ? b : 256 + next++);
  }
  return table;
}

export const BYTE_TO_UNICODE: readonly string[] = buildTable();

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text`, each replaced by its bytes_to_unicode character. */
export function byteLevelEncode(text: string): string {
  let out = '';
  for (const byte of encoder.encode(text)) out += BYTE_TO_UNICODE[byte];
  return out;
}
