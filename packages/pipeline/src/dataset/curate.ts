import type { MetricRecord } from '@geneava/core/contracts';
import type { FilterOutcome, ItemStatus, MemorizationResult } from '@geneava/core/dataset-format';

/**
 * The pair metrics curation reads. They are the preservation evaluator's stable metric names; any
 * evaluator that reports these names is curated the same way.
 */
export const CURATED_METRICS = {
  identityCosine: 'identity.cosine',
  expressionTop1Agree: 'expression.top1_agree',
  expressionProbCosine: 'expression.prob_cosine',
  redetected: 'detection.redetected',
} as const;

export interface CurationSettings {
  /** Smallest identity.cosine per identity model. */
  readonly identityMinCosine: Readonly<Record<string, number>>;
  readonly expressionMinTop1Agree?: number;
  readonly expressionMinProbCosine?: number;
  /** Drop avatars on which the face was not found again (detection.redetected 0). */
  readonly requireRedetection: boolean;
  /** Largest similarity of the real face to any reference face (memorization). */
  readonly memorizationMaxSimilarity?: number;
  /** Keep an item when all its avatars pass, or when any one does. */
  readonly keepWhen: 'all' | 'any';
}

export interface AvatarVerdict {
  readonly kept: boolean;
  readonly reasons: readonly string[];
}

export interface ItemVerdict {
  readonly status: ItemStatus;
  /** Every reason the item was dropped or failed, each prefixed with what said so ("filter: ...", "classic: ..."). */
  readonly reasons: readonly string[];
}

/** What curation decides an item on. */
export interface CurationInput {
  /** Stage failures (a plugin threw), already prefixed with the stage. */
  readonly failures: readonly string[];
  readonly filter?: FilterOutcome;
  readonly memorization?: MemorizationResult;
  /** The exclusion list that names the item, when one does. */
  readonly excludedBy?: string;
  /** Verdicts of the avatars that were evaluated, by stylizer. */
  readonly avatars: Readonly<Record<string, AvatarVerdict>>;
}

const show = (value: number) => String(Math.round(value * 1000) / 1000);

function metricName(metric: string, model: string | undefined): string {
  return model ? `${metric}[${model}]` : metric;
}

/** Checks one avatar's pair metrics against the thresholds; every failed threshold is a reason. */
export function curateAvatar(metrics: readonly MetricRecord[], settings: CurationSettings): AvatarVerdict {
  const reasons: string[] = [];
  const find = (metric: string, model?: string) => metrics.find((m) => m.metric === metric && (model === undefined || m.model === model));
  const redetected = find(CURATED_METRICS.redetected);
  if (settings.requireRedetection && redetected && redetected.value === 0) reasons.push('the face was not found again on the avatar');
  const atLeast = (metric: string, model: string | undefined, min: number | undefined) => {
    if (min === undefined) return;
    const record = find(metric, model);
    const name = metricName(metric, model);
    if (!record) reasons.push(`${name} not measured`);
    else if (!(record.value >= min)) reasons.push(`${name} ${show(record.value)} < ${min}`);
  };
  for (const [model, min] of Object.entries(settings.identityMinCosine)) atLeast(CURATED_METRICS.identityCosine, model, min);
  atLeast(CURATED_METRICS.expressionTop1Agree, undefined, settings.expressionMinTop1Agree);
  atLeast(CURATED_METRICS.expressionProbCosine, undefined, settings.expressionMinProbCosine);
  return { kept: reasons.length === 0, reasons };
}

/**
 * Decides an item: failed when a stage failed (a rerun retries it); dropped by the filter, by an
 * exclusion list or the memorization screen, or when its avatars fail the thresholds (all must pass with keepWhen 'all', one
 * with 'any'); kept otherwise. Items without a stylizer's verdict (not stylized because dropped
 * earlier) are decided by what came first.
 */
export function curateItem(input: CurationInput, settings: CurationSettings): ItemVerdict {
  if (input.failures.length > 0) return { status: 'failed', reasons: [...input.failures] };
  if (input.filter && !input.filter.passed) return { status: 'dropped', reasons: [`filter: ${input.filter.reason}`] };
  if (input.excludedBy !== undefined) return { status: 'dropped', reasons: [`memorization: listed in ${input.excludedBy}`] };
  const memo = input.memorization;
  if (memo && settings.memorizationMaxSimilarity !== undefined && memo.similarity > settings.memorizationMaxSimilarity) {
    return {
      status: 'dropped',
      reasons: [`memorization: ${memo.reference}/${memo.nearest} has ${memo.model} similarity ${show(memo.similarity)} > ${settings.memorizationMaxSimilarity}`],
    };
  }
  const verdicts = Object.entries(input.avatars);
  const failing = verdicts.filter(([, verdict]) => !verdict.kept);
  const kept = settings.keepWhen === 'all' ? failing.length === 0 : failing.length < verdicts.length || verdicts.length === 0;
  if (kept) return { status: 'kept', reasons: [] };
  return { status: 'dropped', reasons: failing.flatMap(([stylizer, verdict]) => verdict.reasons.map((reason) => `${stylizer}: ${reason}`)) };
}
