/**
 * Model workers change where the models run, never what they give: the analyzer with its sessions in
 * worker threads (and runs of several faces and models at once) gives exactly the analysis of the
 * analyzer that runs every model on the calling thread, one run after another.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureFaceModels } from '@geneava/face-models';
import { decodeImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { EmbeddedFaceAnalyzer } from './embedded-face-analyzer.js';

function samplePath(n: number): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${n}.jpg`);
}

describe('EmbeddedFaceAnalyzer model workers', () => {
  const onnx = new OnnxRuntime();
  let onCallingThread: EmbeddedFaceAnalyzer;
  let inWorkers: EmbeddedFaceAnalyzer;
  let photos: RgbImage[];

  beforeAll(async () => {
    const modelsDir = await ensureFaceModels();
    onCallingThread = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir, device: 'cpu', modelWorkers: 0 });
    inWorkers = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir, device: 'cpu', modelWorkers: 2 });
    // A group of five and a group of four: several FaceRes runs and both detector passes at once.
    photos = await Promise.all([5, 6].map((n) => decodeImage(samplePath(n))));
  });

  afterAll(async () => {
    await onCallingThread.dispose();
    await inWorkers.dispose();
    await onnx.dispose();
  });

  it('gives exactly the analysis made on the calling thread', async () => {
    for (const photo of photos) {
      const expected = await onCallingThread.analyze(photo);
      const actual = await inWorkers.analyze(photo);
      expect(actual.length).toBeGreaterThanOrEqual(4);
      expect(actual).toEqual(expected);
    }
  });

  it('gives the same analysis when several photos are analysed at once', async () => {
    const expected = [];
    for (const photo of photos) expected.push(await onCallingThread.analyze(photo));
    expect(await Promise.all(photos.map((photo) => inWorkers.analyze(photo)))).toEqual(expected);
  });

  it('rejects a worker count that is not a whole number', async () => {
    await expect(EmbeddedFaceAnalyzer.create({ onnx, modelsDir: await ensureFaceModels(), device: 'cpu', modelWorkers: -1 })).rejects.toThrow(/modelWorkers must be a whole number/);
  });
});
