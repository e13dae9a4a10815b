import { reasonOf, type Logger } from '@geneava/core/util';
import { TOKENS, type RunScope } from '@geneava/core/di';
import type { DetectedFace, RgbImage } from '@geneava/core/contracts';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import { EmbeddedFaceAnalyzer } from '@geneava/face-analysis';

/** Finds faces in a decoded image, for stylizers that use StylizeInput.faces. */
export type FaceDetector = (image: RgbImage) => Promise<DetectedFace[]>;

/** Builds the detector on first call (loading face models costs time that whole-image stylizers never need). */
export type FaceDetectorFactory = () => Promise<FaceDetector | undefined>;

/**
 * The run's face detector, created once on first use: the embedded analyzer on the run's ONNX runtime
 * (owned by the scope, so its sessions close with the run). When it cannot be had, the reason is logged
 * once and stylizing goes on without faces.
 */
export function lazyFaceDetector(scope: RunScope, options: { readonly device: DevicePreference; readonly logger: Logger }): FaceDetectorFactory {
  let detector: Promise<FaceDetector | undefined> | undefined;
  const create = async (): Promise<FaceDetector | undefined> => {
    try {
      const analyzer = scope.own(await EmbeddedFaceAnalyzer.create({ onnx: scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime), device: options.device }));
      return (image) => analyzer.detect(image);
    } catch (error) {
      options.logger.warn(`face detection is unavailable (${reasonOf(error)}); stylizing without detected faces`);
      return undefined;
    }
  };
  return () => (detector ??= create());
}
