/**
 * Small deterministic components for queue tests: a provider that draws a green face (the shade from
 * the seed), an analyzer that finds green boxes, an inverting stylizer and an evaluator whose metrics
 * follow the face's position. Items can be made slow (holding the thread, as a long inference does),
 * failing for a while (a transient error, counted across processes with marker files) or bad input.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_VERSIONS, type DetectedFace, type Evaluator, type FaceAnalyzer, type RgbImage, type Stylizer } from '@geneava/core/contracts';
import { UsageError } from '@geneava/core/util';
import type { DatasetComponents, DatasetItem, ImageProvider } from '../../src/index.js';

export interface FixtureSpec {
  /** Items whose image takes this long, holding the thread (a synchronous inference). */
  readonly blockMs?: Readonly<Record<string, number>>;
  /** Items whose image takes this long, without holding the thread. */
  readonly sleepMs?: Readonly<Record<string, number>>;
  /** Items whose image fails with a transient error this many times (counted in `markers`). */
  readonly flaky?: Readonly<Record<string, number>>;
  /** Items whose input is refused (a permanent error). */
  readonly badInput?: readonly string[];
  /** Items whose stylizer throws (a recorded stage failure, as in a local run). */
  readonly stylizerFails?: readonly string[];
  /** Items that kill the worker process working on them. */
  readonly poison?: readonly string[];
  /** Folder for attempt markers and the log of images made. */
  readonly markers: string;
}

const SIZE = 48;

function drawFace(seed: number): RgbImage {
  const data = new Uint8Array(SIZE * SIZE * 3).fill(60 + (seed % 150));
  const x0 = 12 + (seed % 5);
  for (let y = 14; y < 34; y++) for (let x = x0; x < x0 + 20; x++) data.set([0, 255, 0], (y * SIZE + x) * 3);
  return { width: SIZE, height: SIZE, data };
}

function greenBox(image: RgbImage): DetectedFace[] {
  let [x0, y0, x1, y1] = [image.width, image.height, -1, -1];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const p = (y * image.width + x) * 3;
      if (image.data[p] === 0 && image.data[p + 1] === 255 && image.data[p + 2] === 0) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  if (x1 < 0) return [];
  const [w, h] = [x1 - x0 + 1, y1 - y0 + 1];
  return [{ box: { x: x0, y: y0, width: w, height: h }, score: 0.9, points5: [[x0 + w * 0.3, y0 + h * 0.4], [x0 + w * 0.7, y0 + h * 0.4], [x0 + w * 0.5, y0 + h * 0.6], [x0 + w * 0.35, y0 + h * 0.8], [x0 + w * 0.65, y0 + h * 0.8]] }];
}

function hold(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // Busy: nothing else on this thread runs meanwhile, like onnxruntime's synchronous run().
  }
}

function seedOf(item: DatasetItem): number {
  return item.plan?.seed ?? [...item.id].reduce((sum, c) => sum + c.charCodeAt(0), 0);
}

export function fixtureComponents(spec: FixtureSpec): DatasetComponents {
  const provider: ImageProvider = {
    kind: 'generate',
    info: { id: 'fixture-generator', version: '1' },
    batch: 1,
    fingerprint: 'generate:fixture@1:48x48',
    async *acquire(items) {
      for (const item of items) {
        if (spec.poison?.includes(item.id)) process.kill(process.pid, 'SIGKILL');
        if (spec.badInput?.includes(item.id)) throw new UsageError(`${item.id}: the prompt is empty`);
        const flaky = spec.flaky?.[item.id] ?? 0;
        for (let attempt = 1; attempt <= flaky; attempt++) {
          const marker = join(spec.markers, `${item.id}.attempt${attempt}`);
          if (!existsSync(marker)) {
            writeFileSync(marker, '');
            throw new Error(`EAGAIN: the GPU is busy (attempt ${attempt} for ${item.id})`);
          }
        }
        hold(spec.blockMs?.[item.id] ?? 0);
        const sleep = spec.sleepMs?.[item.id] ?? 0;
        if (sleep > 0) await new Promise((resolve) => setTimeout(resolve, sleep));
        writeFileSync(join(spec.markers, `made-${item.id}-${process.pid}-${Date.now()}`), '');
        yield { id: item.id, ok: true, value: { image: drawFace(seedOf(item)), provenance: { generator: 'fixture-generator' } }, ms: 0 };
      }
    },
  };
  const analyzer: FaceAnalyzer = {
    apiVersion: API_VERSIONS.faceAnalyzer,
    info: { id: 'fixture-analyzer', version: '1', identityModels: ['fixture'] },
    detect: async (image) => greenBox(image),
    analyze: async (image, options = {}) => (options.faces ?? greenBox(image)).map((face) => ({ ...face, identity: { fixture: Float32Array.from([face.box.x, face.box.y, 1]) } })),
  };
  const stylizer: Stylizer = {
    apiVersion: API_VERSIONS.stylizer,
    info: { id: 'fixture-invert', style: 'negative', version: '1', needsWeights: false, geometryPreserving: true },
    stylize: async (input) => {
      if (spec.stylizerFails?.includes(input.id ?? '')) throw new Error(`out of paint on ${input.id}`);
      return { image: { ...input.image, data: input.image.data.map((v) => 255 - v) }, outcome: 'stylized', facesStylized: input.faces?.length ?? 0, faceTransforms: (input.faces ?? []).map(() => [1, 0, 0, 0, 1, 0] as const) };
    },
  };
  const evaluator: Evaluator = {
    apiVersion: API_VERSIONS.evaluator,
    info: { id: 'fixture-evaluator', version: '1', metrics: ['identity.cosine', 'expression.top1_agree', 'expression.prob_cosine', 'detection.redetected'] },
    evaluatePair: async (real) => {
      const x = real.faces?.[0]?.box.x ?? 0;
      return {
        id: real.id,
        metrics: [
          { metric: 'identity.cosine', model: 'fixture', value: x % 2 === 0 ? 0.8 : 0.3, higherIsBetter: true },
          { metric: 'expression.top1_agree', value: 1, higherIsBetter: true },
          { metric: 'expression.prob_cosine', value: 0.9, higherIsBetter: true },
          { metric: 'detection.redetected', value: 1, higherIsBetter: true },
        ],
      };
    },
  };
  return { provider, analyzer, stylizers: [{ name: 'invert', stylizer }], evaluator };
}
