import { API_VERSIONS, type StylizedFace, type StylizeInput, type Stylizer } from '@geneava/core/contracts';
import { estimateArcfaceTransform, warpAffine } from '@geneava/core/geometry';
import { FaceBoxStylizer, InvertStylizer } from '../../test/reference-stylizers.js';
import { checkChangesInput, meanChange, MIN_MEAN_CHANGE } from './check-changes.js';
import { ConformanceError } from './conformance-error.js';
import { conformanceSamples, type ConformanceSamples } from './samples.js';

let samples: ConformanceSamples;
beforeAll(async () => {
  samples = await conformanceSamples();
});

/** A stylizer made of one function, declared whole-image or face-based by what it returns. */
function stylizerOf(id: string, render: (input: StylizeInput) => StylizedFace): Stylizer {
  return {
    apiVersion: API_VERSIONS.stylizer,
    info: { id, style: id, version: '1.0.0', needsWeights: false, geometryPreserving: false },
    stylize: async (input) => render(input),
  };
}

const copy = stylizerOf('copy', (input) => ({ image: { ...input.image, data: input.image.data.slice() }, outcome: 'whole-image', facesStylized: 0 }));

/** Every byte moved by up to 2 levels, as a lossy re-encode would. */
const jitter = stylizerOf('jitter', (input) => ({
  image: { ...input.image, data: input.image.data.map((v, i) => Math.min(255, Math.max(0, v + ((i * 7) % 5) - 2))) },
  outcome: 'whole-image',
  facesStylized: 0,
}));

/** The first face's 112x112 ArcFace crop, unchanged or inverted, with the alignment as its transform. */
function crop(invert: boolean): Stylizer {
  return stylizerOf(invert ? 'inverted-crop' : 'crop', (input) => {
    const faces = input.faces ?? [];
    const transform = estimateArcfaceTransform(faces[0]!.points5);
    const image = warpAffine(input.image, transform, 112, 112, { border: 'replicate' });
    const data = invert ? image.data.map((v) => 255 - v) : image.data;
    return { image: { ...image, data }, outcome: 'stylized', facesStylized: 1, faceTransforms: faces.map((_, i) => (i === 0 ? transform : null)) };
  });
}

/** Styles everything but the face: 'stylized' with the faces left as they were. */
const backgroundOnly = stylizerOf('background-only', (input) => {
  const { width, height } = input.image;
  const data = input.image.data.map((v) => 255 - v);
  for (const { box } of input.faces ?? []) {
    for (let y = Math.floor(box.y); y < Math.ceil(box.y + box.height); y++) {
      const from = (y * width + Math.floor(box.x)) * 3;
      const to = (y * width + Math.ceil(box.x + box.width)) * 3;
      data.set(input.image.data.subarray(from, to), from);
    }
  }
  return { image: { width, height, data }, outcome: 'stylized', facesStylized: input.faces?.length ?? 0, faceTransforms: (input.faces ?? []).map(() => [1, 0, 0, 0, 1, 0] as const) };
});

describe('checkChangesInput', () => {
  it('passes stylizers that change what they style', async () => {
    for (const stylizer of [new InvertStylizer(), new FaceBoxStylizer()]) {
      await expect(checkChangesInput(stylizer, samples.ordinary)).resolves.toBeUndefined();
    }
    // Brightening by 20 levels changes the face box by 20 wherever no channel clips.
    const result = await new FaceBoxStylizer().stylize(samples.ordinary.input);
    expect(meanChange(samples.ordinary, result).change).toBeGreaterThan(15);
  });

  it('fails a stylizer that returns its input, naming the change and the minimum', async () => {
    const error = await checkChangesInput(copy, samples.ordinary).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConformanceError);
    expect((error as Error).message).toBe(
      `stylizer "copy" on ordinary 256x192 portrait: the output is (nearly) the input: a mean change of 0.00 levels over the whole image, at least ${MIN_MEAN_CHANGE} expected from a stylizer`,
    );
  });

  it('fails a stylizer whose output is nearly its input', async () => {
    await expect(checkChangesInput(jitter, samples.ordinary)).rejects.toThrow(/nearly\) the input: a mean change of [01]\.\d\d levels over the whole image/);
  });

  it('follows the face transform: an unchanged aligned crop fails (resampling alone changes it by about 1 level)', async () => {
    const size = { width: 112, height: 112 };
    await expect(checkChangesInput(crop(false), samples.ordinary, size)).rejects.toThrow(/a mean change of [0-2]\.\d\d levels over the 1 stylized face\(s\)/);
    await expect(checkChangesInput(crop(true), samples.ordinary, size)).resolves.toBeUndefined();
  });

  it('looks at the faces it reports stylized: restyling only the background fails', async () => {
    await expect(checkChangesInput(backgroundOnly, samples.twoFaces)).rejects.toThrow(/over the 2 stylized face\(s\)/);
  });
});
