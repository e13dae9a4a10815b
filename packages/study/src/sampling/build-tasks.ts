import type { Candidate } from '../source/candidates.js';
import { seededRandom, shuffled } from './random.js';

export type PlannedPair =
  | { readonly kind: 'rated'; readonly candidate: Candidate }
  /** The photo of one person beside the avatar of another: an attentive rater says the identity differs. */
  | { readonly kind: 'attention'; readonly real: Candidate; readonly avatar: Candidate };

export interface PlannedTask {
  readonly pairs: readonly PlannedPair[];
}

export interface BuildTasksOptions {
  /** Pairs shown per task, the attention check included (the paper: 15). */
  readonly pairsPerTask: number;
  readonly seed: number;
}

const CONTRAST_KEYS = ['gender', 'race', 'ageGroup'] as const;

/** How many demographic labels two candidates differ in (unknown labels count as no difference). */
function contrast(a: Candidate, b: Candidate): number {
  let count = 0;
  for (const key of CONTRAST_KEYS) {
    const left = a.labels[key];
    const right = b.labels[key];
    if (left !== undefined && right !== undefined && left !== right) count++;
  }
  return count;
}

/**
 * An attention check: a random photo, and the avatar of the person least like them (most demographic
 * labels different, e.g. another gender and race) among the other items, ties broken at random.
 */
function attentionPair(pool: readonly Candidate[], random: () => number): PlannedPair {
  const real = pool[Math.floor(random() * pool.length)]!;
  let best: Candidate[] = [];
  let bestScore = -1;
  for (const other of pool) {
    if (other.item === real.item) continue;
    const score = contrast(real, other);
    if (score > bestScore) [best, bestScore] = [[other], score];
    else if (score === bestScore) best.push(other);
  }
  return { kind: 'attention', real, avatar: best[Math.floor(random() * best.length)]! };
}

/**
 * Deals the rated pairs into tasks of pairsPerTask − 1 in a seeded order, keeping two avatars of one face
 * out of the same task where the pairs allow, and puts one attention check at a random place in each.
 * Needs candidates of at least two different items (the check shows two people).
 */
export function buildTasks(rated: readonly Candidate[], pool: readonly Candidate[], options: BuildTasksOptions): PlannedTask[] {
  if (new Set(pool.map((candidate) => candidate.item)).size < 2) throw new Error('an attention check needs faces of at least two different people');
  const random = seededRandom(options.seed ^ 0x5bd1e995);
  const perTask = options.pairsPerTask - 1;
  const queue = shuffled(rated, random);
  const tasks: PlannedTask[] = [];
  while (queue.length > 0) {
    const chosen: Candidate[] = [];
    const items = new Set<string>();
    for (let index = 0; index < queue.length && chosen.length < perTask; ) {
      const candidate = queue[index]!;
      if (items.has(candidate.item)) {
        index++;
        continue;
      }
      chosen.push(candidate);
      items.add(candidate.item);
      queue.splice(index, 1);
    }
    // Only repeats of one face are left: take them anyway rather than drop them.
    while (chosen.length < perTask && queue.length > 0) chosen.push(queue.shift()!);
    const pairs: PlannedPair[] = chosen.map((candidate) => ({ kind: 'rated', candidate }));
    pairs.splice(Math.floor(random() * (pairs.length + 1)), 0, attentionPair(pool, random));
    tasks.push({ pairs });
  }
  return tasks;
}
