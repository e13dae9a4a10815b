/**
 * The expression embedding (POSTER's feature) of an image's largest face, for the paper's expression
 * error. The analyzer detects and crops the face (RetinaFace when it was built with one, as in the
 * paper) and runs POSTER on its aligned crop.
 */
import type { FaceAnalyzer, RgbImage } from '@geneava/core/contracts';
import { largestFaceIndex } from '../../metrics/face-selection.js';

export interface FaceExpressionEmbedder {
  readonly model: string;
  /** The largest face's expression embedding; undefined when the image shows no face. */
  embedLargestFace(image: RgbImage): Promise<Float32Array | undefined>;
}

export function analyzerExpressionEmbedder(analyzer: FaceAnalyzer, model = 'poster'): FaceExpressionEmbedder {
  return {
    model,
    async embedLargestFace(image) {
      const faces = await analyzer.detect(image);
      if (faces.length === 0) return undefined;
      const [analysis] = await analyzer.analyze(image, { faces: [faces[largestFaceIndex(faces)]!] });
      const embedding = analysis?.expressionEmbeddings?.[model];
      if (!embedding) {
        throw new Error(
          `face analyzer ${analyzer.info.id} gives no '${model}' expression embedding (a POSTER file needs its 'feature' output for the expression error)`,
        );
      }
      return embedding;
    },
  };
}
