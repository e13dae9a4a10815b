/**
 * FaceRes gets two intra-op threads by default (where the process may use two CPUs), with spinning
 * off; the other models keep one. More threads change how fast, never what: the analysis is exactly
 * that of one thread.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureFaceModels } from '@geneava/face-models';
import { decodeImage } from '@geneava/core/image';
import { OnnxRuntime, type CreateSessionOptions } from '@geneava/core/onnx';
import { EmbeddedFaceAnalyzer } from './embedded-face-analyzer.js';

function samplePath(n: number): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${n}.jpg`);
}

/** An OnnxRuntime that records the options each model file was opened with. */
function recordingRuntime(): { onnx: OnnxRuntime; opened: Map<string, CreateSessionOptions> } {
  const onnx = new OnnxRuntime();
  const opened = new Map<string, CreateSessionOptions>();
  const createSession = onnx.createSession.bind(onnx);
  onnx.createSession = (model, options = {}) => {
    if (typeof model === 'string') opened.set(model.split(/[\\/]/).pop()!, options);
    return createSession(model, options);
  };
  return { onnx, opened };
}

describe('EmbeddedFaceAnalyzer FaceRes threads', () => {
  let modelsDir: string;
  beforeAll(async () => {
    modelsDir = await ensureFaceModels();
  });

  it('opens FaceRes with two sleeping intra-op threads by default and every other model with one', async () => {
    const { onnx, opened } = recordingRuntime();
    const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir, device: 'cpu' });
    try {
      const expected = Math.min(2, availableParallelism());
      expect(opened.get('faceres.onnx')).toMatchObject({ intraOpNumThreads: expected, ...(expected > 1 ? { allowSpinning: false } : {}) });
      for (const name of ['blazeface.onnx', 'facemesh.onnx', 'mobileface.onnx', 'emotion.onnx']) {
        expect(opened.get(name)).toMatchObject({ intraOpNumThreads: 1 });
        expect(opened.get(name)).not.toHaveProperty('allowSpinning');
      }
    } finally {
      await analyzer.dispose();
      await onnx.dispose();
    }
  });

  it('follows intraOpNumThreads when only that is given, and faceresThreads over it', async () => {
    for (const [options, threads] of [[{ intraOpNumThreads: 1 }, 1], [{ intraOpNumThreads: 1, faceresThreads: 3 }, 3]] as const) {
      const { onnx, opened } = recordingRuntime();
      const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir, device: 'cpu', ...options });
      expect(opened.get('faceres.onnx')?.intraOpNumThreads).toBe(threads);
      await analyzer.dispose();
      await onnx.dispose();
    }
  });

  it('gives exactly the analysis of one FaceRes thread', async () => {
    const onnx = new OnnxRuntime();
    const one = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir, device: 'cpu', faceresThreads: 1 });
    const two = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir, device: 'cpu', faceresThreads: 2 });
    try {
      const photo = await decodeImage(samplePath(5));
      const expected = await one.analyze(photo);
      expect(expected.length).toBeGreaterThanOrEqual(4);
      expect(await two.analyze(photo)).toEqual(expected);
    } finally {
      await one.dispose();
      await two.dispose();
      await onnx.dispose();
    }
  });

  it('rejects a thread count that is not a whole number from 1, before opening any model', async () => {
    const { onnx, opened } = recordingRuntime();
    await expect(EmbeddedFaceAnalyzer.create({ onnx, modelsDir, device: 'cpu', faceresThreads: 0 })).rejects.toThrow(/faceresThreads must be a whole number from 1, got 0/);
    expect(opened.size).toBe(0);
    await onnx.dispose();
  });
});
