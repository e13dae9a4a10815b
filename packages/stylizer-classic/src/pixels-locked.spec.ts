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
    const [x, y] = [size / 4, size / 4];
    // The filter reads only the box; the five points are there because a detected face always has them.
    const points5 = [[x + 0.3 * side, y + 0.4 * side], [x + 0.7 * side, y + 0.4 * side], [x + 0.5 * side, y + 0.55 * side], [x + 0.35 * side, y + 0.75 * side], [x + 0.65 * side, y + 0.75 * side]] as const;
    const faces = withFace ? [{ box: { x, y, width: side, height: side }, score: 1, points5 }] : undefined;
    const result = await new ClassicStylizer(options).stylize({ id: 'locked', image, ...(faces ? { faces } : {}) });
    expect(createHash('sha256').update(result.image.data).digest('hex').slice(0, 16)).toBe(digest);
  });
});
