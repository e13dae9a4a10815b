import { join } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import { guardItem } from '@geneava/core/plugins';
import type { Evaluator, PairEvaluation, RgbImage, RunOptions } from '@geneava/core/contracts';
import type { FacePlacement } from '@geneava/core/dataset-format';
import type { ItemLabels } from './labels.js';
import type { ImagePair } from './pair-files.js';

export interface PairJob extends ImagePair {
  readonly labels: ItemLabels;
}

interface OutcomeBase {
  readonly id: string;
  /** Relative paths inside the real and avatar folders. */
  readonly real: string;
  readonly avatar: string;
  readonly labels: ItemLabels;
  /** Wall time for decoding and scoring the pair. */
  readonly ms: number;
}

export type PairOutcome =
  | (OutcomeBase & { readonly status: 'ok'; readonly evaluation: PairEvaluation })
  | (OutcomeBase & { readonly status: 'failed'; readonly reason: string });

export interface EvaluatePairsOptions extends RunOptions {
  readonly realDir: string;
  readonly avatarDir: string;
  /**
   * Where the stylizer put each face, by avatar path (readPlacements): the pair is scored on those real
   * faces through those transforms, as `compare` and `run` score it.
   */
  readonly placements?: ReadonlyMap<string, FacePlacement>;
  /** Largest accepted width x height per image (decodeImage's default when absent). */
  readonly maxPixels?: number;
  /** Task name in progress events (default "evaluate"). */
  readonly task?: string;
}

/**
 * Decodes and scores each pair in turn. A bad file or a throwing evaluator fails that pair only, with
 * a one-line reason naming the file or the evaluator; the batch goes on. Progress: one event per pair.
 */
export async function evaluatePairs(jobs: readonly PairJob[], evaluator: Evaluator, options: EvaluatePairsOptions): Promise<PairOutcome[]> {
  const task = options.task ?? 'evaluate';
  const outcomes: PairOutcome[] = [];
  options.onProgress?.({ task, done: 0, total: jobs.length });
  for (const job of jobs) {
    options.signal?.throwIfAborted();
    const started = performance.now();
    const base = { id: job.id, real: job.real, avatar: job.avatar, labels: job.labels };
    const decoded = await guardItem(job.id, 'decode', () =>
      Promise.all([decode(join(options.realDir, job.real), options.maxPixels), decode(join(options.avatarDir, job.avatar), options.maxPixels)]),
    );
    let outcome: PairOutcome;
    if (!decoded.ok) {
      outcome = { ...base, status: 'failed', reason: decoded.reason, ms: performance.now() - started };
    } else {
      const [realImage, avatarImage] = decoded.value;
      // Without a placement, each face is expected where the real frame scaled to the avatar's size puts
      // it (the evaluator's documented default).
      const placement = options.placements?.get(job.avatar);
      const given = placement && placement.faces.length > 0 ? placement : undefined;
      const scored = await guardItem(job.id, `evaluator ${evaluator.info.id}`, () =>
        evaluator.evaluatePair(
          { id: job.id, image: realImage, ...(given ? { faces: given.faces } : {}) },
          { id: job.id, image: avatarImage },
          given?.faceTransforms ? { faceTransforms: given.faceTransforms } : {},
          { signal: options.signal },
        ),
      );
      outcome = scored.ok
        ? { ...base, status: 'ok', evaluation: scored.value, ms: performance.now() - started }
        : { ...base, status: 'failed', reason: scored.reason, ms: performance.now() - started };
    }
    outcomes.push(outcome);
    options.onProgress?.({
      task,
      done: outcomes.length,
      total: jobs.length,
      item: job.id,
      status: outcome.status,
      ...(outcome.status === 'failed' ? { message: outcome.reason } : {}),
    });
  }
  return outcomes;
}

function decode(path: string, maxPixels: number | undefined): Promise<RgbImage> {
  return decodeImage(path, maxPixels === undefined ? {} : { maxPixels });
}
