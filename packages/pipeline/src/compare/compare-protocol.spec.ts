import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, encodeImage, resizeImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { Stylizer } from '@geneava/core/contracts';
import { EmbeddedFaceAnalyzer } from '@geneava/face-analysis';
import { BlurStylizer, FacePaintStylizer, UnchangedStylizer } from '@geneava/testing';
import { evaluatorRun, type EvaluatorRun } from '../evaluation/test-support/default-evaluator.js';
import { samplePhotosDir } from '../test-support/sample-photos.js';
import { compareStylizers } from './compare-stylizers.js';

/**
 * Stylizers the evaluator has never seen, each declaring its faces kept in place: one protocol must
 * still find the painted-over faces missing, where reusing the real landmarks scored them on every face.
 */
const PROBES: Readonly<Record<string, () => Stylizer>> = {
  unchanged: () => new UnchangedStylizer(),
  blur: () => new BlurStylizer(2),
  'face-paint': () => new FacePaintStylizer(),
};

const onnx = new OnnxRuntime();
let dir: string;
let evaluators: EvaluatorRun;
beforeAll(async () => {
  evaluators = await evaluatorRun();
  dir = await mkdtemp(join(tmpdir(), 'geneava-compare-protocol-'));
  await mkdir(join(dir, 'photos'));
  for (let i = 1; i <= 6; i++) {
    const photo = await decodeImage(join(samplePhotosDir(), `sample${i}.jpg`));
    await writeFile(join(dir, 'photos', `sample${i}.png`), await encodeImage(await resizeImage(photo, 640, Math.round((640 * photo.height) / photo.width)), 'png'));
  }
}, 60_000);
afterAll(async () => {
  await evaluators.close();
  await onnx.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('one evaluation protocol for unseen stylizers (real photos, the embedded analyzer)', () => {
  it('finds the unchanged and blurred faces, counts every painted-over face as a miss, and keeps misses in the rates', async () => {
    const result = await compareStylizers({ stylizers: Object.keys(PROBES), input: 'photos', out: 'cmp', resamples: 200, cwd: dir }, {
      createStylizer: async (choice) => PROBES[choice.name]!(),
      createAnalyzer: () => EmbeddedFaceAnalyzer.create({ onnx, device: 'cpu' }),
      createEvaluator: evaluators.createEvaluator,
    });
    expect(result.model.counts).toMatchObject({ items: 6, compared: 6, skipped: 0, pairs: 18, failedPairs: 0 });
    const row = (name: string) => result.model.leaderboard.find((r) => r.stylizer === name)!.metrics;
    const mean = (name: string, key: string) => row(name)[key]?.mean;

    // Every face painted over: none is found where it was, each is a miss, and its rates count it.
    expect(mean('face-paint', 'detection.redetected')).toBe(0);
    expect(row('face-paint')['identity.verified[mobileface]']).toMatchObject({ n: 6, mean: 0 });
    expect(row('face-paint')['expression.top1_agree']).toMatchObject({ n: 6, mean: 0 });
    // Nothing of a missing face is averaged: no identity cosine to report.
    expect(row('face-paint')['identity.cosine[mobileface]']).toBeUndefined();

    // The photo itself and a blur are found on every photo. The photo keeps identity exactly; the blur
    // (sigma 2.4 px on 640 px photos) loses some of it, measured on all six faces.
    for (const name of ['unchanged', 'blur']) expect(row(name)['detection.redetected']).toMatchObject({ n: 6, mean: 1 });
    expect(row('unchanged')['identity.verified[mobileface]']).toMatchObject({ n: 6, mean: 1 });
    expect(mean('unchanged', 'identity.cosine[mobileface]')).toBeCloseTo(1, 4);
    expect(row('blur')['identity.cosine[mobileface]']!.n).toBe(6);
    expect(mean('blur', 'identity.cosine[mobileface]')).toBeLessThan(0.9);
    expect(mean('blur', 'identity.cosine[mobileface]')).toBeGreaterThan(0.4);

  }, 240_000);
});
