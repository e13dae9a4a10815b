/**
 * One pass over an image set for the reference metrics: each image decoded once, its CLIP and DINOv2
 * embeddings folded into per-group sums of unit vectors, its largest face's expression embedding kept.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import { reasonOf } from '@geneava/core/util';
import type { ProgressCallback, RgbImage } from '@geneava/core/contracts';
import type { FaceExpressionEmbedder } from './expression-embedder.js';
import type { ImageEmbedder } from './image-embedder.js';
import { UnitVectorSum } from './mean-cosine.js';

export interface ReferenceImageSet {
  readonly name: string;
  readonly dir: string;
  /** Image files relative to `dir`, '/' separated. */
  readonly files: readonly string[];
}

export interface ScanModels {
  readonly clip?: ImageEmbedder;
  readonly dinov2?: ImageEmbedder;
  readonly expression?: FaceExpressionEmbedder;
}

export interface GroupScan {
  /** Images of the group that decoded, as indices into the set's `files`. */
  readonly images: number[];
  clip?: UnitVectorSum;
  dinov2?: UnitVectorSum;
  /** Expression embeddings of the group's faces. */
  readonly expression: Float32Array[];
}

export interface SetScan {
  readonly groups: Map<string, GroupScan>;
  readonly noFace: string[];
  readonly failed: { file: string; reason: string }[];
  /** Files left out because they carry no group label. */
  readonly unlabelled: string[];
}

const BATCH = 8;

export async function scanImageSet(
  set: ReferenceImageSet,
  models: ScanModels,
  groupOf: (file: string) => string | undefined,
  options: { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal } = {},
): Promise<SetScan> {
  const scan: SetScan = { groups: new Map(), noFace: [], failed: [], unlabelled: [] };
  const task = `reference:${set.name}`;
  let done = 0;
  const pending: { index: number; group: GroupScan; image: RgbImage }[] = [];

  const flush = async () => {
    const batch = pending.splice(0, pending.length);
    if (batch.length === 0) return;
    for (const key of ['clip', 'dinov2'] as const) {
      const embedder = models[key];
      if (!embedder) continue;
      const vectors = await embedder.embed(batch.map((b) => b.image));
      batch.forEach((b, i) => {
        const sum = (b.group[key] ??= new UnitVectorSum(vectors[i]!.length));
        sum.add(vectors[i]!, `${key} embedding of ${set.files[b.index]}`);
      });
    }
  };

  for (let index = 0; index < set.files.length; index++) {
    options.signal?.throwIfAborted();
    const file = set.files[index]!;
    const key = groupOf(file);
    if (key === undefined) {
      scan.unlabelled.push(file);
      options.onProgress?.({ task, done: ++done, total: set.files.length, item: file, status: 'skipped', message: 'no expression folder' });
      continue;
    }
    let group = scan.groups.get(key);
    try {
      const path = join(set.dir, file);
      const image = await decodeImage(await readFile(path), { source: path });
      if (!group) scan.groups.set(key, (group = { images: [], expression: [] }));
      if (models.expression) {
        const embedding = await models.expression.embedLargestFace(image);
        if (embedding) group.expression.push(embedding);
        else scan.noFace.push(file);
      }
      group.images.push(index);
      pending.push({ index, group, image });
      if (pending.length >= BATCH) await flush();
      options.onProgress?.({ task, done: ++done, total: set.files.length, item: file, status: 'ok' });
    } catch (error) {
      scan.failed.push({ file, reason: reasonOf(error) });
      options.onProgress?.({ task, done: ++done, total: set.files.length, item: file, status: 'failed', message: reasonOf(error) });
    }
  }
  await flush();
  return scan;
}
