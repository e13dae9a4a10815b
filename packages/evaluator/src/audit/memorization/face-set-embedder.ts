/**
 * The one face per image a set audit looks at: the largest detected face, embedded by one identity
 * model. Kept behind a small interface so the set logic (caching, nearest neighbours, reports) does not
 * depend on which analyzer produced the numbers.
 */
import type { Box, FaceAnalyzer, RgbImage } from '@geneava/core/contracts';
import { largestFaceIndex } from '../../metrics/face-selection.js';

export interface LargestFaceEmbedding {
  /** L2-normalised identity embedding of the largest face. */
  readonly embedding: Float32Array;
  /** Where that face is, in image pixels. */
  readonly box: Box;
  /** How many faces the image holds. */
  readonly faces: number;
}

export interface SetFaceEmbedder {
  /** The identity model, e.g. "mobileface" or "arcface". */
  readonly model: string;
  /** Changes whenever the embeddings would change (analyzer version, model file): cached embeddings are keyed by it. */
  readonly fingerprint: string;
  /** The largest face's embedding, or undefined when the image shows no face. */
  embedLargestFace(image: RgbImage): Promise<LargestFaceEmbedding | undefined>;
}

/**
 * A SetFaceEmbedder on any core FaceAnalyzer: detect, keep the largest face, analyse only that one.
 * `fingerprint` should name whatever else decides the numbers (e.g. the hash of a user's ArcFace file).
 */
export function analyzerFaceEmbedder(analyzer: FaceAnalyzer, model: string, fingerprint = ''): SetFaceEmbedder {
  const { id, version } = analyzer.info;
  return {
    model,
    fingerprint: `${id}@${version}/${model}${fingerprint ? `/${fingerprint}` : ''}`,
    async embedLargestFace(image) {
      const faces = await analyzer.detect(image);
      if (faces.length === 0) return undefined;
      const largest = faces[largestFaceIndex(faces)]!;
      const [analysis] = await analyzer.analyze(image, { faces: [largest] });
      const embedding = analysis?.identity[model];
      if (!embedding) {
        const known = Object.keys(analysis?.identity ?? {});
        throw new Error(`face analyzer ${id} gives no '${model}' identity embedding (it gives: ${known.join(', ') || 'none'})`);
      }
      return { embedding, box: largest.box, faces: faces.length };
    },
  };
}
