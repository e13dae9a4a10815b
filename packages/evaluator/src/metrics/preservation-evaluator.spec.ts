import { API_VERSIONS, type DetectedFace, type FaceAnalysis, type FaceAnalyzer, type MetricRecord, type RgbImage } from '@geneava/core';
import { PreservationEvaluator } from './preservation-evaluator.js';

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
  it('scores a geometry-preserving pair by hand: identity, expression, NME, attributes, re-detection', async () => {
    const real = analysis(20, 20, 40);
    const analyzer = new ScriptedAnalyzer({ real: [real], avatar: [analysis(22, 21, 40)], 'avatar:given': [avatarAnalysis(20, 20, 40)] });
    const evaluator = new PreservationEvaluator(analyzer);
    const result = await evaluator.evaluatePair({ id: 'joy/1', image: image('real') }, { id: 'joy/1', image: image('avatar') }, { geometryPreserving: true });

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
      // √(0.3² + 0.4²).
      'expression.geometry_distance': expect.closeTo(0.5, 12),
      'expression.geometry.mouthOpen': expect.closeTo(0.3, 12),
      'expression.geometry.smile': expect.closeTo(0.4, 12),
      // Every mesh point moved by (3, 4): 5 px over an inter-ocular distance of 10 px.
      'landmarks.nme': expect.closeTo(0.5, 12),
      'age.abs_diff': 4.5,
      'gender.agree': 0,
      'detection.redetected': 1,
    });
    for (const record of result.metrics) expect(record.details?.['landmarks']).toBe('reused');
    const verified = result.metrics.find((r) => r.metric === 'identity.verified')!;
    expect(verified.details).toMatchObject({ threshold: 0.51 });
    const top1 = result.metrics.find((r) => r.metric === 'expression.top1_agree')!;
    expect(top1.details).toMatchObject({ real: 'happy', avatar: 'neutral' });
    // In place: no similarity fit, so a moved face would count.
    expect(result.metrics.find((r) => r.metric === 'landmarks.nme')).toMatchObject({ higherIsBetter: false, details: { landmarks: 'reused', aligned: false } });
    expect(result.metrics.find((r) => r.metric === 'detection.redetected')!.details).toEqual({
      landmarks: 'reused',
      realFaces: 1,
      avatarFaces: 1,
      multipleFaces: false,
    });

    // Both faces were analysed on the real face's box and five points (no mesh, so both meshes are
    // measured on the same placement); the avatar was also detected on its own.
    expect(analyzer.calls.map((c) => `${c.method}:${c.image}`)).toEqual(['detect:real', 'analyze:real', 'detect:avatar', 'analyze:avatar']);
    const placement = [{ box: real.box, score: real.score, points5: real.points5 }];
    expect(analyzer.calls[1]!.faces).toEqual(placement);
    expect(analyzer.calls[3]!.faces).toEqual(placement);
  });

  it('carries the real face into an avatar of another resolution and measures NME in the real frame', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(20, 20, 40)], avatar: [], 'avatar:given': [avatarAnalysis(20, 20, 40, 2)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair(
      { id: 'a', image: image('real', 100, 100) },
      { id: 'a', image: image('avatar', 200, 200) },
      { geometryPreserving: true },
    );
    expect(analyzer.calls[3]!.faces![0]!.box).toEqual({ x: 40, y: 40, width: 80, height: 80 });
    expect(byName(result.metrics)['landmarks.nme']).toBeCloseTo(0.5, 12);
    // Nothing detected on the avatar: reported, while identity is still measured on the reused face.
    expect(byName(result.metrics)['detection.redetected']).toBe(0);
    expect(byName(result.metrics)['identity.cosine[mobileface]']).toBeCloseTo(0.6, 6);
  });

  it('re-detects on the avatar when geometry is not preserved and picks the face over the real one', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(20, 20, 40)], avatar: [avatarAnalysis(60, 60, 60), avatarAnalysis(21, 19, 40)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair(
      { id: 'x', image: image('real') },
      { id: 'x', image: image('avatar') },
      { geometryPreserving: false },
    );
    // Only the chosen faces are analysed, each with the mesh its detection found.
    expect(analyzer.calls.map((c) => `${c.method}:${c.image}`)).toEqual(['detect:real', 'analyze:real', 'detect:avatar', 'analyze:avatar']);
    expect(analyzer.calls[1]!.faces![0]!.mesh).toEqual(analysis(20, 20, 40).mesh);
    expect(analyzer.calls[3]!.faces![0]!.box).toEqual({ x: 21, y: 19, width: 40, height: 40 });
    for (const record of result.metrics) expect(record.details?.['landmarks']).toBe('redetected');
    // The overlapping face (21, 19) was chosen over the larger one. Its mesh is the real mesh moved by
    // (4, 3); re-detected meshes are compared after a similarity fit, so a pure move costs nothing.
    expect(byName(result.metrics)['landmarks.nme']).toBeCloseTo(0, 12);
    expect(result.metrics.find((r) => r.metric === 'landmarks.nme')!.details).toEqual({ landmarks: 'redetected', aligned: true });
    expect(byName(result.metrics)['detection.redetected']).toBe(1);
  });

  it('takes the largest avatar face when none overlaps (stylizers that re-frame the face)', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(0, 0, 20)], avatar: [avatarAnalysis(50, 50, 30), avatarAnalysis(10, 60, 45)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'x', image: image('real') }, { id: 'x', image: image('avatar') }, { geometryPreserving: false });
    const redetected = result.metrics.find((r) => r.metric === 'detection.redetected')!;
    expect(redetected.value).toBe(1);
    expect(redetected.details).toMatchObject({ avatarFaces: 2 });
    expect(analyzer.calls[3]!.faces![0]!.box).toEqual({ x: 10, y: 60, width: 45, height: 45 });
  });

  it('records only the failed re-detection, with a note, when the avatar shows no face', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(20, 20, 40)], avatar: [] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'x', image: image('real') }, { id: 'x', image: image('avatar') }, { geometryPreserving: false });
    expect(result.metrics).toEqual([
      {
        metric: 'detection.redetected',
        value: 0,
        higherIsBetter: true,
        details: { landmarks: 'redetected', realFaces: 1, avatarFaces: 0, multipleFaces: false },
      },
    ]);
    expect(result.notes).toEqual(['no face found on the avatar, so identity and expression were not measured']);
  });

  it('fails the pair with a clear reason when the real image has no face', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [], avatar: [analysis(0, 0, 10)] });
    await expect(
      new PreservationEvaluator(analyzer).evaluatePair({ id: 'joy/7', image: image('real') }, { id: 'joy/7', image: image('avatar') }, { geometryPreserving: true }),
    ).rejects.toThrow('real image joy/7: no face detected, so the pair cannot be scored');
  });

  it('uses the largest of several real faces and flags it', async () => {
    const small = analysis(0, 0, 10, { identity: { mobileface: unit(0, 0, 1), faceres: unit(1, 1) } });
    const analyzer = new ScriptedAnalyzer({ real: [small, analysis(20, 20, 40)], avatar: [analysis(22, 21, 40)], 'avatar:given': [avatarAnalysis(20, 20, 40)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'g', image: image('real') }, { id: 'g', image: image('avatar') }, { geometryPreserving: true });
    expect(result.notes).toEqual(['the real image has 2 faces; the largest was evaluated']);
    expect(byName(result.metrics)['identity.cosine[mobileface]']).toBeCloseTo(0.6, 6);
    expect(result.metrics.find((r) => r.metric === 'detection.redetected')!.details).toMatchObject({ realFaces: 2, multipleFaces: true });
  });

  it('applies configured thresholds, including models without a default', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(20, 20, 40)], avatar: [], 'avatar:given': [avatarAnalysis(20, 20, 40)] });
    const evaluator = new PreservationEvaluator(analyzer, { thresholds: { mobileface: 0.7, faceres: -0.5 } });
    const result = await evaluator.evaluatePair({ id: 'a', image: image('real') }, { id: 'a', image: image('avatar') }, { geometryPreserving: true });
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
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: image('real') }, { id: 'a', image: image('avatar') }, { geometryPreserving: false });
    // √(3² + 4² + 0²).
    expect(result.metrics.filter((r) => r.metric === 'expression.embedding_distance')).toEqual([
      { metric: 'expression.embedding_distance', model: 'poster', value: 5, higherIsBetter: false, details: { landmarks: 'redetected' } },
    ]);
  });

  it('leaves out metrics whose inputs the analyzer does not give', async () => {
    const bare = (x: number): FaceAnalysis => ({ ...analysis(x, 20, 40), mesh: undefined, expression: undefined, age: undefined, gender: undefined, identity: { mobileface: unit(1, 0) } });
    const analyzer = new ScriptedAnalyzer({ real: [bare(20)], avatar: [bare(21)] });
    const result = await new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: image('real') }, { id: 'a', image: image('avatar') }, { geometryPreserving: false });
    expect(Object.keys(byName(result.metrics))).toEqual(['identity.cosine[mobileface]', 'identity.verified[mobileface]', 'detection.redetected']);
  });

  it('stops before work when aborted, and disposes the analyzer only when it owns it', async () => {
    const analyzer = new ScriptedAnalyzer({ real: [analysis(0, 0, 10)] });
    const controller = new AbortController();
    controller.abort();
    await expect(
      new PreservationEvaluator(analyzer).evaluatePair({ id: 'a', image: image('real') }, { id: 'a', image: image('avatar') }, { geometryPreserving: true }, { signal: controller.signal }),
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
    ]);
    expect(() => new PreservationEvaluator(new ScriptedAnalyzer({}), { minRedetectionIou: 0 })).toThrow('minRedetectionIou must be within (0, 1], got 0');
  });
});
