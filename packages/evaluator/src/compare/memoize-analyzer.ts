import type { DetectedFace, FaceAnalysis, FaceAnalyzer, RgbImage } from '@geneava/core/contracts';

/**
 * A FaceAnalyzer that remembers its answers per image object: a comparison scores the same real photo
 * against every stylizer's avatar, and the evaluator analyses the real face each time. The analyzers
 * here are deterministic, so the answer for the same image and the same faces is reused. Entries live
 * as long as the image object does (WeakMap), so a batch holds only the photos it still uses.
 */
export function memoizeFaceAnalyzer(analyzer: FaceAnalyzer): FaceAnalyzer {
  const detections = new WeakMap<RgbImage, Promise<DetectedFace[]>>();
  const analyses = new WeakMap<RgbImage, Map<string, Promise<FaceAnalysis[]>>>();
  const remember = <T>(promise: Promise<T>, forget: () => void): Promise<T> =>
    promise.catch((error: unknown) => {
      // A failure is not remembered: the next caller tries again and gets its own error.
      forget();
      throw error;
    });
  return {
    apiVersion: analyzer.apiVersion,
    info: analyzer.info,
    detect(image) {
      const known = detections.get(image);
      if (known) return known;
      const promise = remember(analyzer.detect(image), () => detections.delete(image));
      detections.set(image, promise);
      return promise;
    },
    analyze(image, options) {
      const key = options?.faces === undefined ? '*' : JSON.stringify(options.faces);
      let byFaces = analyses.get(image);
      if (!byFaces) analyses.set(image, (byFaces = new Map()));
      const known = byFaces.get(key);
      if (known) return known;
      const promise = remember(analyzer.analyze(image, options), () => byFaces.delete(key));
      byFaces.set(key, promise);
      return promise;
    },
    dispose: () => analyzer.dispose?.(),
  };
}
