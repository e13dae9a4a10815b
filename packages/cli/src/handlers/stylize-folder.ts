import { join } from 'node:path';
import {
  decodeImage,
  guardItem,
  ImageDecodeError,
  reasonOf,
  writeImageAtomic,
  type DetectedFace,
  type ProgressCallback,
  type RgbImage,
  type StylizedFace,
  type Stylizer,
} from '@geneava/core';
import type { FaceDetector, FaceDetectorFactory } from './face-detection.js';
import { listInputImages, outputPaths } from './stylize-inputs.js';

export type FileStatus = 'ok' | 'failed' | 'skipped';

/** What happened to one file of the input folder. */
export interface StylizedFileRecord {
  /** Relative to the input folder, forward slashes. */
  readonly file: string;
  readonly status: FileStatus;
  /** The avatar, relative to the output folder (status ok). */
  readonly output?: string;
  readonly outcome?: StylizedFace['outcome'];
  readonly facesStylized?: number;
  /** Faces the detection step found (absent when no detector ran). */
  readonly facesDetected?: number;
  readonly notes?: readonly string[];
  /** One line: why the file failed or was skipped. */
  readonly reason?: string;
  readonly ms?: number;
}

export interface StylizeSummary {
  /** Image files found (skipped files not counted). */
  readonly images: number;
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
  readonly outcomes: { readonly stylized: number; readonly 'no-face': number; readonly 'whole-image': number };
  readonly facesStylized: number;
  readonly seconds: number;
}

/**
 * Whether faces were detected for the stylizer: 'off' (not asked for), 'not-needed' (the stylizer styles
 * whole images), 'on', 'unavailable' (no detector could be created), 'not-run' (no image got that far).
 */
export type FaceDetectionState = 'off' | 'not-needed' | 'on' | 'unavailable' | 'not-run';

export interface StylizeFolderOptions {
  /** Name the stylizer goes by (progress task, failure prefix). */
  readonly name: string;
  readonly stylizer: Stylizer;
  readonly inputDir: string;
  readonly outDir: string;
  /** Face detection for face-based stylizers; absent: never detect. */
  readonly faceDetector?: FaceDetectorFactory;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface StylizeFolderResult {
  readonly summary: StylizeSummary;
  readonly faceDetection: FaceDetectionState;
  /** Every file, images and skipped ones, in path order. */
  readonly files: readonly StylizedFileRecord[];
}

type FaceHandling = 'unknown' | 'whole-image' | 'face-based';

/**
 * Stylizes every image below `inputDir` into `outDir/<relative path>.png`, one at a time. A file that
 * cannot be decoded, a face detection that throws, a stylizer that throws on an item and a write that
 * fails each fail that file only, with a one-line reason; the batch goes on. Avatars are written
 * atomically, so an interrupted run leaves complete files only.
 *
 * Faces: the first image is stylized without faces. A stylizer that answers 'whole-image' does not look
 * at faces, and none are ever detected for it. Any other answer marks a face-based stylizer: the face
 * detector is created, that image is stylized again with its faces, and every later image gets its faces
 * detected first.
 */
export async function stylizeFolder(options: StylizeFolderOptions): Promise<StylizeFolderResult> {
  const started = performance.now();
  const { name, stylizer, inputDir, outDir, onProgress, signal } = options;
  const listing = await listInputImages(inputDir, outDir);
  const targets = outputPaths(listing.images);
  const task = `stylize:${name}`;
  const total = listing.images.length;
  const records: StylizedFileRecord[] = listing.skipped.map(({ file, reason }) => ({ file, status: 'skipped', reason }));
  let handling = 'unknown' as FaceHandling;
  let detectorMissing = false;
  const detector = async (): Promise<FaceDetector | undefined> => {
    const found = await options.faceDetector?.();
    if (!found) detectorMissing = true;
    return found;
  };
  onProgress?.({ task, done: 0, total });

  for (const [index, file] of listing.images.entries()) {
    signal?.throwIfAborted();
    const itemStarted = performance.now();
    const failed = (reason: string): StylizedFileRecord => ({ file, status: 'failed', reason, ms: Math.round(performance.now() - itemStarted) });
    const stylize = (image: RgbImage, faces: readonly DetectedFace[] | undefined) =>
      guardItem(file, `stylizer "${name}"`, () => stylizer.stylize({ id: file, image, ...(faces ? { faces } : {}) }, signal ? { signal } : {}));
    const detect = async (image: RgbImage): Promise<{ faces?: DetectedFace[]; error?: string }> => {
      const find = handling === 'whole-image' || !options.faceDetector ? undefined : await detector();
      if (!find) return {};
      try {
        return { faces: await find(image) };
      } catch (error) {
        return { error: `face detection: ${reasonOf(error)}` };
      }
    };

    const record = await (async (): Promise<StylizedFileRecord> => {
      let image: RgbImage;
      try {
        image = await decodeImage(join(inputDir, file), { source: file });
      } catch (error) {
        return failed(error instanceof ImageDecodeError ? error.reason : reasonOf(error));
      }
      let faces: DetectedFace[] | undefined;
      if (handling === 'face-based') {
        const found = await detect(image);
        if (found.error) return failed(found.error);
        faces = found.faces;
      }
      let outcome = await stylize(image, faces);
      if (!outcome.ok) return failed(outcome.reason);
      if (handling === 'unknown') {
        handling = outcome.value.outcome === 'whole-image' ? 'whole-image' : 'face-based';
        if (handling === 'face-based') {
          const found = await detect(image);
          if (found.error) return failed(found.error);
          faces = found.faces;
          if (faces && faces.length > 0) {
            outcome = await stylize(image, faces);
            if (!outcome.ok) return failed(outcome.reason);
          }
        }
      }
      const result = outcome.value;
      const output = targets.get(file)!;
      try {
        await writeImageAtomic(join(outDir, output), result.image);
      } catch (error) {
        return failed(reasonOf(error));
      }
      return {
        file,
        status: 'ok',
        output,
        outcome: result.outcome,
        facesStylized: result.facesStylized,
        ...(faces ? { facesDetected: faces.length } : {}),
        ...(result.notes?.length ? { notes: result.notes } : {}),
        ms: Math.round(performance.now() - itemStarted),
      };
    })();
    records.push(record);
    onProgress?.({ task, done: index + 1, total, item: file, status: record.status === 'ok' ? 'ok' : 'failed', ...(record.reason ? { message: record.reason } : {}) });
  }

  records.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const ok = records.filter((r) => r.status === 'ok');
  const count = (outcome: StylizedFace['outcome']) => ok.filter((r) => r.outcome === outcome).length;
  const faceDetection: FaceDetectionState = !options.faceDetector
    ? 'off'
    : handling === 'whole-image'
      ? 'not-needed'
      : handling === 'unknown'
        ? 'not-run'
        : detectorMissing
          ? 'unavailable'
          : 'on';
  return {
    summary: {
      images: total,
      ok: ok.length,
      failed: records.filter((r) => r.status === 'failed').length,
      skipped: listing.skipped.length,
      outcomes: { stylized: count('stylized'), 'no-face': count('no-face'), 'whole-image': count('whole-image') },
      facesStylized: ok.reduce((sum, r) => sum + (r.facesStylized ?? 0), 0),
      seconds: Math.round(performance.now() - started) / 1000,
    },
    faceDetection,
    files: records,
  };
}
