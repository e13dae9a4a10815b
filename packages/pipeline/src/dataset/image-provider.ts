import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GenerationRequest, Generator, RgbImage, RunOptions } from '@geneava/core/contracts';
import { decodeImage } from '@geneava/core/image';
import type { ItemOutcome } from '@geneava/core/plugins';
import { componentIdentity, type ComponentIdentity, type FileHashOptions } from '@geneava/core/provenance';
import { reasonOf } from '@geneava/core/util';
import type { Provenance } from '@geneava/core/dataset-format';
import { cropRgb } from './face-crop.js';
import type { DatasetItem } from './item.js';

/** A real face image for an item, with where it came from (written into the dataset's metadata). */
export interface AcquiredImage {
  readonly image: RgbImage;
  readonly provenance: Provenance;
}

/** Where a run's real faces come from: a generator, or a folder of photos. */
export interface ImageProvider {
  readonly kind: 'generate' | 'source';
  readonly info: { readonly id: string; readonly version: string };
  /** Items handed to acquire() at once. */
  readonly batch: number;
  /**
   * What decides the pixels besides each item's own plan or photo (generator, sizes, steps, guidance,
   * scheduler; source folder and cropping). Part of every image's stage fingerprint.
   */
  readonly fingerprint: string;
  /** What else decides the pixels and is known only by looking (the generator's options and the content of its model files). */
  identity?(options?: FileHashOptions): Promise<ComponentIdentity>;
  /** What decides one item's pixels besides its plan or photo name, when that needs a look (e.g. the photo's size and modification time). */
  itemIdentity?(item: DatasetItem): Promise<unknown>;
  /** One outcome per item, in order; an item that fails carries its one-line reason and the others go on. */
  acquire(items: readonly DatasetItem[], options?: RunOptions): AsyncIterable<ItemOutcome<AcquiredImage>>;
}

/** Generation settings shared by every request of a run. */
export interface GenerationSettings {
  readonly width: number;
  readonly height: number;
  readonly steps: number;
  readonly guidance: number;
  readonly scheduler: string;
  readonly batch: number;
}

/** The text-to-image request of a planned item under the run's generation settings. */
export function generationRequest(item: DatasetItem, settings: GenerationSettings): GenerationRequest {
  if (!item.plan) throw new Error(`item ${item.id} has no plan item to generate from`);
  return {
    item: item.plan,
    prompt: item.plan.prompt,
    ...(item.plan.negativePrompt !== undefined ? { negativePrompt: item.plan.negativePrompt } : {}),
    seed: item.plan.seed,
    width: settings.width,
    height: settings.height,
    steps: settings.steps,
    guidance: settings.guidance,
    scheduler: settings.scheduler,
  };
}

/** Real faces from a Generator (see generatedOutcomes). */
export function generatorProvider(generator: Generator, settings: GenerationSettings): ImageProvider {
  const { id, version } = generator.info;
  return {
    kind: 'generate',
    info: { id, version },
    batch: settings.batch,
    fingerprint: generationFingerprint(generator, settings),
    identity: (options) => componentIdentity(generator, options),
    acquire: (items, options = {}) => generatedOutcomes(generator, items, (item) => generationRequest(item, settings), options),
  };
}

/** The fingerprint part of a generator's shared settings. */
export function generationFingerprint(generator: Generator, settings: GenerationSettings): string {
  const { id, version } = generator.info;
  return `generate:${id}@${version}:${settings.width}x${settings.height}:${settings.steps}:${settings.guidance}:${settings.scheduler}`;
}

/**
 * One outcome per item from one generate() call over all of them: a failed image (status 'failed') is
 * that item's failure. A generator that throws instead (one written before the status) fails the item
 * it was at, and generation resumes with the next one.
 */
export async function* generatedOutcomes(
  generator: Generator,
  items: readonly DatasetItem[],
  request: (item: DatasetItem) => GenerationRequest,
  options: RunOptions = {},
): AsyncIterable<ItemOutcome<AcquiredImage>> {
  const { id, version } = generator.info;
  let next = 0;
  while (next < items.length) {
    const pending = items.slice(next);
    const started = performance.now();
    let last = started;
    try {
      for await (const face of generator.generate(pending.map(request), options)) {
        const item = items[next]!;
        if (face.request.item.id !== item.id) throw new Error(`generator ${id} returned "${face.request.item.id}" where "${item.id}" was due`);
        const now = performance.now();
        if (face.status === 'failed') yield { id: item.id, ok: false, reason: `generator ${id}: ${face.reason}`, ms: now - last };
        else yield { id: item.id, ok: true, value: { image: face.image, provenance: { generator: id, generatorVersion: version, ...face.provenance } }, ms: now - last };
        last = now;
        next++;
      }
      if (next < items.length) throw new Error(`generator ${id} stopped after ${next} of ${items.length} images`);
    } catch (error) {
      if (next >= items.length || options.signal?.aborted) throw error;
      yield { id: items[next]!.id, ok: false, reason: `generator ${id}: ${reasonOf(error)}`, ms: performance.now() - last };
      next++;
    }
  }
}

/** Source settings that decide the pixels (part of the fingerprint). */
export interface SourceSettings {
  readonly dir: string;
  /** Set when photos are split into one item per face. */
  readonly cropScale?: number;
}

/**
 * Real faces from a folder of photos: each item's photo (item.source.file), cropped to item.source.crop
 * for faces split out of group photos. The last photo stays decoded, since the faces of one photo come
 * one after another. Provenance: the photo, its sha256 and the crop.
 */
export function sourceProvider(settings: SourceSettings): ImageProvider {
  let cached: { file: string; image: RgbImage; sha256: string } | undefined;
  const load = async (file: string) => {
    if (cached?.file !== file) {
      const bytes = await readFile(join(settings.dir, file));
      cached = { file, image: await decodeImage(bytes, { source: file }), sha256: createHash('sha256').update(bytes).digest('hex') };
    }
    return cached;
  };
  return {
    kind: 'source',
    info: { id: 'source', version: '1' },
    batch: 1,
    fingerprint: `source:${settings.dir}${settings.cropScale === undefined ? '' : `:faces x${settings.cropScale}`}`,
    // A photo replaced under the same name is taken again (hashing every photo on every run would cost a full read).
    async itemIdentity(item) {
      if (!item.source) return null;
      const info = await stat(join(settings.dir, item.source.file)).catch(() => undefined);
      return info ? { size: info.size, mtimeMs: info.mtimeMs } : null;
    },
    async *acquire(items, options = {}) {
      for (const item of items) {
        options.signal?.throwIfAborted();
        const started = performance.now();
        const source = item.source;
        try {
          if (!source) throw new Error('no source photo');
          if (source.unusable !== undefined) throw new Error(source.unusable);
          const photo = await load(source.file);
          const image = source.crop ? cropRgb(photo.image, source.crop) : photo.image;
          const provenance: Record<string, string> = { source: source.file, sourceSha256: photo.sha256 };
          if (source.crop) provenance['crop'] = `${source.crop.x},${source.crop.y},${source.crop.width},${source.crop.height}`;
          yield { id: item.id, ok: true, value: { image, provenance }, ms: performance.now() - started };
        } catch (error) {
          // Decode and read errors already name the file.
          yield { id: item.id, ok: false, reason: reasonOf(error), ms: performance.now() - started };
        }
      }
    },
  };
}
