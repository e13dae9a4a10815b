import { tensorProto, typedValues } from './tensors.js';

describe('typedValues', () => {
  it('copies an array that is already the storage type, values and all, without sharing its buffer', () => {
    const weights = Float32Array.of(1.5, -0, 3e-39, 65504);
    const copy = typedValues('float32', weights);
    expect(copy).toBeInstanceOf(Float32Array);
    expect(copy).toEqual(weights);
    weights[0] = 7;
    expect(copy[0]).toBe(1.5);
    const big = BigInt64Array.of(2n ** 62n + 1n, -5n);
    expect(typedValues('int64', big)).toEqual(big);
    expect(typedValues('bool', Uint8Array.of(0, 1, 1))).toEqual(Uint8Array.of(0, 1, 1));
  });

  it('converts other arrays to the storage type', () => {
    expect(typedValues('int32', Float32Array.of(1, 2))).toEqual(Int32Array.of(1, 2));
    expect(typedValues('int64', [3, 4])).toEqual(BigInt64Array.of(3n, 4n));
  });
});

describe('tensorProto', () => {
  it('writes little-endian raw_data, the bytes of the values', () => {
    const proto = tensorProto('w', 'int32', [2], Int32Array.of(1, -2));
    expect(Array.from(proto.rawData!)).toEqual([1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
  });

  it('refuses values that do not fill the shape, naming the tensor', () => {
    expect(() => tensorProto('w', 'float32', [2, 2], [1, 2, 3])).toThrow("tensor 'w': shape [2, 2] needs 4 values, got 3");
  });
});
