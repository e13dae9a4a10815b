import { facesForStylizer, faceTransformOf, faceTransformsProblem, transformFace } from '@geneava/core/geometry';
import { callStylizer, guardItem } from '@geneava/core/plugins';
import type { Box, DetectedFace, Evaluator, RgbImage, RunOptions, StylizedFace, Stylizer } from '@geneava/core/contracts';
import { largestFaceIndex } from '../metrics/face-selection.js';
import type { ComparisonPair, SkippedItem } from './types.js';

/** A photo to compare on; loaded when its turn comes, so a batch never holds more than one. */
export interface ComparisonSubject {
  readonly id: string;
  load(): Promise<RgbImage>;
}

export interface NamedStylizer {
  /** ComparedStylizer.name: unique within the comparison. */
  readonly name: string;
  readonly stylizer: Stylizer;
}

export interface RunComparisonOptions extends RunOptions {
  readonly stylizers: readonly NamedStylizer[];
  readonly evaluator: Evaluator;
  /** Finds a photo's faces, once per photo; every stylizer and the evaluator get the same faces. */
  readonly detectFaces: (image: RgbImage) => Promise<readonly DetectedFace[]>;
  /** Receives each avatar before it is scored (e.g. to save it); a throw fails that pair at stage 'save'. */
  readonly onAvatar?: (stylizer: string, id: string, avatar: StylizedFace) => Promise<void>;
  /** Progress task name (default "compare"). */
  readonly task?: string;
}

export interface ComparisonRun {
  readonly pairs: ComparisonPair[];
  readonly skipped: SkippedItem[];
  /** Box of the largest face of each compared photo (the one the evaluator scores), for thumbnails. */
  readonly faceBoxes: Record<string, Box>;
  /**
   * Where that face went on each avatar, by stylizer then item (the stylizer's transform applied to its
   * box; absent when the stylizer says it is not in the output), for thumbnails.
   */
  readonly avatarFaceBoxes: Record<string, Record<string, Box>>;
}

/**
 * Runs every stylizer on every photo and scores each (real, avatar) pair. A photo is loaded and its
 * faces detected once; every stylizer and the evaluator get the same faces (facesForStylizer, as
 * `stylize` and `run` give them), and every pair is scored by the same procedure, the evaluator told
 * only where the stylizer put each face (StylizedFace.faceTransforms). A photo that cannot be read or shows no face is skipped for all stylizers (it
 * says nothing about any of them). A stylizer, save or scoring failure fails that pair only, with a
 * one-line reason; the batch goes on. Progress: one event per photo.
 */
export async function runComparison(subjects: readonly ComparisonSubject[], options: RunComparisonOptions): Promise<ComparisonRun> {
  const task = options.task ?? 'compare';
  const { signal } = options;
  const pairs: ComparisonPair[] = [];
  const skipped: SkippedItem[] = [];
  const faceBoxes: Record<string, Box> = {};
  const avatarFaceBoxes: Record<string, Record<string, Box>> = Object.fromEntries(options.stylizers.map(({ name }) => [name, {}]));
  options.onProgress?.({ task, done: 0, total: subjects.length });
  for (const [index, subject] of subjects.entries()) {
    signal?.throwIfAborted();
    const problems = await compareOne(subject, options, { pairs, skipped, faceBoxes, avatarFaceBoxes });
    options.onProgress?.({
      task,
      done: index + 1,
      total: subjects.length,
      item: subject.id,
      status: problems.length === 0 ? 'ok' : 'failed',
      ...(problems.length === 0 ? {} : { message: problems.join('; ') }),
    });
  }
  return { pairs, skipped, faceBoxes, avatarFaceBoxes };
}

/** Compares one photo; returns its problems as one-line messages (none when every pair was scored). */
async function compareOne(subject: ComparisonSubject, options: RunComparisonOptions, { pairs, skipped, faceBoxes, avatarFaceBoxes }: ComparisonRun): Promise<string[]> {
  const { id } = subject;
  const signal = options.signal;
  const loaded = await guardItem(id, 'decode', () => subject.load());
  if (!loaded.ok) return skip(skipped, id, loaded.reason);
  const image = loaded.value;
  const detected = await guardItem(id, 'face detection', () => options.detectFaces(image));
  if (!detected.ok) return skip(skipped, id, detected.reason);
  // The same faces, in the same form, as `stylize` and `run` give: one stylizer makes one avatar.
  const faces = facesForStylizer(detected.value);
  if (faces.length === 0) return skip(skipped, id, 'no face found in the photo');
  const largest = largestFaceIndex(faces);
  faceBoxes[id] = faces[largest]!.box;

  const problems: string[] = [];
  const fail = (stylizer: string, stage: 'stylize' | 'save' | 'evaluate', reason: string, times: { stylizeMs?: number; evaluateMs?: number }) => {
    pairs.push({ id, stylizer, status: 'failed', stage, reason, ...times });
    problems.push(`${stylizer}: ${reason}`);
  };
  for (const { name, stylizer } of options.stylizers) {
    signal?.throwIfAborted();
    // Its own copy of the photo and the faces, and whatever it returns fails its own pair only.
    const stylized = await guardItem(id, `stylizer "${name}"`, () => callStylizer(stylizer, { id, image, faces }, signal ? { signal } : {}));
    const stylizeMs = round(stylized.ms);
    if (!stylized.ok) {
      fail(name, 'stylize', stylized.reason, { stylizeMs });
      continue;
    }
    const avatar = stylized.value;
    const transformProblem = faceTransformsProblem(avatar.faceTransforms, faces.length);
    if (transformProblem) {
      fail(name, 'stylize', `stylizer "${name}": ${transformProblem}`, { stylizeMs });
      continue;
    }
    const toAvatar = faceTransformOf(avatar.faceTransforms, largest, image, avatar.image);
    if (toAvatar) avatarFaceBoxes[name]![id] = transformFace(faces[largest]!, toAvatar).box;
    if (options.onAvatar) {
      const saved = await guardItem(id, 'save', () => options.onAvatar!(name, id, avatar));
      if (!saved.ok) {
        fail(name, 'save', saved.reason, { stylizeMs });
        continue;
      }
    }
    const scored = await guardItem(id, `evaluator ${options.evaluator.info.id}`, () =>
      options.evaluator.evaluatePair(
        { id, image, faces },
        { id, image: avatar.image },
        // One protocol for every stylizer: only where it says each face went differs.
        avatar.faceTransforms ? { faceTransforms: avatar.faceTransforms } : {},
        signal ? { signal } : {},
      ),
    );
    const evaluateMs = round(scored.ms);
    if (!scored.ok) {
      fail(name, 'evaluate', scored.reason, { stylizeMs, evaluateMs });
      continue;
    }
    const notes = [...(avatar.notes ?? []), ...(scored.value.notes ?? [])];
    pairs.push({
      id,
      stylizer: name,
      status: 'ok',
      metrics: scored.value.metrics,
      outcome: avatar.outcome,
      stylizeMs,
      evaluateMs,
      ...(notes.length > 0 ? { notes } : {}),
    });
  }
  return problems;
}

function skip(skipped: SkippedItem[], id: string, reason: string): string[] {
  skipped.push({ id, reason });
  return [reason];
}

/** Milliseconds to 0.1 ms: finer digits are timer noise and only bloat the records. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
