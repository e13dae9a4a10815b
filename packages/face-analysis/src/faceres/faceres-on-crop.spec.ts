/**
 * FaceRes on a crop cut straight into its input gives exactly what it gives on cropImage's crop, for
 * the faces of a real photo (the analyzer's path against the one it replaced).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureFaceModels, faceModel } from '@geneava/face-models';
import { ImagePyramid } from '@geneava/core/geometry';
import { decodeImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import { cropImage } from '../common/crop-image.js';
import { roiFromFivePoints, roiToCropMatrix } from '../common/face-roi.js';
import { EmbeddedFaceAnalyzer, FACE_CROP_SQUARE } from '../embedded-face-analyzer.js';
import { FACERES_INPUT_SIZE, runFaceres, runFaceresOnCrop } from './faceres-model.js';

function samplePath(n: number): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${n}.jpg`);
}

describe('runFaceresOnCrop', () => {
  const onnx = new OnnxRuntime();
  afterAll(() => onnx.dispose());

  it('gives runFaceres of the cropped image, face for face', async () => {
    const modelsDir = await ensureFaceModels();
    const analyzer = await EmbeddedFaceAnalyzer.create({ onnx, modelsDir, device: 'cpu', attributes: false });
    const session = await onnx.createSession(join(modelsDir, faceModel('faceres').onnxFile), { device: 'cpu', contract: faceModel('faceres').contract });
    try {
      const photo = await decodeImage(samplePath(4));
      const faces = await analyzer.detect(photo);
      expect(faces.length).toBe(4);
      const pyramid = new ImagePyramid(photo);
      for (const face of faces) {
        const matrix = roiToCropMatrix(roiFromFivePoints(face.points5, FACE_CROP_SQUARE), FACERES_INPUT_SIZE);
        const expected = await runFaceres(session, await cropImage(pyramid, matrix, FACERES_INPUT_SIZE, FACERES_INPUT_SIZE, { antialias: true }));
        expect(await runFaceresOnCrop(session, pyramid, matrix)).toEqual(expected);
      }
    } finally {
      await analyzer.dispose();
    }
  });
});
