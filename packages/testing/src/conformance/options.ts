import type { FaceAnalyzer, RgbImage, Stylizer } from '@geneava/core/contracts';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * The output size a stylizer declares: 'same' as its input (every geometry-preserving stylizer), a fixed
 * size (e.g. a crop-only face stylizer), or a function of the input.
 */
export type ExpectedSize = 'same' | Size | ((input: RgbImage) => Size);

/** Anything that counts open ONNX sessions, e.g. core's OnnxRuntime. */
export interface SessionCounter {
  readonly openSessionCount: number;
}

export type StylizerFactory = () => Promise<Stylizer> | Stylizer;

export interface StylizerConformanceOptions {
  /** Output size; default 'same'. */
  readonly expectedSize?: ExpectedSize;
  /**
   * Runs the geometry check on real photos: faces are detected on each input and on its output, and every
   * input face must reappear in place (geometry-preserving stylizers only).
   */
  readonly faceAnalyzer?: () => Promise<FaceAnalyzer> | FaceAnalyzer;
  /** Photos for the geometry check (one or more faces each); default: the sample photos found in node_modules. */
  readonly faceImages?: readonly string[];
  /**
   * What a face-based stylizer does with several faces: 'all' (default) stylizes every face it is given and
   * reports their number; 'one' returns a single face (e.g. a crop without paste-back) and reports 1.
   */
  readonly multiFace?: 'all' | 'one';
  /**
   * The ONNX runtime the factory's stylizers open their sessions through (or a getter, when it is created
   * later); after dispose() it must hold no more sessions than before the stylizer was created.
   */
  readonly onnx?: SessionCounter | (() => SessionCounter);
  /** Per-test timeout in milliseconds (default 60000). */
  readonly timeoutMs?: number;
}

export function resolveSize(expected: ExpectedSize | undefined, input: RgbImage): Size {
  if (expected === undefined || expected === 'same') return { width: input.width, height: input.height };
  return typeof expected === 'function' ? expected(input) : expected;
}
