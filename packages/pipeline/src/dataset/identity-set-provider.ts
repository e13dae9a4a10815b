import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Generator, RgbImage } from '@geneava/core/contracts';
import { decodeImage, resizeImage } from '@geneava/core/image';
import type { ItemOutcome } from '@geneava/core/plugins';
import { componentIdentity } from '@geneava/core/provenance';
import { reasonOf } from '@geneava/core/util';
import { cropRgb } from './face-crop.js';
import { generatedOutcomes, generationFingerprint, generationRequest, type AcquiredImage, type GenerationSettings, type ImageProvider } from './image-provider.js';
import type { DatasetItem } from './item.js';
import { inDataset, realImagePath } from '@geneava/core/dataset-format';

export interface IdentitySetProviderSettings extends GenerationSettings {
  /** The dataset folder: a member's init image is its anchor's image there (made earlier in this run or an earlier one). */
  readonly out: string;
  /** The folder of user photos the anchors come from (planIdentitySets with photos); none: anchors are generated. */
  readonly photos?: string;
}

/** The centre of the image with the target's aspect ratio, resized to it: an anchor photo as an init image of the run's size. */
export async function fitImage(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const scale = Math.min(image.width / width, image.height / height);
  const cropWidth = Math.max(1, Math.round(width * scale));
  const cropHeight = Math.max(1, Math.round(height * scale));
  const cropped = cropRgb(image, { x: Math.floor((image.width - cropWidth) / 2), y: Math.floor((image.height - cropHeight) / 2), width: cropWidth, height: cropHeight });
  return resizeImage(cropped, width, height);
}

/**
 * Real faces of an identity-set run (items from planIdentitySets): anchors generated from their plan
 * item (or read from the user's photo), then members by image-to-image from their anchor's image with
 * their own prompt, seed and strength. Anchors of a call are made first, so a member whose anchor is in
 * the same call finds its image written; a member whose anchor has no image fails with that reason.
 */
export function identitySetProvider(generator: Generator, settings: IdentitySetProviderSettings): ImageProvider {
  const { id, version } = generator.info;
  const anchorFile = (anchor: DatasetItem) => inDataset(settings.out, realImagePath(anchor.expression, anchor.id));
  // Anchors that failed in this run: their file, if any, is an earlier image that no longer matches the
  // anchor's fingerprint, so members must not start from it (they would be recorded as made from the new anchor).
  const failedAnchors = new Map<string, string>();
  const noteAnchor = (outcome: ItemOutcome<AcquiredImage>) => {
    if (outcome.ok) failedAnchors.delete(outcome.id);
    else failedAnchors.set(outcome.id, outcome.reason);
    return outcome;
  };
  return {
    kind: 'generate',
    info: { id, version },
    batch: settings.batch,
    fingerprint: `${generationFingerprint(generator, settings)}:identity-sets${settings.photos === undefined ? '' : `:photos ${settings.photos}`}`,
    identity: (options) => componentIdentity(generator, options),
    // A photo replaced under the same name is an anchor made again (and so are its members).
    async itemIdentity(item) {
      if (!item.source || settings.photos === undefined) return null;
      const info = await stat(join(settings.photos, item.source.file)).catch(() => undefined);
      return info ? { size: info.size, mtimeMs: info.mtimeMs } : null;
    },
    async *acquire(items, options = {}) {
      const anchors = items.filter((item) => item.identitySet?.role !== 'member');
      const members = items.filter((item) => item.identitySet?.role === 'member');
      const photoAnchors = anchors.filter((item) => item.source);
      const generatedAnchors = anchors.filter((item) => !item.source);
      for (const anchor of photoAnchors) {
        options.signal?.throwIfAborted();
        yield noteAnchor(await photoAnchor(anchor, settings.photos));
      }
      if (generatedAnchors.length > 0) {
        for await (const outcome of generatedOutcomes(generator, generatedAnchors, (item) => generationRequest(item, settings), options)) yield noteAnchor(outcome);
      }

      // Every anchor of this call has been handed back (and written) by now.
      const inits = new Map<string, RgbImage>();
      const ready: DatasetItem[] = [];
      for (const member of members) {
        const anchor = member.identitySet!.anchor;
        const started = performance.now();
        try {
          if (!anchor) throw new Error('an identity-set member without its anchor');
          const failed = failedAnchors.get(anchor.id);
          if (failed !== undefined) throw new Error(`its anchor ${anchor.id} failed: ${failed}`);
          const image = await decodeImage(anchorFile(anchor), { source: realImagePath(anchor.expression, anchor.id) }).catch((error: unknown) => {
            throw new Error(`its anchor ${anchor.id} has no image (${reasonOf(error)})`);
          });
          inits.set(member.id, await fitImage(image, settings.width, settings.height));
          ready.push(member);
        } catch (error) {
          yield { id: member.id, ok: false, reason: reasonOf(error), ms: performance.now() - started };
        }
      }
      if (ready.length === 0) return;
      const request = (item: DatasetItem) => ({ ...generationRequest(item, settings), initImage: inits.get(item.id)!, strength: item.identitySet!.strength! });
      for await (const outcome of generatedOutcomes(generator, ready, request, options)) {
        inits.delete(outcome.id);
        if (!outcome.ok) {
          yield outcome;
          continue;
        }
        const set = ready.find((item) => item.id === outcome.id)!.identitySet!;
        yield { ...outcome, value: { ...outcome.value, provenance: { ...outcome.value.provenance, identityAnchor: set.anchor!.id, identityStrength: set.strength! } } };
      }
    },
  };
}

async function photoAnchor(anchor: DatasetItem, photos: string | undefined): Promise<ItemOutcome<AcquiredImage>> {
  const started = performance.now();
  try {
    if (photos === undefined) throw new Error('an anchor photo, but no identity photos folder');
    const file = anchor.source!.file;
    const bytes = await readFile(join(photos, file));
    const image = await decodeImage(bytes, { source: file });
    return { id: anchor.id, ok: true, value: { image, provenance: { source: file, sourceSha256: createHash('sha256').update(bytes).digest('hex') } }, ms: performance.now() - started };
  } catch (error) {
    return { id: anchor.id, ok: false, reason: reasonOf(error), ms: performance.now() - started };
  }
}
