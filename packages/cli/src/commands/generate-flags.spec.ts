import { parseSize } from './generate-flags.js';

describe('--size', () => {
  it('takes one size or WIDTHxHEIGHT, multiples of 8', () => {
    expect(parseSize('1024')).toEqual({ width: 1024, height: 1024 });
    expect(parseSize('832x1216')).toEqual({ width: 832, height: 1216 });
    expect(() => parseSize('1000x30')).toThrow(/--size 1000x30: expected WIDTHxHEIGHT or one size, each a positive multiple of 8/);
    expect(() => parseSize('big')).toThrow(/--size big/);
  });
});
