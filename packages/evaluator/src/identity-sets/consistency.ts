import { expressionAgreement, type ExpressionLevel } from '@geneava/core/taxonomy';
import { cosineSimilarity } from '../metrics/vectors.js';
import { wilsonInterval, type ProportionInterval } from '../stats/proportion.js';
import { DEFAULT_SEED, mulberry32, randomIndex } from '../stats/random.js';
import { percentile } from '../stats/descriptive.js';

/** One image of an identity set as the face analyzer saw it (a real face or one stylizer's avatar). */
export interface IdentitySetFace {
  readonly id: string;
  readonly set: string;
  readonly role: 'anchor' | 'member';
  /** The expression the item asked for (members). */
  readonly expression: string;
  /** Identity embeddings by model; undefined: no face was found (a miss). */
  readonly identity?: Readonly<Record<string, Float32Array>>;
  /** The analyzer's expression class probabilities. */
  readonly probabilities?: Readonly<Record<string, number>>;
}

/** A mean with its 95% bootstrap interval (sets resampled with replacement) and how many pairs it averages. */
export interface MeanInterval {
  readonly mean: number;
  readonly ci95: readonly [number, number];
  readonly pairs: number;
}

/** Identity consistency under one identity model. */
export interface IdentityConsistency {
  readonly model: string;
  /** Cosine similarity of pairs of faces of the same set. */
  readonly within: MeanInterval;
  /** Cosine similarity of pairs of faces of different sets (undefined with fewer than two sets). */
  readonly across?: MeanInterval;
  /** within - across: how much more alike a set's faces are than faces of different identities. */
  readonly difference?: { readonly value: number; readonly ci95: readonly [number, number] };
  /** Each set's mean within-set similarity (NaN for a set with fewer than two faces). */
  readonly perSet: Readonly<Record<string, number>>;
}

export interface IdentitySetSummary {
  /** "real" for the generated faces, or a stylizer's name for its avatars. */
  readonly view: string;
  readonly sets: number;
  /** Faces analysed, and images where the analyzer found none. */
  readonly faces: number;
  readonly misses: number;
  readonly identity: readonly IdentityConsistency[];
  /** Members whose analyzer top class names their requested expression, with the Wilson interval. */
  readonly expression?: ProportionInterval & { readonly level: ExpressionLevel };
  /** Per set: members whose expression agreed, of those analysed. */
  readonly expressionPerSet: Readonly<Record<string, { readonly agree: number; readonly total: number }>>;
}

export interface ConsistencyOptions {
  /** Bootstrap resamples of the sets (default 2000). */
  readonly resamples?: number;
  readonly seed?: number;
}

/** Pair similarity sums: within a set (per set) and between two sets (per pair of sets), so resampled sets reuse them. */
function pairSums(sets: readonly (readonly Float32Array[])[], model: string) {
  const within = sets.map((faces) => {
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < faces.length; i++) for (let j = i + 1; j < faces.length; j++, pairs++) sum += cosineSimilarity(faces[i]!, faces[j]!, `identity[${model}]`);
    return { sum, pairs };
  });
  const across = sets.map((a, s) =>
    sets.map((b, t) => {
      if (t <= s) return { sum: 0, pairs: 0 };
      let sum = 0;
      for (const x of a) for (const y of b) sum += cosineSimilarity(x, y, `identity[${model}]`);
      return { sum, pairs: a.length * b.length };
    }),
  );
  const acrossOf = (s: number, t: number) => (s < t ? across[s]![t]! : across[t]![s]!);
  return { within, acrossOf };
}

function interval(values: number[]): readonly [number, number] {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? [Number.NaN, Number.NaN] : [percentile(finite, 2.5), percentile(finite, 97.5)];
}

/**
 * Identity consistency of sets under one model: the mean cosine similarity of all pairs within a set,
 * and of all pairs across sets, and their difference. Intervals come from a cluster bootstrap that
 * resamples whole sets (faces of one set are not independent), drawing a set twice pairs it with
 * itself for the within mean only.
 */
export function identityConsistency(model: string, faces: ReadonlyMap<string, readonly Float32Array[]>, options: ConsistencyOptions = {}): IdentityConsistency {
  const names = [...faces.keys()];
  const vectors = names.map((name) => faces.get(name)!);
  const { within, acrossOf } = pairSums(vectors, model);
  const measure = (chosen: readonly number[]) => {
    let withinSum = 0;
    let withinPairs = 0;
    let acrossSum = 0;
    let acrossPairs = 0;
    chosen.forEach((s, a) => {
      withinSum += within[s]!.sum;
      withinPairs += within[s]!.pairs;
      for (let b = a + 1; b < chosen.length; b++) {
        const t = chosen[b]!;
        if (t === s) continue;
        const pair = acrossOf(s, t);
        acrossSum += pair.sum;
        acrossPairs += pair.pairs;
      }
    });
    return { within: withinSum / withinPairs, across: acrossSum / acrossPairs, withinPairs, acrossPairs };
  };
  const all = measure(names.map((_, s) => s));
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const resampled = { within: [] as number[], across: [] as number[], difference: [] as number[] };
  const resamples = options.resamples ?? 2000;
  for (let r = 0; r < resamples && names.length > 1; r++) {
    const draw = measure(names.map(() => randomIndex(random, names.length)));
    resampled.within.push(draw.within);
    resampled.across.push(draw.across);
    resampled.difference.push(draw.within - draw.across);
  }
  const perSet = Object.fromEntries(names.map((name, s) => [name, within[s]!.pairs > 0 ? within[s]!.sum / within[s]!.pairs : Number.NaN]));
  return {
    model,
    within: { mean: all.within, ci95: names.length > 1 ? interval(resampled.within) : [Number.NaN, Number.NaN], pairs: all.withinPairs },
    ...(all.acrossPairs > 0
      ? {
          across: { mean: all.across, ci95: interval(resampled.across), pairs: all.acrossPairs },
          difference: { value: all.within - all.across, ci95: interval(resampled.difference) },
        }
      : {}),
    perSet,
  };
}

/** Identity consistency (every identity model) and expression accuracy (members) of the faces of one view. */
export function summarizeIdentitySets(view: string, faces: readonly IdentitySetFace[], options: ConsistencyOptions = {}): IdentitySetSummary {
  const found = faces.filter((face) => face.identity !== undefined);
  const models = [...new Set(found.flatMap((face) => Object.keys(face.identity!)))].sort();
  const identity = models.map((model) => {
    const bySet = new Map<string, Float32Array[]>();
    for (const face of found) {
      const vector = face.identity![model];
      if (!vector) continue;
      const list = bySet.get(face.set) ?? [];
      list.push(vector);
      bySet.set(face.set, list);
    }
    return identityConsistency(model, bySet, options);
  });
  let agree = 0;
  let total = 0;
  let level: ExpressionLevel | undefined;
  const expressionPerSet: Record<string, { agree: number; total: number }> = {};
  for (const face of found) {
    if (face.role !== 'member' || !face.probabilities) continue;
    const verdict = expressionAgreement(face.probabilities, face.expression);
    if (!verdict) continue;
    level ??= verdict.level;
    const entry = (expressionPerSet[face.set] ??= { agree: 0, total: 0 });
    entry.total++;
    total++;
    if (verdict.agree) {
      entry.agree++;
      agree++;
    }
  }
  return {
    view,
    sets: new Set(faces.map((face) => face.set)).size,
    faces: found.length,
    misses: faces.length - found.length,
    identity,
    ...(level !== undefined ? { expression: { ...wilsonInterval(agree, total), level } } : {}),
    expressionPerSet,
  };
}
