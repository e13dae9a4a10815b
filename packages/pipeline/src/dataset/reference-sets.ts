import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { FaceAnalyzer, ProgressCallback } from '@geneava/core/contracts';
import { decodeImage } from '@geneava/core/image';
import { reasonOf, toJsonl, UsageError, writeFileAtomic } from '@geneava/core/util';
import { referenceSet, type ReferenceSet } from './memorization.js';
import { listSourcePhotos } from './source-photos.js';
import { toSafeSegment } from './item.js';

interface EmbeddingLine {
  readonly id: string;
  readonly embedding: readonly number[];
  readonly model?: string;
}

/** Reads a .jsonl reference set: one {"id", "embedding": [...], "model"?} per line. */
export async function readReferenceEmbeddings(path: string, model: string): Promise<ReferenceSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read the reference set (${(error as NodeJS.ErrnoException).code ?? reasonOf(error)})`);
  }
  const entries: EmbeddingLine[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path}:${index + 1}`;
    let value: EmbeddingLine;
    try {
      value = JSON.parse(line) as EmbeddingLine;
    } catch (error) {
      throw new UsageError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value?.id !== 'string' || !Array.isArray(value.embedding) || !value.embedding.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new UsageError(`${where}: expected {"id": string, "embedding": [numbers]}`);
    }
    if (value.model !== undefined && value.model !== model) throw new UsageError(`${where}: a ${value.model} embedding, the screen compares ${model}`);
    entries.push(value);
  });
  try {
    return referenceSet(basename(path, extname(path)), model, entries);
  } catch (error) {
    throw new UsageError(`${path}: ${reasonOf(error)}`);
  }
}

export interface EmbedReferenceFolderOptions {
  readonly analyzer: FaceAnalyzer;
  readonly model: string;
  /** Folder the embeddings are cached in, keyed by the folder's listing and the analyzer's version. */
  readonly cacheDir: string;
  readonly onProgress?: ProgressCallback;
}

/**
 * A reference set from a folder of face images: the largest face of every image, embedded by `model`.
 * Images without a face or that cannot be decoded are left out. The result is cached as JSON Lines;
 * the cache is used again while the folder's files (names, sizes, times) and the analyzer stay the same.
 */
export async function embedReferenceFolder(dir: string, options: EmbedReferenceFolderOptions): Promise<ReferenceSet> {
  const { analyzer, model } = options;
  const photos = await listSourcePhotos(dir);
  const listing = await Promise.all(photos.map(async (photo) => {
    const info = await stat(join(dir, photo.file));
    return `${photo.file}\t${info.size}\t${info.mtimeMs}`;
  }));
  const key = createHash('sha256').update(`${analyzer.info.id}@${analyzer.info.version}/${model}\n${listing.join('\n')}`).digest('hex').slice(0, 16);
  const name = toSafeSegment(basename(dir));
  const cache = join(options.cacheDir, `${name}-${model}-${key}.jsonl`);
  try {
    return { ...(await readReferenceEmbeddings(cache, model)), name };
  } catch {
    // No usable cache: embed the folder.
  }
  const task = `references:${name}`;
  const entries: EmbeddingLine[] = [];
  for (const [index, photo] of photos.entries()) {
    try {
      const image = await decodeImage(join(dir, photo.file));
      const faces = await analyzer.detect(image);
      const largest = faces.reduce<(typeof faces)[number] | undefined>((best, face) => (!best || face.box.width * face.box.height > best.box.width * best.box.height ? face : best), undefined);
      const [analysis] = largest ? await analyzer.analyze(image, { faces: [largest] }) : [];
      const embedding = analysis?.identity[model];
      if (embedding) entries.push({ id: photo.file, embedding: Array.from(embedding) });
    } catch {
      // An unreadable reference image cannot be a match; it is simply not part of the set.
    }
    options.onProgress?.({ task, done: index + 1, total: photos.length, item: photo.file });
  }
  await writeFileAtomic(cache, toJsonl(entries.map((entry) => ({ ...entry, model }))));
  return referenceSet(name, model, entries);
}
