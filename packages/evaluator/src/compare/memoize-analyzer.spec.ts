import { API_VERSIONS, type DetectedFace, type FaceAnalysis, type FaceAnalyzer } from '@geneava/core/contracts';
import { createRgbImage } from '@geneava/core/image';
import { memoizeFaceAnalyzer } from './memoize-analyzer.js';

const face: DetectedFace = { box: { x: 0, y: 0, width: 2, height: 2 }, score: 1, points5: [[0, 0], [1, 0], [0.5, 0.5], [0, 1], [1, 1]] };

describe('memoizeFaceAnalyzer', () => {
  it('answers repeated questions about the same image once, and different questions or images anew', async () => {
    let failNext = true;
    const inner = {
      apiVersion: API_VERSIONS.faceAnalyzer,
      info: { id: 'inner', version: '1', identityModels: ['m'] },
      detect: jest.fn(async () => [face]),
      analyze: jest.fn(async (): Promise<FaceAnalysis[]> => {
        if (failNext) {
          failNext = false;
          throw new Error('transient');
        }
        return [{ ...face, identity: { m: new Float32Array([1, 0]) } }];
      }),
      dispose: jest.fn(),
    } satisfies FaceAnalyzer;
    const analyzer = memoizeFaceAnalyzer(inner);
    const image = createRgbImage(4, 4, [1, 2, 3]);
    const other = createRgbImage(4, 4, [1, 2, 3]);

    // A failure is not remembered.
    await expect(analyzer.analyze(image, { faces: [face] })).rejects.toThrow('transient');
    const first = await analyzer.analyze(image, { faces: [face] });
    expect(await analyzer.analyze(image, { faces: [{ ...face }] })).toBe(first);
    expect(inner.analyze).toHaveBeenCalledTimes(2);
    await analyzer.analyze(image);
    await analyzer.analyze(other, { faces: [face] });
    expect(inner.analyze).toHaveBeenCalledTimes(4);

    expect(await analyzer.detect(image)).toBe(await analyzer.detect(image));
    expect(inner.detect).toHaveBeenCalledTimes(1);
    expect(analyzer.info).toBe(inner.info);
    await analyzer.dispose?.();
    expect(inner.dispose).toHaveBeenCalledTimes(1);
  });
});
