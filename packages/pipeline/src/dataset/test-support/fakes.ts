/**
 * Deterministic stand-ins for the run's components, for tests of the dataset build. Faces are pure
 * green (0, 255, 0) rectangles: the fake generator draws them where a test says, and the fake analyzer
 * finds them again in any image (generated, cropped or decoded from disk), so every rule can be driven
 * with hand-made boxes.
 */
import { API_VERSIONS, type Box, type DetectedFace, type EvaluationContext, type EvaluationSubject, type Evaluator, type FaceAnalysis, type FaceAnalyzer, type GeneratedFace, type GenerationRequest, type Generator, type MetricRecord, type PairEvaluation, type RgbImage, type StylizedFace, type StylizeInput, type Stylizer } from '@geneava/core/contracts';
import type { AffineMatrix } from '@geneava/core/geometry';

const GREEN = [0, 255, 0] as const;

/** A w x h image on a grey background with green face boxes. */
export function drawFaces(width: number, height: number, boxes: readonly Box[], background = 120): RgbImage {
  const data = new Uint8Array(width * height * 3).fill(background);
  for (const box of boxes) {
    for (let y = Math.max(0, box.y); y < Math.min(height, box.y + box.height); y++) {
      for (let x = Math.max(0, box.x); x < Math.min(width, box.x + box.width); x++) data.set(GREEN, (y * width + x) * 3);
    }
  }
  return { width, height, data };
}

/** Bounding boxes of the 4-connected green regions, in scan order. */
export function findGreenBoxes(image: RgbImage): Box[] {
  const { width, height, data } = image;
  const seen = new Uint8Array(width * height);
  const isGreen = (p: number) => data[p * 3] === 0 && data[p * 3 + 1] === 255 && data[p * 3 + 2] === 0;
  const boxes: Box[] = [];
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || !isGreen(start)) continue;
    let [x0, y0, x1, y1] = [width, height, -1, -1];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
        const q = ny * width + nx;
        if (nx >= 0 && ny >= 0 && nx < width && ny < height && !seen[q] && isGreen(q)) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
    boxes.push({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  }
  return boxes;
}

function faceOf(box: Box): DetectedFace {
  const { x, y, width: w, height: h } = box;
  return {
    box,
    score: 0.9,
    points5: [[x + w * 0.3, y + h * 0.4], [x + w * 0.7, y + h * 0.4], [x + w * 0.5, y + h * 0.6], [x + w * 0.35, y + h * 0.8], [x + w * 0.65, y + h * 0.8]],
  };
}

/** Finds the green boxes; `detections` counts calls, `failOn` makes detection throw for images of that width. */
export class FakeAnalyzer implements FaceAnalyzer {
  readonly apiVersion = API_VERSIONS.faceAnalyzer;
  readonly info = { id: 'fake-analyzer', version: '1', identityModels: ['fake'] };
  detections = 0;

  async detect(image: RgbImage): Promise<DetectedFace[]> {
    this.detections++;
    return findGreenBoxes(image).map(faceOf);
  }

  async analyze(image: RgbImage, options: { readonly faces?: readonly DetectedFace[] } = {}): Promise<FaceAnalysis[]> {
    const faces = options.faces ?? (await this.detect(image));
    // The identity "embedding" is the face box's position and size: equal boxes are the same person.
    return faces.map((face) => ({ ...face, identity: { fake: Float32Array.from([face.box.x + 1, face.box.y + 1, face.box.width, face.box.height]) } }));
  }
}

/** What the fake generator draws for an item (by id); default: one face in the middle, a third of the frame. */
export type FaceLayout = readonly Box[];

export class FakeGenerator implements Generator {
  readonly apiVersion = API_VERSIONS.generator;
  readonly info = { id: 'fake-generator', version: '1.0' };
  /** Request ids, in the order they were generated. */
  readonly generated: string[] = [];
  /** Sizes of the request lists handed to generate(). */
  readonly calls: number[] = [];

  constructor(
    private readonly layouts: Readonly<Record<string, FaceLayout>> = {},
    private readonly failIds: ReadonlySet<string> = new Set(),
  ) {}

  async *generate(requests: readonly GenerationRequest[]): AsyncIterable<GeneratedFace> {
    this.calls.push(requests.length);
    for (const request of requests) {
      const id = request.item.id;
      if (this.failIds.has(id)) {
        yield { status: 'failed', request, reason: `the fake UNet diverged on ${id}` };
        continue;
      }
      const { width, height } = request;
      const boxes = this.layouts[id] ?? [{ x: Math.round(width / 3), y: Math.round(height / 3), width: Math.round(width / 3), height: Math.round(height / 3) }];
      this.generated.push(id);
      yield { status: 'ok', request, image: drawFaces(width, height, boxes, request.seed % 200), provenance: { 'unet/model.onnx.sha256': 'f00d', scheduler: request.scheduler } };
    }
  }
}

/** Inverts colours; throws for the ids in `failIds`. Records the faces it was given. */
export class FakeStylizer implements Stylizer {
  readonly apiVersion = API_VERSIONS.stylizer;
  readonly info;
  readonly stylized: string[] = [];
  readonly facesSeen: number[] = [];

  constructor(
    name = 'invert',
    geometryPreserving = true,
    private readonly failIds: ReadonlySet<string> = new Set(),
  ) {
    this.info = { id: name, style: 'negative', version: '0.1', needsWeights: false, geometryPreserving };
  }

  async stylize(input: StylizeInput): Promise<StylizedFace> {
    if (this.failIds.has(input.id ?? '')) throw new Error(`out of paint on ${input.id}`);
    this.stylized.push(input.id ?? '');
    this.facesSeen.push(input.faces?.length ?? 0);
    // Faces stay in place, or (declared not geometry-preserving) are reported moved 3 px right.
    const shift: AffineMatrix = this.info.geometryPreserving ? [1, 0, 0, 0, 1, 0] : [1, 0, 3, 0, 1, 0];
    return {
      image: { ...input.image, data: input.image.data.map((v) => 255 - v) },
      outcome: 'stylized',
      facesStylized: input.faces?.length ?? 0,
      faceTransforms: (input.faces ?? []).map(() => shift),
    };
  }
}

/** Metrics for an item id, or the defaults (a well-preserved pair). */
export type FakeMetrics = Readonly<Record<string, Partial<Record<'identity' | 'top1' | 'prob' | 'redetected', number>>>>;

export class FakeEvaluator implements Evaluator {
  readonly apiVersion = API_VERSIONS.evaluator;
  readonly info = { id: 'fake-evaluator', version: '1', metrics: ['identity.cosine', 'expression.top1_agree', 'expression.prob_cosine', 'detection.redetected'] };
  /** Each pair scored: the x shift of the first face's transform (none: no transforms given), real faces, same size. */
  readonly pairs: { id: string; shift: number | undefined; realFaces: number; sameSize: boolean }[] = [];

  constructor(private readonly table: FakeMetrics = {}) {}

  async evaluatePair(real: EvaluationSubject, avatar: EvaluationSubject, context: EvaluationContext = {}): Promise<PairEvaluation> {
    const shift = context.faceTransforms?.[0]?.[2];
    this.pairs.push({ id: real.id, shift, realFaces: real.faces?.length ?? 0, sameSize: real.image.width === avatar.image.width });
    const row = { identity: 0.8, top1: 1, prob: 0.9, redetected: 1, ...this.table[real.id] };
    const metrics: MetricRecord[] = [
      { metric: 'identity.cosine', model: 'fake', value: row.identity, higherIsBetter: true },
      { metric: 'expression.top1_agree', value: row.top1, higherIsBetter: true },
      { metric: 'expression.prob_cosine', value: row.prob, higherIsBetter: true },
      { metric: 'detection.redetected', value: row.redetected, higherIsBetter: true },
    ];
    return { id: real.id, metrics };
  }
}
