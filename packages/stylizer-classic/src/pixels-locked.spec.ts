import { createHash } from 'node:crypto';
import { benchPortrait } from '@geneava/testing';
import { ClassicStylizer } from './classic-stylizer.js';
import type { ClassicStylizerOptionsInput } from './options.js';

/**
 * The filter's exact output, locked. These digests were computed by the per-pixel implementation that
 * the faster loops replaced (pair-wise bilateral sweeps, offset-table quantisation, square-root skip in
 * edges); a change to any byte of any avatar shows here. A deliberate change of the look updates the
 * digests and VERSION together.
 */
const CASES: readonly [size: number, options: ClassicStylizerOptionsInput, withFace: boolean, digest: string][] = [
  [96, {}, false, 'fd67fc0a935e7554'],
  [96, {}, true, '12ef20661a4fb5d4'],
  [96, { quantize: 'rgb', edgeDilate: true }, false, 'b2b7d30f46d0a423'],
  [96, { smoothingPasses: 4, radius: 5, bandSoftness: 0, edgeThreshold: 13.7 }, true, '1a49b451e2634ddd'],
  [257, {}, false, '3c63094056d9fe5a'],
  [257, {}, true, '53f4748b1d7f7b05'],
  [257, { quantize: 'rgb', edgeDilate: true }, true, '43f2bffac8ade05a'],
  [257, { smoothingPasses: 4, radius: 5, bandSoftness: 0, edgeThreshold: 13.7 }, false, '539037954473da93'],
];

describe('classic stylizer output bytes', () => {
  it.each(CASES)('%dpx portrait, options %j, face given: %s', async (size, options, withFace, digest) => {
    const image = benchPortrait(size);
    const side = Math.round(size / 2);
    const faces = withFace ? [{ box: { x: size / 4, y: size / 4, width: side, height: side }, score: 1 }] : undefined;
    const result = await new ClassicStylizer(options).stylize({ id: 'locked', image, ...(faces ? { faces } : {}) });
    expect(createHash('sha256').update(result.image.data).digest('hex').slice(0, 16)).toBe(digest);
  });
});
