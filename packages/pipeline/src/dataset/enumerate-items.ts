import { join } from 'node:path';
import type { Box, FaceAnalyzer, ProgressCallback } from '@geneava/core/contracts';
import { decodeImage } from '@geneava/core/image';
import { familyOf } from '@geneava/core/taxonomy';
import { reasonOf, UsageError } from '@geneava/core/util';
import { cropAroundFace } from './face-crop.js';
import { isSafeSegment, UNLABELLED, type DatasetItem } from './item.js';
import type { RunJournal } from './journal.js';
import type { SourceLabels } from '@geneava/core/dataset-format';
import type { SourcePhoto } from './source-photos.js';
import { recordedFingerprint } from './stage-fingerprints.js';
import { STAGES } from './stages.js';

/** Labels for one face of a group photo (e.g. from an annotation of where each face is); undefined: the photo's labels. */
export type FaceLabeler = (photo: SourcePhoto, face: Box, frame: { readonly width: number; readonly height: number }) => SourceLabels | undefined;

/** Source photos split into one item per detected face. */
export interface SplitPhotos {
  readonly dir: string;
  readonly photos: readonly SourcePhoto[];
  /** Crop side as a multiple of the face box's longer side. */
  readonly cropScale: number;
  readonly labelFace?: FaceLabeler;
}

/** Narrows a run. */
export interface DatasetSelection {
  readonly expressions?: readonly string[];
  readonly maxItems?: number;
}

/** What the split stage records per photo. */
interface SplitStageData {
  readonly width: number;
  readonly height: number;
  readonly faces: readonly { readonly box: Box; readonly crop: Box }[];
}

export function itemFromPhoto(photo: SourcePhoto, labels: SourceLabels = photo.labels, id = photo.id, crop?: { readonly box: Box; readonly face: number }): DatasetItem {
  const expression = labels.expression ?? UNLABELLED;
  const family = familyOf(expression);
  return {
    id,
    expression,
    ...(family ? { family } : {}),
    ...(labels.gender ? { gender: labels.gender } : {}),
    ...(labels.race ? { race: labels.race } : {}),
    ...(labels.ageGroup ? { ageGroup: labels.ageGroup } : {}),
    source: { file: photo.file, ...(crop ? { crop: crop.box, face: crop.face } : {}) },
  };
}

function selected(item: DatasetItem, selection: DatasetSelection): boolean {
  return !selection.expressions?.length || selection.expressions.includes(item.expression);
}

/** Applies --expressions and --max-items to a known list of items, in order. */
export function selectItems(items: readonly DatasetItem[], selection: DatasetSelection = {}): DatasetItem[] {
  return items.filter((item) => selected(item, selection)).slice(0, selection.maxItems ?? Number.POSITIVE_INFINITY);
}

export interface SplitResult {
  readonly items: DatasetItem[];
  /**
   * Photos that gave no face item (not decodable, detection threw, no face detected), with the reason.
   * Each is also an item of its own, named after the photo, that fails with that reason: nothing is
   * left out of the metadata silently.
   */
  readonly failed: { readonly file: string; readonly reason: string }[];
}

/**
 * The items of split photos: each photo's faces (detected once, recorded in the journal under the
 * photo's id, so a resumed run finds the same items without detecting again), ordered left to right,
 * named "<photo id>-face<k>". Photos are split only until `maxItems` selected items are found.
 */
export async function splitPhotoItems(
  split: SplitPhotos,
  analyzer: FaceAnalyzer,
  journal: RunJournal,
  selection: DatasetSelection,
  options: { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal; readonly fingerprint?: string } = {},
): Promise<SplitResult> {
  const items: DatasetItem[] = [];
  const failed: { file: string; reason: string }[] = [];
  const limit = selection.maxItems ?? Number.POSITIVE_INFINITY;
  const noItem = (photo: SourcePhoto, reason: string) => {
    failed.push({ file: photo.file, reason });
    const base = itemFromPhoto(photo);
    const item: DatasetItem = { ...base, source: { file: photo.file, unusable: reason } };
    if (selected(item, selection) && items.length < limit) items.push(item);
  };
  for (const [index, photo] of split.photos.entries()) {
    if (items.length >= limit) break;
    options.signal?.throwIfAborted();
    const recorded = journal.get(photo.id, STAGES.split);
    // A split made by another analyzer or crop scale is made again (its items' crops may differ).
    const current = recorded?.status === 'done' && recordedFingerprint(recorded.data) === options.fingerprint;
    let data = current ? (recorded.data as unknown as SplitStageData) : undefined;
    const resumed = data !== undefined;
    if (!data) {
      try {
        const image = await decodeImage(join(split.dir, photo.file), { source: photo.file });
        const faces = [...(await analyzer.detect(image))].sort((a, b) => a.box.x + a.box.width / 2 - (b.box.x + b.box.width / 2));
        data = { width: image.width, height: image.height, faces: faces.map((face) => ({ box: face.box, crop: cropAroundFace(face.box, image, split.cropScale) })) };
        await journal.append({ id: photo.id, stage: STAGES.split, status: 'done', data: { ...data, ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}) } });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const reason = reasonOf(error);
        failed.push({ file: photo.file, reason });
        await journal.append({ id: photo.id, stage: STAGES.split, status: 'failed', data: { reason } });
        options.onProgress?.({ task: STAGES.split, done: index + 1, total: split.photos.length, item: photo.file, status: 'failed', message: reason });
        noItem(photo, reason);
        continue;
      }
    }
    if (data.faces.length === 0) noItem(photo, `no face detected in ${photo.file}`);
    data.faces.forEach((face, k) => {
      const labels = { ...photo.labels, ...split.labelFace?.(photo, face.box, data!) };
      if (labels.expression !== undefined && !isSafeSegment(labels.expression)) {
        throw new UsageError(`face ${k + 1} of ${photo.file}: expression "${labels.expression}" cannot name a folder`);
      }
      const item = itemFromPhoto(photo, labels, `${photo.id}-face${k + 1}`, { box: face.crop, face: k });
      if (selected(item, selection) && items.length < limit) items.push(item);
    });
    options.onProgress?.({ task: STAGES.split, done: index + 1, total: split.photos.length, item: photo.file, status: resumed ? 'skipped' : 'ok' });
  }
  return { items, failed };
}
