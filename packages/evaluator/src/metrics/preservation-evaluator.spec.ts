import {
  API_VERSIONS,
  type DetectedFace,
  type FaceAnalysis,
  type FaceAnalyzer,
  type MetricRecord,
  type RgbImage,
} from '@geneava/core/contracts';
import { PreservationEvaluator } from './preservation-evaluator.js';
import { DEFAULT_GEOMETRY_SCALE } from './geometry/geometry-scale.js';

/** Images the fake analyzer recognises by identity, so each test scripts what "the model" sees. */
const names = new WeakMap<RgbImage, string>();
function image(name: string, width = 100, height = 100): RgbImage {
  const img = { width, height, data: new Uint8Array(width * height * 3) };
  names.set(img, name);
  return img;
}

interface Call {
  readonly method: 'detect' | 'analyze';
  readonly image: string;
  readonly faces?: readonly DetectedFace[];
}

/** A FaceAnalyzer whose outputs the test decides, recording every call. */
class ScriptedAnalyzer implements FaceAnalyzer {
  readonly apiVersion = API_VERSIONS.faceAnalyzer;
  readonly info = { id: 'scripted', version: '0', identityModels: ['mobileface', 'faceres'] };
  readonly calls: Call[] = [];
  disposed = false;
  constructor(
    private readonly found: Record<string, FaceAnalysis[]>,
    /** What analyze() returns when given faces: by default the scripted analysis of that image, moved onto the given box. */
    private readonly given?: (name: string, faces: readonly DetectedFace[]) => FaceAnalysis[],
  ) {}
  async detect(img: RgbImage): Promise<DetectedFace[]> {
    const name = names.get(img)!;
    this.calls.push({ method: 'detect', image: name });
    return (this.found[name] ?? []).map(({ box, score, points5, mesh }) => ({ box, score, points5, ...(mesh ? { mesh } : {}) }));
  }
  async analyze(img: RgbImage, options?: { readonly faces?: readonly DetectedFace[] }): Promise<FaceAnalysis[]> {
    const name = names.get(img)!;
    this.calls.push({ method: 'analyze', image: name, ...(options?.faces ? { faces: options.faces } : {}) });
    if (options?.faces) {
      if (this.given) return this.given(name, options.faces);
      // The scripted face with that box, else the image's ":given" analysis, else its largest face,
      // moved onto the given placement.
      const scripted = this.found[name] ?? [];
      return options.faces.flatMap((face) => {
        const template =
          scripted.find((a) => JSON.stringify(a.box) === JSON.stringify(face.box)) ??
          this.found[`${name}:given`]?.[0] ??
          [...scripted].sort((a, b) => b.box.width - a.box.width)[0];
        return template ? [{ ...template, box: face.box, points5: face.points5 }] : [];
      });
    }
    return this.found[name] ?? [];
  }
  dispose(): void {
    this.disposed = true;
  }
}

const unit = (...values: number[]) => {
  const norm = Math.hypot(...values);
  return new Float32Array(values.map((v) => v / norm));
};

/** A face whose eye centres are 10 px apart (the inter-ocular distance NME divides by). */
function analysis(x: number, y: number, size: number, extra: Partial<FaceAnalysis> = {}): FaceAnalysis {
  return {
    box: { x, y, width: size, height: size },
    score: 0.95,
    points5: [[x + 5, y + 10], [x + 15, y + 10], [x + 10, y + 15], [x + 6, y + 20], [x + 14, y + 20]],
    mesh: [[x, y], [x + 10, y], [x + 5, y + 20]],
    identity: { mobileface: unit(1, 0, 0), faceres: unit(1, 0) },
    expression: { probabilities: { happy: 0.7, neutral: 0.3 }, geometry: { mouthOpen: 0.2, smile: 0.5 } },
    age: 30,
    gender: { label: 'female', score: 0.9 },
    ...extra,
  };
}

/** The avatar's analysis: cos 0.6 (mobileface), 0 (faceres); other expression; mesh moved by (3, 4). */
function avatarAnalysis(x: number, y: number, size: number, scale = 1): FaceAnalysis {
  const base = analysis(x, y, size);
  return {
    ...base,
    mesh: base.mesh!.map(([px, py]) => [(px + 3) * scale, (py + 4) * scale] as const),
    identity: { mobileface: unit(0.6, 0.8, 0), faceres: unit(0, 1) },
    expression: { probabilities: { happy: 0.4, neutral: 0.6 }, geometry: { mouthOpen: 0.5, smile: 0.1 } },
    age: 34.5,
    gender: { label: 'male', score: 0.6 },
  };
}

const byName = (metrics: readonly MetricRecord[]) =>
  Object.fromEntries(metrics.map((record) => [record.model ? `${record.metric}[${record.model}]` : record.metric, record.value]));

describe('PreservationEvaluator', () => {
  it('scores a found face by hand: identity, expression, NME, attributes, re-detection', async () => {
    const real = analysis(20, 20, 40);
    const analyzer = new ScriptedAnalyzer({ real: [real], avatar: [avatarAnalysis(22, 21, 40)] });
    const evaluator = new PreservationEvaluator(analyzer);
    const result = await evaluator.evaluatePair({ id: 'joy/1', image: image('real') }, { id: 'joy/1', image: image('avatar') });

    expect(result.id).toBe('joy/1');
    expect(result.notes).toBeUndefined();
    expect(byName(result.metrics)).toEqual({
      'identity.cosine[mobileface]': expect.closeTo(0.6, 6),
      // 0.6 >= 0.51 (the provisional mobileface threshold).
      'identity.verified[mobileface]': 1,
      'identity.cosine[faceres]': expect.closeTo(0, 6),
      'expression.top1_agree': 0,
      // (0.7·0.4 + 0.3·0.6) / (√0.58 · √0.52) = 0.46 / 0.5491812...
      'expression.prob_cosine': expect.closeTo(0.46 / Math.sqrt(0.58 * 0.52), 12),
      // Differences 0.3 and 0.4 in standard deviations of real faces, weights 1 and 1.
      'expression.geometry_distance': expect.closeTo(Math.sqrt(((0.3 / DEFAULT_GEOMETRY_SCALE.features['mouthOpen']!.sd) ** 2 + (0.4 / DEFAULT_GEOMETRY_SCALE.features['smile']!.sd) ** 2) / 2), 12),
      'expression.geometry.mouthOpen': expect.closeTo(0.3, 12),
      'expression.geometry.smile': expect.closeTo(0.4, 12),
      // The avatar's mesh is the real one moved: after the similarity fit its shape costs nothing.
      'landmarks.nme': expect.closeTo(0, 12),
      'age.abs_diff': 4.5,
      'gender.agree': 0,
      'detection.redetected': 1,
      // Both images are blank: the avatar does not depart from the photo at all.
      'stylization.strength': 0,
    });
    for (const record of result.metrics) expect(record.details?.['landmarks']).toBe('redetected');
    expect(result.metrics.find((r) => r.metric === 'identity.verified')!.details).toMatchObject({ threshold: 0.51 });
    expect(result.metrics.find((r) => r.metric === 'expression.top1_agree')!.details).toMatchObject({ real: 'happy', avatar: 'neutral' });
    expect(result.metrics.find((r) => r.metric === 'landmarks.nme')).toMatchObject({ higherIsBetter: false, details: { landmarks: 'redetected', aligned: true } });
    // Boxes (20, 20, 40) and (22, 21, 40): 38·39 / (2·1600 − 38·39) = 0.863; same-size images: identity.
    expect(result.metrics.find((r) => r.metric === 'detection.redetected')!.details).toEqual({
      landmarks: 'redetected',
      realFaces: 1,
      avatarFaces: 1,
      multipleFaces: false,
      iou: 0.863,
      transform: '1 0 0 0 1 0',
    });
    // Each face is analysed on its own detection, as a placement without the mesh (measured alike on both sides).
    expect(analyzer.calls.map((c) => `${c.method}:${c.image}`)).toEqual(['detect:real', 'analyze:real', 'detect:avatar', 'analyze:avatar']);
    expect(analyzer.calls[1]!.faces).toEqual([{ box: real.box, score: real.score, points5: real.points5 }]);
    expect(analyzer.calls[3]!.faces![0]!.mesh).toBeUndefined();
    expect(analyzer.calls[3]!.faces![0]!.box).toEqual({ x: 22, y: 21, width: 40, height: 40 });
  });

  it("follows the stylizer's transform to the face on a crop output and ignores a face elsewhere", async () => {
    const real = analysis(20, 20, 40);
    // The stylizer cropped around the face and doubled it: (20, 20, 40) lands on (10, 10, 80).
    const crop = [2, 0, -30, 0, 2, -30] as const;
    const analyzer = new ScriptedAnalyzer({ real: [real], avatar: [avatarAnalysis(0, 0, 12), avatarAnalysis(14, 8, 76)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair(
      { id: 'a', image: image('real'), faces: [real] },
      { id: 'a', image: image('avatar') },
      { faceTransforms: [crop] },
    );
    // The given real face is not detected again; only the face over (10, 10, 80) is analysed.
    expect(analyzer.calls.map((c) => `${c.method}:${c.image}`)).toEqual(['analyze:real', 'detect:avatar', 'analyze:avatar']);
    expect(analyzer.calls[2]!.faces![0]!.box).toEqual({ x: 14, y: 8, width: 76, height: 76 });
    expect(byName(result.metrics)['identity.cosine[mobileface]']).toBeCloseTo(0.6, 6);
    expect(result.metrics.find((r) => r.metric === 'detection.redetected')!.details).toMatchObject({ avatarFaces: 2, transform: '2 0 -30 0 2 -30' });
  });

  it('expects the face where the real frame scaled to the avatar size puts it when no transform is given', async () => {
    // 100 -> 200: (20, 20, 40) maps to (40.5, 40.5, 80) with pixel centres on integers.
    const analyzer = new ScriptedAnalyzer({ real: [analysis(20, 20, 40)], avatar: [avatarAnalysis(41, 40, 80, 2)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: image('real', 100, 100) }, { id: 'a', image: image('avatar', 200, 200) });
    expect(byName(result.metrics)['detection.redetected']).toBe(1);
    expect(result.metrics.find((r) => r.metric === 'detection.redetected')!.details).toMatchObject({ transform: '2 0 0.5 0 2 0.5' });
  });

  const missed = {
    'identity.verified[mobileface]': 0,
    'expression.top1_agree': 0,
    'gender.agree': 0,
    'detection.redetected': 0,
  };

  it('counts a face found only elsewhere on the avatar as a miss: every rate 0, no continuous measure', async () => {
    // A face of the avatar that is not where the real face went (another person, a painted-over face's neighbour).
    const analyzer = new ScriptedAnalyzer({ real: [analysis(20, 20, 40)], avatar: [avatarAnalysis(60, 55, 40)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'x', image: image('real') }, { id: 'x', image: image('avatar') });
    // Strength is measured on a missed face too (a face painted over is strong).
    expect(byName(result.metrics)).toEqual({ ...missed, 'stylization.strength': 0 });
    for (const record of result.metrics.filter((r) => !['detection.redetected', 'stylization.strength'].includes(r.metric))) expect(record.details).toMatchObject({ missed: 'elsewhere' });
    expect(result.metrics.find((r) => r.metric === 'detection.redetected')!.details).toMatchObject({ avatarFaces: 1 });
    expect(result.notes).toEqual(['faces were found on the avatar, but none where the stylizer put the real face: counted as a miss']);
    // The other face was never analysed.
    expect(analyzer.calls.map((c) => `${c.method}:${c.image}`)).toEqual(['detect:real', 'analyze:real', 'detect:avatar']);
  });

  it('counts an avatar with no face as a miss, with a note', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(20, 20, 40)], avatar: [] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'x', image: image('real') }, { id: 'x', image: image('avatar') });
    expect(byName(result.metrics)).toEqual({ ...missed, 'stylization.strength': 0 });
    expect(result.metrics.find((r) => r.metric === 'identity.verified')).toEqual({
      metric: 'identity.verified',
      model: 'mobileface',
      value: 0,
      higherIsBetter: true,
      details: { landmarks: 'redetected', missed: 'no-face', threshold: 0.51 },
    });
    expect(result.notes).toEqual(['no face found on the avatar: counted as a miss']);
  });

  it('counts a face the stylizer says is not in its output as a miss without looking for it', async () => {
    const real = analysis(20, 20, 40);
    const analyzer = new ScriptedAnalyzer({ real: [real], avatar: [avatarAnalysis(20, 20, 40)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'x', image: image('real'), faces: [real] }, { id: 'x', image: image('avatar') }, { faceTransforms: [null] });
    expect(byName(result.metrics)).toEqual(missed);
    expect(result.notes).toEqual(['the stylizer reports this face is not in its output: counted as a miss']);
    expect(analyzer.calls.map((c) => `${c.method}:${c.image}`)).toEqual(['analyze:real']);
  });

  it('refuses transforms that do not belong to the given faces', async () => {
    const real = analysis(20, 20, 40);
    const evaluator = new PreservationEvaluator(new ScriptedAnalyzer({ real: [real] }));
    const pair = (faces?: FaceAnalysis[]) => [{ id: 'x', image: image('real'), ...(faces ? { faces } : {}) }, { id: 'x', image: image('avatar') }] as const;
    await expect(evaluator.evaluatePair(...pair(), { faceTransforms: [null] })).rejects.toThrow('pair x: face transforms were given without the real faces they belong to');
    await expect(evaluator.evaluatePair(...pair([real, real]), { faceTransforms: [null] })).rejects.toThrow(
      "pair x: the stylizer's faceTransforms has 1 entries for 2 input face(s)",
    );
  });

  it('fails the pair with a clear reason when the real image has no face', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [], avatar: [analysis(0, 0, 10)] });
    await expect(
      new PreservationEvaluator(analyzer).evaluatePair({ id: 'joy/7', image: image('real') }, { id: 'joy/7', image: image('avatar') }),
    ).rejects.toThrow('real image joy/7: no face detected, so the pair cannot be scored');
  });

  it('uses the largest of several real faces and flags it', async () => {
    const small = analysis(0, 0, 10, { identity: { mobileface: unit(0, 0, 1), faceres: unit(1, 1) } });
    const analyzer = new ScriptedAnalyzer({ real: [small, analysis(20, 20, 40)], avatar: [avatarAnalysis(22, 21, 40)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'g', image: image('real') }, { id: 'g', image: image('avatar') });
    expect(result.notes).toEqual(['the real image has 2 faces; the largest was evaluated']);
    expect(byName(result.metrics)['identity.cosine[mobileface]']).toBeCloseTo(0.6, 6);
    expect(result.metrics.find((r) => r.metric === 'detection.redetected')!.details).toMatchObject({ realFaces: 2, multipleFaces: true });
  });

  it('applies configured thresholds, including models without a default', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(20, 20, 40)], avatar: [avatarAnalysis(20, 20, 40)] });
    const evaluator = new PreservationEvaluator(analyzer, { thresholds: { mobileface: 0.7, faceres: -0.5 } });
    const result = await evaluator.evaluatePair({ id: 'a', image: image('real') }, { id: 'a', image: image('avatar') });
    expect(byName(result.metrics)['identity.verified[mobileface]']).toBe(0);
    expect(byName(result.metrics)['identity.verified[faceres]']).toBe(1);
    expect(evaluator.thresholds['mobileface']).toEqual({ threshold: 0.7, basis: 'configured' });
  });

  it('measures expression-embedding distance for models both faces carry', async () => {
    const withEmbeddings = (x: number, embeddings: Record<string, number[]>): FaceAnalysis => {
      const face = { ...analysis(x, 20, 40), expressionEmbeddings: Object.fromEntries(Object.entries(embeddings).map(([k, v]) => [k, Float32Array.from(v)])) };
      return face;
    };
    const analyzer = new ScriptedAnalyzer({ real: [withEmbeddings(20, { poster: [1, 2, 2], other: [1] })], avatar: [withEmbeddings(21, { poster: [4, 6, 2] })] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: image('real') }, { id: 'a', image: image('avatar') });
    // √(3² + 4² + 0²).
    expect(result.metrics.filter((r) => r.metric === 'expression.embedding_distance')).toEqual([
      { metric: 'expression.embedding_distance', model: 'poster', value: 5, higherIsBetter: false, details: { landmarks: 'redetected' } },
    ]);
  });

  it('records the stylization strength of the scored face, carried through the stylizer\'s transform', async () => {
    const real = analysis(20, 20, 40);
    const analyzer = new ScriptedAnalyzer({ real: [real], avatar: [avatarAnalysis(22, 21, 40)] });
    const avatar = image('avatar');
    // White over the left half of the face's place on the avatar (a shape: a uniform cast is no style),
    // black elsewhere like the photo.
    for (let y = 20; y < 60; y++) avatar.data.fill(255, (y * 100 + 20) * 3, (y * 100 + 40) * 3);
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: image('real'), faces: [real] }, { id: 'a', image: avatar });
    const strength = result.metrics.find((r) => r.metric === 'stylization.strength')!;
    expect(strength.value).toBeGreaterThan(0.5);
    expect(strength.details).toMatchObject({ landmarks: 'redetected', region: 'face' });
    // Shifted by the transform onto a black part of the avatar, the same face departs from nothing.
    const shifted = await new PreservationEvaluator(analyzer).evaluatePair(
      { id: 'a', image: image('real'), faces: [real] },
      { id: 'a', image: avatar },
      { faceTransforms: [[1, 0, 50, 0, 1, 50]] },
    );
    expect(shifted.metrics.find((r) => r.metric === 'stylization.strength')!.value).toBe(0);
  });

  it('reads strength on the face found when that is lower: the photo returned with a transform a little off is not stylized', async () => {
    const real = analysis(20, 20, 40);
    // The same picture on both sides: white over the left half of the face, black elsewhere.
    const photo = image('real');
    const avatar = image('avatar');
    for (const picture of [photo, avatar]) for (let y = 20; y < 60; y++) picture.data.fill(255, (y * 100 + 20) * 3, (y * 100 + 40) * 3);
    // The stylizer says the face moved 12 px right (IoU 0.54 with where it is: still a match).
    const analyzer = new ScriptedAnalyzer({ real: [real], avatar: [avatarAnalysis(20, 20, 40)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair(
      { id: 'a', image: photo, faces: [real] },
      { id: 'a', image: avatar },
      { faceTransforms: [[1, 0, 12, 0, 1, 0]] },
    );
    expect(byName(result.metrics)['detection.redetected']).toBe(1);
    const strength = result.metrics.find((r) => r.metric === 'stylization.strength')!;
    expect(strength.value).toBe(0);
    expect(strength.details).toMatchObject({ alignment: 'face found' });
    // Where the transform is right, it is read through the transform as before.
    const honest = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: photo, faces: [real] }, { id: 'a', image: avatar }, { faceTransforms: [[1, 0, 0, 0, 1, 0]] });
    expect(honest.metrics.find((r) => r.metric === 'stylization.strength')!.details).not.toHaveProperty('alignment');
  });

  it('leaves out metrics whose inputs the analyzer does not give', async () => {
    const bare = (x: number): FaceAnalysis => ({ ...analysis(x, 20, 40), mesh: undefined, expression: undefined, age: undefined, gender: undefined, identity: { mobileface: unit(1, 0) } });
    const analyzer = new ScriptedAnalyzer({ real: [bare(20)], avatar: [bare(21)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: image('real') }, { id: 'a', image: image('avatar') });
    expect(Object.keys(byName(result.metrics))).toEqual(['identity.cosine[mobileface]', 'identity.verified[mobileface]', 'detection.redetected', 'stylization.strength']);
  });

  it('stops before work when aborted, and disposes the analyzer only when it owns it', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(0, 0, 10)] });
    const controller = new AbortController();
    controller.abort();
    await expect(
      new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: image('real') }, { id: 'a', image: image('avatar') }, {}, { signal: controller.signal }),
    ).rejects.toThrow();
    expect(analyzer.calls).toEqual([]);
    await new PreservationEvaluator(analyzer).dispose();
    expect(analyzer.disposed).toBe(false);
    await new PreservationEvaluator(analyzer, { ownsAnalyzer: true }).dispose();
    expect(analyzer.disposed).toBe(true);
  });

  it('describes itself with the stable metric names', () => {
    const evaluator = new PreservationEvaluator(new ScriptedAnalyzer({}));
    expect(evaluator.apiVersion).toBe(API_VERSIONS.evaluator);
    expect(evaluator.info.id).toBe('preservation');
    expect(evaluator.info.metrics).toEqual([
      'identity.cosine',
      'identity.verified',
      'expression.top1_agree',
      'expression.prob_cosine',
      'expression.geometry_distance',
      'expression.embedding_distance',
      'landmarks.nme',
      'detection.redetected',
      'age.abs_diff',
      'gender.agree',
      'stylization.strength',
    ]);
    expect(() => new PreservationEvaluator(new ScriptedAnalyzer({}), { minRedetectionIou: 0 })).toThrow('minRedetectionIou must be within (0, 1], got 0');
  });
});
