/**
 * The one interface both memorization checks go through: the reference sets of one identity model,
 * what they leave out, a fingerprint of their content, and the nearest reference face of an embedding.
 * `geneava audit memorization` searches whole generated sets at once (nearestNeighbours, on ONNX
 * Runtime); the dataset build asks for one face at a time while it builds, which is a single pass over
 * the rows (about 2.6 M multiply-adds for 10,000 x 256-d) and needs no runtime.
 */
import { createHash } from 'node:crypto';
import type { ProgressCallback } from '@geneava/core/contracts';
import { embedFaceSet } from './embed-face-set.js';
import { faceSetCacheFile } from './face-set-cache-file.js';
import type { SetFaceEmbedder } from './face-set-embedder.js';
import { isReferenceEmbeddingsFile, readReferenceEmbeddings } from './reference-embeddings-file.js';
import { referenceSetOfFaces, type ReferenceSet, type ReferenceSetProblem } from './reference-set.js';
import { uniqueSetNames } from './set-names.js';

/** The most similar reference face of a query. */
export interface NearestReference {
  readonly model: string;
  /** Cosine similarity of the two identity embeddings. */
  readonly similarity: number;
  /** The reference set's name. */
  readonly reference: string;
  /** The face's id in that set (its file, for a folder). */
  readonly nearest: string;
}

export class MemorizationIndex {
  /** SHA-256 of the model and of every set's name and content: changes exactly when an answer could. */
  readonly fingerprint: string;

  constructor(
    readonly model: string,
    readonly sets: readonly ReferenceSet[],
  ) {
    const wrong = sets.find((set) => set.model !== model);
    if (wrong) throw new Error(`reference set ${wrong.name} holds ${wrong.model} embeddings, the index compares ${model}`);
    const names = new Set<string>();
    for (const set of sets) {
      if (names.has(set.name)) throw new Error(`two reference sets are named ${set.name}`);
      names.add(set.name);
    }
    this.fingerprint = createHash('sha256')
      .update(JSON.stringify({ model, sets: sets.map((set) => ({ name: set.name, content: set.content })) }))
      .digest('hex');
  }

  /** Every file of every set that is not in it, and why. */
  get problems(): readonly ReferenceSetProblem[] {
    return this.sets.flatMap((set) => set.problems);
  }

  /** Faces over all sets. */
  get size(): number {
    return this.sets.reduce((sum, set) => sum + set.ids.length, 0);
  }

  /** The most similar reference face (cosine) over all sets, or undefined when they hold no face. */
  nearest(embedding: ArrayLike<number>): NearestReference | undefined {
    let norm = 0;
    for (let k = 0; k < embedding.length; k++) norm += embedding[k]! * embedding[k]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    let best: NearestReference | undefined;
    for (const set of this.sets) {
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
}

export interface LoadMemorizationIndexOptions {
  /** Embeds the largest face of each image of a reference folder; its model is the index's. */
  readonly embedder: SetFaceEmbedder;
  /** Folder of the embedding caches (one file per reference folder, keyed by file hash); without one every image is analysed. */
  readonly cacheDir?: string;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

/**
 * The index of reference sources: folders of face images, read by embedFaceSet exactly as the audit
 * reads them (its listing, its file-hash cache, its failures), or .jsonl files of precomputed
 * embeddings. Sets are named after their folder or file, made unique with "-2", "-3"...
 */
export async function loadMemorizationIndex(sources: readonly string[], options: LoadMemorizationIndexOptions): Promise<MemorizationIndex> {
  const { embedder, cacheDir } = options;
  const names = uniqueSetNames(sources);
  const sets: ReferenceSet[] = [];
  for (const [i, source] of sources.entries()) {
    if (isReferenceEmbeddingsFile(source)) {
      sets.push(await readReferenceEmbeddings(source, embedder.model, names[i]!));
      continue;
    }
    const faces = await embedFaceSet(names[i]!, source, embedder, {
      ...(cacheDir !== undefined ? { cacheFile: faceSetCacheFile(cacheDir, source, embedder.model) } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    sets.push(referenceSetOfFaces(faces, embedder.fingerprint));
  }
  return new MemorizationIndex(embedder.model, sets);
}
