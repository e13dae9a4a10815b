import { classicStylizerOptionsSchema, parseClassicStylizerOptions } from './options.js';

describe('classic stylizer options', () => {
  it('fills in every documented default from an empty object', () => {
    expect(parseClassicStylizerOptions({})).toEqual({
      smoothingPasses: 2,
      sigmaColor: 24,
      sigmaSpace: 2,
      radius: 3,
      levels: 8,
      bandSoftness: 3,
      quantize: 'luminance',
      edgeThreshold: 28,
      edgeStrength: 0.85,
      edgeDilate: false,
      faceDetail: true,
      faceSmoothingPasses: 1,
    });
    expect(parseClassicStylizerOptions(undefined).levels).toBe(8);
  });

  it('keeps given values', () => {
    const options = parseClassicStylizerOptions({ levels: 4, quantize: 'rgb', faceLevels: 12, edgeDilate: true });
    expect([options.levels, options.quantize, options.faceLevels, options.edgeDilate]).toEqual([4, 'rgb', 12, true]);
  });

  it('rejects an unknown key with a message naming it', () => {
    expect(() => parseClassicStylizerOptions({ levels: 6, sigma: 3 })).toThrow(/stylizer-classic options: .*"sigma"/);
    const result = classicStylizerOptionsSchema.safeParse({ smoothness: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('smoothness');
  });

  it('rejects out-of-range values naming the field', () => {
    expect(() => parseClassicStylizerOptions({ levels: 1 })).toThrow(/levels: /);
    expect(() => parseClassicStylizerOptions({ radius: 2.5 })).toThrow(/radius: /);
    expect(() => parseClassicStylizerOptions({ edgeStrength: 1.5 })).toThrow(/edgeStrength: /);
    expect(() => parseClassicStylizerOptions({ quantize: 'kmeans' })).toThrow(/quantize: /);
  });
});
