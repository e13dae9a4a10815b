/**
 * A reference set as the memorization checks see it: the identity embeddings of the faces of the
 * fine-tuning data, CelebA..., one unit-length row per face, with what decides those rows (by content)
 * and the files of the set that are not in it. Made from a folder through embedFaceSet (the audit's
 * path) or from precomputed embeddings.
 */
import { createHash } from 'node:crypto';
import type { EmbeddedFaceSet } from './embed-face-set.js';
import { normalizeRows } from './nearest-neighbours.js';

/** Why a file of a reference folder is not in the set: nothing is left out silently. */
export type ReferenceProblemKind = 'unreadable' | 'no face' | 'not an image';

export interface ReferenceSetProblem {
  /** The set's name. */
  readonly set: string;
  /** Relative to the set's folder, '/' separated. */
  readonly file: string;
  readonly kind: ReferenceProblemKind;
  readonly reason: string;
}

export interface ReferenceSet {
  readonly name: string;
  /** The folder or embeddings file the set was read from. */
  readonly source: string;
  /** The identity model of the embeddings. */
  readonly model: string;
  readonly dim: number;
  /** Row labels: the image's path relative to the folder, or the id given with a precomputed embedding. */
  readonly ids: readonly string[];
  /** ids.length rows of dim values, each of unit length. */
  readonly embeddings: Float32Array;
  /**
   * SHA-256 of everything that decides the rows: the embedder's fingerprint and every member's file
   * hash (a folder), or the ids and values themselves (precomputed). A screen's fingerprint is made of it.
   */
  readonly content: string;
  readonly problems: readonly ReferenceSetProblem[];
}

/** The reference set of an embedded folder; `embedder` is the fingerprint of the SetFaceEmbedder that embedded it. */
export function referenceSetOfFaces(set: EmbeddedFaceSet, embedder: string): ReferenceSet {
  const problems: ReferenceSetProblem[] = [
    ...set.failed.map(({ file, reason }) => ({ set: set.name, file, kind: 'unreadable' as const, reason })),
    ...set.noFace.map((file) => ({ set: set.name, file, kind: 'no face' as const, reason: 'no face found' })),
    ...set.skipped.map(({ file, reason }) => ({ set: set.name, file, kind: 'not an image' as const, reason })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const content = createHash('sha256').update(`${embedder}\n${set.model}\n`);
  for (const face of set.faces) content.update(`${face.file}\t${face.hash}\n`);
  return {
    name: set.name,
    source: set.dir,
    model: set.model,
    dim: set.dim,
    ids: set.faces.map((face) => face.file),
    embeddings: set.faces.length > 0 ? normalizeRows(set.embeddings, set.dim) : new Float32Array(0),
    content: content.digest('hex'),
    problems,
  };
}

/** A reference set from (id, embedding) pairs held in memory; every embedding is normalised, and all must have one length. */
export function referenceSetOf(
  name: string,
  model: string,
  entries: readonly { readonly id: string; readonly embedding: ArrayLike<number> }[],
  source = name,
): ReferenceSet {
  const dim = entries[0]?.embedding.length ?? 0;
  const raw = new Float32Array(entries.length * dim);
  const content = createHash('sha256').update(`${model}\n`);
  entries.forEach(({ id, embedding }, row) => {
    if (embedding.length !== dim) throw new Error(`reference set ${name}: "${id}" has ${embedding.length} values, the first face has ${dim}`);
    for (let k = 0; k < dim; k++) raw[row * dim + k] = embedding[k]!;
    content.update(`${id}\t${Array.from(embedding).join(',')}\n`);
  });
  return {
    name,
    source,
    model,
    dim,
    ids: entries.map((entry) => entry.id),
    embeddings: dim > 0 ? normalizeRows(raw, dim) : raw,
    content: content.digest('hex'),
    problems: [],
  };
}
