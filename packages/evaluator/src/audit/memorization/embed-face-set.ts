/**
 * One identity embedding per image of a folder: the largest face of each image, through the
 * embedding cache, so only new or changed files are decoded and analysed. This is the one way a folder
 * of faces becomes a set: the memorization audit and the dataset build's reference screen both read
 * their reference folders here, so they agree on what a set holds and report the same left-out files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage, listImageFiles, type SkippedEntry } from '@geneava/core/image';
import { reasonOf } from '@geneava/core/util';
import type { Box, ProgressCallback } from '@geneava/core/contracts';
import { EmbeddingCache } from './embedding-cache.js';
import type { SetFaceEmbedder } from './face-set-embedder.js';
import { sha256Hex } from './file-hash.js';

export interface EmbeddedFace {
  /** Path relative to the set's folder, '/' separated. */
  readonly file: string;
  readonly hash: string;
  readonly box: Box;
  /** Faces in the image; only the largest is embedded. */
  readonly faces: number;
}

export interface EmbeddedFaceSet {
  readonly name: string;
  readonly dir: string;
  readonly model: string;
  /** Embedding size; 0 when no image had a face. */
  readonly dim: number;
  /** Images with a face, sorted by file; row i of `embeddings` belongs to faces[i]. */
  readonly faces: readonly EmbeddedFace[];
  readonly embeddings: Float32Array;
  /** Images in which no face was found. */
  readonly noFace: readonly string[];
  /** Images that could not be read, decoded or analysed, with the reason. */
  readonly failed: readonly { readonly file: string; readonly reason: string }[];
  /** Entries of the folder that are not images (other files, broken links, link loops, unreadable entries), with why. */
  readonly skipped: readonly SkippedEntry[];
  /** The files of `skipped`. */
  readonly ignored: readonly string[];
  /** How many images came from the cache instead of being analysed. */
  readonly cached: number;
  /** Why an existing cache file was not used, when one was not. */
  readonly cacheDiscarded?: string;
}

export interface EmbedFaceSetOptions {
  /** Cache file of this set; without one every image is analysed. */
  readonly cacheFile?: string;
  /** Save the cache after this many newly analysed images, so a killed run keeps most of its work (default 200). */
  readonly saveEvery?: number;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

/**
 * Embeds the largest face of every image under `dir` with `embedder`. The folder is listed by core's
 * listImageFiles (recursively, through symbolic links to files and folders, hidden entries left out),
 * the listing every folder input of the project uses.
 */
export async function embedFaceSet(name: string, dir: string, embedder: SetFaceEmbedder, options: EmbedFaceSetOptions = {}): Promise<EmbeddedFaceSet> {
  const listing = await listImageFiles(dir);
  const cache = options.cacheFile ? await EmbeddingCache.load(options.cacheFile, embedder.model, embedder.fingerprint) : undefined;
  const saveEvery = Math.max(1, options.saveEvery ?? 200);
  const task = `embed:${name}`;
  const total = listing.images.length;

  const faces: EmbeddedFace[] = [];
  const vectors: Float32Array[] = [];
  const noFace: string[] = [];
  const failed: { file: string; reason: string }[] = [];
  let cached = 0;
  let done = 0;
  for (const file of listing.images) {
    options.signal?.throwIfAborted();
    const path = join(dir, file);
    try {
      const bytes = await readFile(path);
      const hash = sha256Hex(bytes);
      let face = cache?.get(hash);
      if (face) cached++;
      else {
        const image = await decodeImage(bytes, { source: path });
        const found = await embedder.embedLargestFace(image);
        face = found ? { faces: found.faces, box: found.box, embedding: found.embedding } : { faces: 0 };
        cache?.set(hash, face);
        if (cache && cache.unsaved >= saveEvery) await cache.save();
      }
      if (face.embedding && face.box) {
        faces.push({ file, hash, box: face.box, faces: face.faces });
        vectors.push(face.embedding);
      } else noFace.push(file);
      options.onProgress?.({ task, done: ++done, total, item: file, status: 'ok' });
    } catch (error) {
      failed.push({ file, reason: reasonOf(error) });
      options.onProgress?.({ task, done: ++done, total, item: file, status: 'failed', message: reasonOf(error) });
    }
  }
  if (cache && cache.unsaved > 0) await cache.save();

  const dim = vectors[0]?.length ?? 0;
  const embeddings = new Float32Array(vectors.length * dim);
  vectors.forEach((vector, i) => {
    if (vector.length !== dim) throw new Error(`${name}: ${faces[i]!.file} has a ${vector.length}-d embedding, the others ${dim}-d`);
    embeddings.set(vector, i * dim);
  });
  return {
    name,
    dir,
    model: embedder.model,
    dim,
    faces,
    embeddings,
    noFace,
    failed,
    skipped: listing.skipped,
    ignored: listing.skipped.map((entry) => entry.file),
    cached,
    ...(cache?.discarded ? { cacheDiscarded: cache.discarded } : {}),
  };
}
