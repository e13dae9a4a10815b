import { OnnxRuntime } from '@geneava/core/onnx';
import { runConverted, TfjsGraphFixture, values } from '../test/fixture.js';
import { decodeWeightGroup } from './weights.js';

const bytesOf = (array: Uint16Array | Uint8Array | Float32Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

describe('weight decoding', () => {
  it('widens float16 weights exactly, subnormals and extremes included', () => {
    // 1, -2, 0x3555 (nearest half to 1/3), the smallest subnormal 2^-24, the largest half 65504, -0.
    const bits = Uint16Array.of(0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff, 0x8000);
    const weights = decodeWeightGroup([{ name: 'w', shape: [2, 3], dtype: 'float32', quantization: { dtype: 'float16' } }], bytesOf(bits));
    const w = weights.get('w')!;
    expect(w.dtype).toBe('float32');
    expect(w.shape).toEqual([2, 3]);
    expect(Array.from(w.data as Float32Array)).toEqual([1, -2, 0.333251953125, 2 ** -24, 65504, -0]);
  });

  it('dequantizes uint8 and uint16 affinely: q * scale + min', () => {
    const specs = [
      { name: 'u8', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8' as const, min: -1, scale: 0.5 } },
      { name: 'u16', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16' as const, min: -4, scale: 0.125 } },
      // int32 weights round the affine value (half up, as Math.round): 0, 1.5, 2.5 -> 0, 2, 3.
      { name: 'i32', shape: [3], dtype: 'int32', quantization: { dtype: 'uint8' as const, min: 0, scale: 0.25 } },
    ];
    const u16 = bytesOf(Uint16Array.of(0, 1, 65535));
    const bin = new Uint8Array([0, 3, 255, ...u16, 0, 6, 10]);
    const weights = decodeWeightGroup(specs, bin);
    expect(Array.from(weights.get('u8')!.data as Float32Array)).toEqual([-1, 0.5, 126.5]);
    expect(Array.from(weights.get('u16')!.data as Float32Array)).toEqual([-4, -3.875, 8187.875]);
    expect(weights.get('i32')!.dtype).toBe('int32');
    expect(Array.from(weights.get('i32')!.data as Int32Array)).toEqual([0, 2, 3]);
  });

  it('reads unquantized weights back to back and names one that runs past the end', () => {
    const bin = bytesOf(Float32Array.of(1.5, -2));
    const decoded = decodeWeightGroup([{ name: 'a', shape: [1], dtype: 'float32' }, { name: 'b', shape: [], dtype: 'float32' }], bin);
    expect(Array.from(decoded.get('a')!.data as Float32Array)).toEqual([1.5]);
    expect(decoded.get('b')!.shape).toEqual([]);
    expect(Array.from(decoded.get('b')!.data as Float32Array)).toEqual([-2]);
    expect(() => decodeWeightGroup([{ name: 'big', shape: [4], dtype: 'float32' }], bin)).toThrow("weight 'big' needs bytes 0..16 but the weight files hold only 8 bytes");
    expect(() => decodeWeightGroup([{ name: 's', shape: [1], dtype: 'string' }], bin)).toThrow("weight 's' has dtype 'string'");
    expect(() => decodeWeightGroup([{ name: 'q', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8' } }], bin)).toThrow('without min and scale');
  });

  it('the converted graph computes with the dequantized values', async () => {
    const runtime = new OnnxRuntime();
    try {
      const f = new TfjsGraphFixture();
      const x = f.placeholder('x', [3]);
      const half = f.rawConst('half', { name: 'half', shape: [3], dtype: 'float32', quantization: { dtype: 'float16' } }, bytesOf(Uint16Array.of(0x3c00, 0x3555, 0xc000)));
      const byte = f.rawConst('byte', { name: 'byte', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.5 } }, new Uint8Array([0, 3, 255]));
      f.node('y', 'Add', [f.node('scaled', 'Mul', [x, half]), byte]);
      const out = await runConverted(runtime, f.graph(), { x: { dims: [3], data: [2, 3, 0.5] } });
      // (2*1 - 1, 3*0.333251953125 + 0.5, 0.5*-2 + 126.5), each rounded to float32.
      expect(values(out.y)).toEqual([1, Math.fround(3 * 0.333251953125 + 0.5), 125.5]);
    } finally {
      await runtime.dispose();
    }
  });
});
