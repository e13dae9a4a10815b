import { encodeSafetensors } from '@geneava/testing';
import { parseSafetensors } from './safetensors.js';

function withHeader(header: unknown, dataBytes: number): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}

describe('parseSafetensors', () => {
  it('reads F32, F16 and BF16 tensors and the metadata', () => {
    const bytes = encodeSafetensors(
      {
        a: { dtype: 'F32', shape: [2, 2], values: [1, -2.5, 3.25, 0.1] },
        b: { dtype: 'F16', shape: [3], values: [0.5, -1, 65504] },
        c: { dtype: 'BF16', shape: [2], values: [1.5, -3] },
        s: { dtype: 'F32', shape: [], values: [4] },
      },
      { format: 'pt' },
    );
    const file = parseSafetensors('x.safetensors', bytes);
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(Array.from(file.read('a'))).toEqual([1, -2.5, 3.25, Math.fround(0.1)]);
    expect(Array.from(file.read('b'))).toEqual([0.5, -1, 65504]);
    expect(Array.from(file.read('c'))).toEqual([1.5, -3]);
    expect(Array.from(file.read('s'))).toEqual([4]);
    expect(file.entries.get('a')).toMatchObject({ dtype: 'F32', shape: [2, 2] });
  });

  it.each([
    ['too short', new Uint8Array(5), /5 bytes, too short/],
    ['a header length beyond the file', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 1000n, true); return b; })(), /header length 1000 exceeds the 8 bytes after it/],
    ['a header that is not JSON', (() => { const b = withHeader({}, 0); b[8] = 0x7b; b[9] = 0x7b; return b; })(), /header is not UTF-8 JSON/],
    ['a header that is an array', withHeader([1, 2], 0), /header is not a JSON object/],
    ['an unsupported dtype', withHeader({ t: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8), /tensor 't' has dtype I64; LoRA weights must be F32, F16 or BF16/],
    ['data beyond the file', withHeader({ t: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8), /tensor 't' ends at byte 16 of a data section of 8 bytes \(truncated file\?\)/],
    ['a size that does not fit the shape', withHeader({ t: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8), /needs 12 bytes, its data_offsets span 8/],
    [
      'overlapping tensors',
      withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12),
      /tensors 'a' \[0, 8\) and 'b' \[4, 12\) overlap/,
    ],
    ['begin after end', withHeader({ t: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, 8), /begin after end/],
    ['bad metadata', withHeader({ __metadata__: { n: 3 } }, 0), /__metadata__ must map names to strings/],
  ])('rejects %s, naming the file', (_what, bytes, message) => {
    expect(() => parseSafetensors('/loras/bad.safetensors', bytes)).toThrow(message);
    expect(() => parseSafetensors('/loras/bad.safetensors', bytes)).toThrow(/^\/loras\/bad\.safetensors: not a valid safetensors file: /);
  });
});
