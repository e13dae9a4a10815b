import type { DetectedFace } from '../contracts/image.js';
import type { StylizedFace, StylizeInput, Stylizer } from '../contracts/stylizer.js';
import { API_VERSIONS } from '../contracts/api-version.js';
import { callStylizer } from './call-stylizer.js';

/** A stylizer that returns what `respond` makes of the input it was given. */
function stylizerOf(respond: (input: StylizeInput) => unknown): Stylizer {
  return {
    apiVersion: API_VERSIONS.stylizer,
    info: { id: 'probe', style: 'probe', version: '1.0.0', needsWeights: false, geometryPreserving: true },
    stylize: async (input) => respond(input) as StylizedFace,
  };
}

const face: DetectedFace = {
  box: { x: 1.234, y: 2, width: 3.33333, height: 4 },
  score: 0.987654,
  points5: [[1, 1], [2, 1], [1.5, 1.5], [1, 2], [2, 2]],
};
const photo = () => ({ width: 2, height: 1, data: new Uint8Array([1, 2, 3, 4, 5, 6]) });

describe('callStylizer', () => {
  it('gives the stylizer its own copy of the photo and rounded faces, so writing into them changes nothing of the caller', async () => {
    const input = { id: 'a', image: photo(), faces: [face] };
    let seen: StylizeInput | undefined;
    const result = await callStylizer(
      stylizerOf((given) => {
        seen = given;
        given.image.data.fill(0);
        (given.faces![0]!.box as { x: number }).x = 99;
        return { image: given.image, outcome: 'stylized', facesStylized: 1 };
      }),
      input,
    );
    expect(Array.from(input.image.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(input.faces[0]!.box.x).toBe(1.234);
    expect(seen!.faces![0]!.score).toBe(0.9877);
    expect(Array.from(result.image.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('turns a missing or malformed result into an error naming what came back', async () => {
    const input = { id: 'a', image: photo() };
    await expect(callStylizer(stylizerOf(() => null), input)).rejects.toThrow('returned null instead of a stylized image');
    await expect(callStylizer(stylizerOf(() => ({ outcome: 'stylized' })), input)).rejects.toThrow('returned no image instead of a stylized image');
    await expect(callStylizer(stylizerOf(() => ({ image: { width: 2, height: 2, data: new Uint8Array(3) } })), input)).rejects.toThrow(/its output/);
  });
});
