/**
 * The memorization screen of `geneava run`: the identity embedding of each real face is compared with
 * every face of the reference sets (fine-tuning data, CelebA...), and the nearest one is recorded. One
 * face against a set is a single pass over the rows (about 2.6 M multiply-adds for 10,000 x 256-d),
 * so no matrix runtime is needed per item; whole-set audits belong to `geneava audit memorization`.
 */
import { createHash } from 'node:crypto';
import type { DetectedFace, FaceAnalyzer, RgbImage } from '@geneava/core/contracts';
import { fingerprintOf } from '@geneava/core/provenance';
import type { MemorizationResult } from '@geneava/core/dataset-format';

/** Reference faces of one set: L2-normalised identity embeddings of one model, row by row. */
export interface ReferenceSet {
  readonly name: string;
  readonly model: string;
  readonly ids: readonly string[];
  readonly dim: number;
  /** ids.length rows of dim values, each of unit length. */
  readonly embeddings: Float32Array;
}

/** Builds a set from (id, embedding) pairs; every embedding is normalised, and all must have one length. */
export function referenceSet(name: string, model: string, entries: readonly { readonly id: string; readonly embedding: ArrayLike<number> }[]): ReferenceSet {
  const dim = entries[0]?.embedding.length ?? 0;
  const embeddings = new Float32Array(entries.length * dim);
  entries.forEach(({ id, embedding }, row) => {
    if (embedding.length !== dim) throw new Error(`reference set ${name}: "${id}" has ${embedding.length} values, the first face has ${dim}`);
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += embedding[k]! * embedding[k]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < dim; k++) embeddings[row * dim + k] = embedding[k]! * scale;
  });
  return { name, model, ids: entries.map((e) => e.id), dim, embeddings };
}

/** The most similar reference face (cosine) over all sets, or undefined when the sets are empty. */
export function nearestReference(embedding: Float32Array, sets: readonly ReferenceSet[]): MemorizationResult | undefined {
  let norm = 0;
  for (const value of embedding) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  let best: MemorizationResult | undefined;
  for (const set of sets) {
    if (set.ids.length === 0) continue;
    if (set.dim !== embedding.length) {
      throw new Error(`reference set ${set.name}: embeddings have ${set.dim} values, the face's ${set.model} embedding has ${embedding.length}`);
    }
    const { dim, embeddings } = set;
    for (let row = 0; row < set.ids.length; row++) {
      let dot = 0;
      const offset = row * dim;
      for (let k = 0; k < dim; k++) dot += embeddings[offset + k]! * embedding[k]!;
      const similarity = dot * scale;
      if (!best || similarity > best.similarity) best = { model: set.model, similarity, reference: set.name, nearest: set.ids[row]! };
    }
  }
  return best;
}

/** Checks one real face against the reference sets. */
export interface MemorizationScreen {
  readonly model: string;
  /** What the screen compares against (the reference sets' names, ids and embeddings), as a hash; part of the memorization stage's fingerprint. */
  readonly fingerprint?: string;
  check(image: RgbImage, face: DetectedFace): Promise<MemorizationResult | undefined>;
}

/** A screen on any FaceAnalyzer: the face's `model` identity embedding against every set. */
export function createMemorizationScreen(analyzer: FaceAnalyzer, model: string, sets: readonly ReferenceSet[]): MemorizationScreen {
  const wrong = sets.find((set) => set.model !== model);
  if (wrong) throw new Error(`reference set ${wrong.name} holds ${wrong.model} embeddings, the screen compares ${model}`);
  const references = sets.map((set) => ({
    name: set.name,
    model: set.model,
    ids: set.ids,
    embeddings: createHash('sha256').update(new Uint8Array(set.embeddings.buffer, set.embeddings.byteOffset, set.embeddings.byteLength)).digest('hex'),
  }));
  return {
    model,
    fingerprint: fingerprintOf(references),
    async check(image, face) {
      const [analysis] = await analyzer.analyze(image, { faces: [face] });
      const embedding = analysis?.identity[model];
      if (!embedding) {
        const known = Object.keys(analysis?.identity ?? {});
        throw new Error(`face analyzer ${analyzer.info.id} gives no "${model}" identity embedding (it gives: ${known.join(', ') || 'none'})`);
      }
      return nearestReference(embedding, sets);
    },
  };
}
