import { API_VERSIONS, type DetectedFace, type Evaluator, type RgbImage, type Stylizer } from '@geneava/core/contracts';
import { createRgbImage } from '@geneava/core/image';
import { facesForStylizer, type AffineMatrix } from '@geneava/core/geometry';
import { runComparison, type ComparisonSubject } from './run-comparison.js';

/** As the detector finds it (fractions, a mesh), and as every stylizer and the evaluator get it. */
const detectedFace: DetectedFace = { box: { x: 1.004, y: 1, width: 4, height: 4 }, score: 0.9, points5: [[2, 2], [4, 2], [3, 3], [2, 4], [4, 4]], mesh: [[3, 3]] };
const face = facesForStylizer([detectedFace])[0]!;
const shift: AffineMatrix = [1, 0, 2, 0, 1, 0];

/** Inverts colours; `transforms` is what it reports as faceTransforms (absent: nothing). */
function stylizer(id: string, geometryPreserving: boolean, fail?: string, transforms?: (faces: number) => unknown): Stylizer & { seen: { id?: string; faces?: readonly DetectedFace[] }[] } {
  const seen: { id?: string; faces?: readonly DetectedFace[] }[] = [];
  return {
    apiVersion: API_VERSIONS.stylizer,
    info: { id, style: id, version: '1', needsWeights: false, geometryPreserving },
    seen,
    async stylize(input) {
      seen.push({ id: input.id, faces: input.faces });
      if (input.id === fail) throw new Error(`cannot style ${input.id}`);
      const data = input.image.data.map((v) => 255 - v);
      const faceTransforms = transforms?.(input.faces?.length ?? 0) as AffineMatrix[] | undefined;
      return { image: { width: input.image.width, height: input.image.height, data }, outcome: 'whole-image', facesStylized: 0, ...(faceTransforms ? { faceTransforms } : {}), notes: [`${id} note`] };
    },
  };
}

const subjects = (names: string[], images: Map<string, RgbImage>): ComparisonSubject[] =>
  names.map((id) => ({
    id,
    load: async () => {
      const image = images.get(id);
      if (!image) throw new Error(`${id}.png: corrupt image header`);
      return image;
    },
  }));

describe('runComparison', () => {
  it('detects faces once per photo, gives them to every stylizer and the evaluator, and fails single pairs', async () => {
    const images = new Map([
      ['a', createRgbImage(8, 8, [10, 20, 30])],
      ['b', createRgbImage(8, 8, [40, 50, 60])],
      ['blank', createRgbImage(8, 8, [0, 0, 0])],
    ]);
    const detections: RgbImage[] = [];
    const evaluations: { id: string; transforms?: readonly (AffineMatrix | null)[]; faces?: readonly DetectedFace[]; avatarPixel: number }[] = [];
    const evaluator: Evaluator = {
      apiVersion: API_VERSIONS.evaluator,
      info: { id: 'fake', version: '1', metrics: ['identity.cosine'] },
      async evaluatePair(real, avatar, context) {
        evaluations.push({ id: real.id, ...(context?.faceTransforms ? { transforms: context.faceTransforms } : {}), faces: real.faces, avatarPixel: avatar.image.data[0]! });
        if (real.id === 'b' && context?.faceTransforms) throw new Error('analyzer crashed');
        return { id: real.id, metrics: [{ metric: 'identity.cosine', model: 'm', value: 0.5 }], notes: ['evaluated'] };
      },
    };
    const first = stylizer('first', true, 'a');
    const second = stylizer('second', false, undefined, (n) => Array.from({ length: n }, () => shift));
    const saved: string[] = [];
    const progress: unknown[] = [];
    const run = await runComparison(subjects(['a', 'b', 'blank', 'missing'], images), {
      stylizers: [{ name: 'one', stylizer: first }, { name: 'two', stylizer: second }],
      evaluator,
      detectFaces: async (image) => {
        detections.push(image);
        return image.data[0] === 0 ? [] : [detectedFace];
      },
      onAvatar: async (name, id) => {
        saved.push(`${name}/${id}`);
      },
      onProgress: (event) => progress.push(event),
    });

    // Faces are detected once per readable photo, and the same faces (rounded, no mesh) reach both stylizers.
    expect(detections).toEqual([images.get('a'), images.get('b'), images.get('blank')]);
    expect(first.seen).toEqual([{ id: 'a', faces: [face] }, { id: 'b', faces: [face] }]);
    expect(second.seen).toEqual(first.seen);
    expect(saved).toEqual(['two/a', 'one/b', 'two/b']);
    // The evaluator gets the same real faces, where the stylizer put them (when it said), and the avatar.
    expect(face.box.x).toBe(1);
    expect(evaluations).toEqual([
      { id: 'a', transforms: [shift], faces: [face], avatarPixel: 245 },
      { id: 'b', faces: [face], avatarPixel: 215 },
      { id: 'b', transforms: [shift], faces: [face], avatarPixel: 215 },
    ]);

    expect(run.skipped).toEqual([
      { id: 'blank', reason: 'no face found in the photo' },
      { id: 'missing', reason: 'decode: missing.png: corrupt image header' },
    ]);
    const summary = run.pairs.map((pair) => [pair.id, pair.stylizer, pair.status, pair.status === 'failed' ? `${pair.stage}: ${pair.reason}` : pair.notes]);
    expect(summary).toEqual([
      ['a', 'one', 'failed', 'stylize: stylizer "one": cannot style a'],
      ['a', 'two', 'ok', ['second note', 'evaluated']],
      ['b', 'one', 'ok', ['first note', 'evaluated']],
      ['b', 'two', 'failed', 'evaluate: evaluator fake: analyzer crashed'],
    ]);
    for (const pair of run.pairs) expect(pair.stylizeMs).toBeGreaterThanOrEqual(0);
    expect(run.faceBoxes).toEqual({ a: face.box, b: face.box });
    // Where the face went on each avatar: 'one' said nothing (in place), 'two' moved it 2 px right.
    expect(run.avatarFaceBoxes).toEqual({ one: { b: face.box }, two: { a: { ...face.box, x: 3 }, b: { ...face.box, x: 3 } } });
    expect(progress.at(-1)).toEqual({ task: 'compare', done: 4, total: 4, item: 'missing', status: 'failed', message: 'decode: missing.png: corrupt image header' });
    expect(progress[1]).toEqual({ task: 'compare', done: 1, total: 4, item: 'a', status: 'failed', message: 'one: stylizer "one": cannot style a' });
  });

  it('fails a pair whose stylizer reports unusable face transforms, without saving or scoring it', async () => {
    const evaluatePair = jest.fn();
    const onAvatar = jest.fn();
    const run = await runComparison(subjects(['a'], new Map([['a', createRgbImage(4, 4, [9, 9, 9])]])), {
      stylizers: [{ name: 'one', stylizer: stylizer('first', true, undefined, () => []) }],
      evaluator: { apiVersion: API_VERSIONS.evaluator, info: { id: 'fake', version: '1', metrics: [] }, evaluatePair },
      detectFaces: async () => [detectedFace],
      onAvatar,
    });
    expect(run.pairs).toEqual([
      { id: 'a', stylizer: 'one', status: 'failed', stage: 'stylize', reason: 'stylizer "one": faceTransforms has 0 entries for 1 input face(s)', stylizeMs: expect.any(Number) },
    ]);
    expect(onAvatar).not.toHaveBeenCalled();
    expect(evaluatePair).not.toHaveBeenCalled();
  });

  it('fails a pair whose avatar cannot be saved, without scoring it', async () => {
    const evaluatePair = jest.fn();
    const run = await runComparison(subjects(['a'], new Map([['a', createRgbImage(4, 4, [9, 9, 9])]])), {
      stylizers: [{ name: 'one', stylizer: stylizer('first', true) }],
      evaluator: { apiVersion: API_VERSIONS.evaluator, info: { id: 'fake', version: '1', metrics: [] }, evaluatePair },
      detectFaces: async () => [face],
      onAvatar: async () => {
        throw new Error('disk full');
      },
    });
    expect(run.pairs).toEqual([{ id: 'a', stylizer: 'one', status: 'failed', stage: 'save', reason: 'save: disk full', stylizeMs: expect.any(Number) }]);
    expect(evaluatePair).not.toHaveBeenCalled();
  });

  it('gives each stylizer its own photo and faces: one that writes into its input changes nothing the evaluator or the next stylizer reads', async () => {
    const photo = createRgbImage(8, 8, [10, 20, 30]);
    // Paints its input black and moves the face boxes and points where it wants them scored.
    const vandal: Stylizer = {
      apiVersion: API_VERSIONS.stylizer,
      info: { id: 'vandal', style: 'vandal', version: '1', needsWeights: false, geometryPreserving: true },
      async stylize(input) {
        input.image.data.fill(0);
        for (const f of input.faces ?? []) {
          (f.box as { x: number }).x = 3;
          (f.points5[0] as unknown as number[])[0] = 7;
        }
        return { image: input.image, outcome: 'stylized', facesStylized: 1 };
      },
    };
    const after = stylizer('after', true);
    const evaluated: { real: number; faces?: readonly DetectedFace[] }[] = [];
    const evaluator: Evaluator = {
      apiVersion: API_VERSIONS.evaluator,
      info: { id: 'fake', version: '1', metrics: [] },
      async evaluatePair(real) {
        evaluated.push({ real: real.image.data[0]!, faces: structuredClone(real.faces) });
        return { id: real.id, metrics: [] };
      },
    };
    await runComparison([{ id: 'a', load: async () => photo }], {
      stylizers: [{ name: 'vandal', stylizer: vandal }, { name: 'after', stylizer: after }],
      evaluator,
      detectFaces: async () => [detectedFace],
    });
    expect(evaluated).toEqual([{ real: 10, faces: [face] }, { real: 10, faces: [face] }]);
    expect(after.seen).toEqual([{ id: 'a', faces: [face] }]);
    expect(photo.data[0]).toBe(10);
  });

  it('fails only the pair of a stylizer that returns no result, no image or a malformed one', async () => {
    const returning = (id: string, value: unknown): Stylizer => ({
      apiVersion: API_VERSIONS.stylizer,
      info: { id, style: id, version: '1', needsWeights: false, geometryPreserving: true },
      stylize: async () => value as never,
    });
    const evaluatePair = jest.fn(async (real: { id: string }) => ({ id: real.id, metrics: [] }));
    const run = await runComparison([{ id: 'a', load: async () => createRgbImage(8, 8, [10, 20, 30]) }], {
      stylizers: [
        { name: 'null', stylizer: returning('null', null) },
        { name: 'bare', stylizer: returning('bare', { outcome: 'stylized', facesStylized: 1 }) },
        { name: 'short', stylizer: returning('short', { image: { width: 8, height: 8, data: new Uint8Array(3) }, outcome: 'stylized', facesStylized: 1 }) },
        { name: 'fine', stylizer: stylizer('fine', true) },
      ],
      evaluator: { apiVersion: API_VERSIONS.evaluator, info: { id: 'fake', version: '1', metrics: [] }, evaluatePair },
      detectFaces: async () => [detectedFace],
    });
    expect(run.pairs.map((pair) => [pair.stylizer, pair.status, pair.status === 'failed' ? pair.reason : ''])).toEqual([
      ['null', 'failed', 'stylizer "null": returned null instead of a stylized image'],
      ['bare', 'failed', 'stylizer "bare": returned no image instead of a stylized image'],
      ['short', 'failed', 'stylizer "short": its output: image data has 3 bytes, expected 8x8x3 = 192'],
      ['fine', 'ok', ''],
    ]);
    expect(evaluatePair).toHaveBeenCalledTimes(1);
  });
});
