import { cachedSha256 } from '@geneava/core/provenance';
import { analyzerFaceEmbedder, type SetFaceEmbedder } from '@geneava/evaluator';
import type { FaceModelOptions, PipelineSession } from './pipeline-session.js';

/** A face embedder the job releases when done. */
export type DisposableFaceEmbedder = SetFaceEmbedder & { dispose(): Promise<void> };

/**
 * The embedder of one identity model on the embedded face analyzer, as the CLI's audit and calibrate
 * build it: FaceRes is the attributes model (loaded only for it), ArcFace needs its file, whose sha256
 * keys the embedding caches and the records (other weights give other numbers).
 */
export async function identityEmbedder(session: PipelineSession, identity: string, arcface: string | undefined, models: FaceModelOptions = {}): Promise<DisposableFaceEmbedder> {
  const analyzer = await session.createAnalyzer({ ...models, ...(arcface !== undefined ? { arcface } : {}) }, { attributes: identity === 'faceres' });
  try {
    const fingerprint = arcface !== undefined ? `arcface-sha256:${await cachedSha256(arcface)}` : '';
    return { ...analyzerFaceEmbedder(analyzer, identity, fingerprint), dispose: () => analyzer.dispose() };
  } catch (error) {
    await analyzer.dispose();
    throw error;
  }
}
