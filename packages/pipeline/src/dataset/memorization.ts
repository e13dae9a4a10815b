/**
 * The memorization screen of `geneava run`: the identity embedding of each real face is compared with
 * every face of the reference sets (fine-tuning data, CelebA...), and the nearest one is recorded.
 * The reference sets are @geneava/evaluator's MemorizationIndex, the same sets `geneava audit
 * memorization` reads (one listing, one file-hash cache, the same left-out files), so the screen and
 * the audit cannot disagree on what a reference set holds.
 */
import type { DetectedFace, FaceAnalyzer, ProgressCallback, RgbImage } from '@geneava/core/contracts';
import type { MemorizationResult } from '@geneava/core/dataset-format';
import { componentIdentity, fingerprintOf, type FileHashOptions } from '@geneava/core/provenance';
import { analyzerFaceEmbedder, loadMemorizationIndex, type MemorizationIndex, type ReferenceSetProblem } from '@geneava/evaluator';

/** Checks one real face against the reference sets. */
export interface MemorizationScreen {
  readonly model: string;
  /** What the screen compares against (the reference sets' names and content by file hash), as a hash; part of the memorization stage's fingerprint. */
  readonly fingerprint?: string;
  /** Files of the reference folders that are not in the sets (unreadable, no face, not an image), with why; the build reports them. */
  readonly problems?: readonly ReferenceSetProblem[];
  check(image: RgbImage, face: DetectedFace): Promise<MemorizationResult | undefined>;
}

/** A screen on any FaceAnalyzer: the face's `index.model` identity embedding against every set of the index. */
export function createMemorizationScreen(analyzer: FaceAnalyzer, index: MemorizationIndex): MemorizationScreen {
  const { model } = index;
  return {
    model,
    fingerprint: index.fingerprint,
    problems: index.problems,
    async check(image, face) {
      const [analysis] = await analyzer.analyze(image, { faces: [face] });
      const embedding = analysis?.identity[model];
      if (!embedding) {
        const known = Object.keys(analysis?.identity ?? {});
        throw new Error(`face analyzer ${analyzer.info.id} gives no "${model}" identity embedding (it gives: ${known.join(', ') || 'none'})`);
      }
      return index.nearest(embedding);
    },
  };
}

export interface LoadMemorizationScreenOptions {
  /** The identity model, e.g. "mobileface" or "arcface". */
  readonly model: string;
  /** Folder of the reference sets' embedding caches (keyed by file hash and by the analyzer's identity). */
  readonly cacheDir: string;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** Passed to the analyzer's identity (its model files are hashed, once per machine). */
  readonly hashing?: FileHashOptions;
}

/**
 * The screen over reference folders (embedded by the analyzer, largest face per image) and .jsonl
 * embedding files. The cache is keyed by the analyzer's whole identity (id, version, settings and
 * model files by content), so other ArcFace weights never reuse embeddings of the old ones.
 */
export async function loadMemorizationScreen(analyzer: FaceAnalyzer, references: readonly string[], options: LoadMemorizationScreenOptions): Promise<MemorizationScreen> {
  const identity = fingerprintOf(await componentIdentity(analyzer, options.hashing ?? {}));
  const index = await loadMemorizationIndex(references, {
    embedder: analyzerFaceEmbedder(analyzer, options.model, identity),
    cacheDir: options.cacheDir,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return createMemorizationScreen(analyzer, index);
}
