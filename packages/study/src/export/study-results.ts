import type { Agreement } from '../stats/fleiss-kappa.js';
import type { Rate } from '../stats/wilson.js';
import type { QuestionId } from '../study-files.js';

/** An approval rate: over everything (stylizer and group null), one stylizer, one group, or both. */
export interface RateRow extends Rate {
  readonly question: QuestionId;
  /** Stylizer name; null: all stylizers together. */
  readonly stylizer: string | null;
  /** "family", "gender", "race" or "ageGroup"; null: no breakdown. */
  readonly groupKey: string | null;
  readonly groupValue: string | null;
}

export interface AgreementRow extends Agreement {
  readonly question: QuestionId;
}

/** How people's approval of a pair (its share of yes) goes with an automatic metric of the pair. */
export interface CorrelationRow {
  readonly question: QuestionId;
  readonly metric: string;
  /** Pairs with both a rating and the metric. */
  readonly n: number;
  readonly pearson: number;
  readonly spearman: number;
}

/** The identity threshold on one model's cosine that best reproduces people's majority verdicts. */
export interface ThresholdRow {
  readonly metric: string;
  readonly threshold: number;
  readonly agreement: number;
  /** Pairs with a majority verdict (ties left out) and the metric. */
  readonly n: number;
  /** Of those, judged the same person and not. With none of either, the threshold is only a bound. */
  readonly same: number;
  readonly different: number;
}

/** An automatic metric's mean over one stylizer's rated pairs: the machine's view of the same sample. */
export interface MetricMeanRow {
  readonly stylizer: string;
  readonly metric: string;
  readonly n: number;
  readonly mean: number;
}

/** People's verdicts on one rated pair, from the valid tasks only. */
export interface PairResult {
  readonly pair: string;
  readonly item: string;
  readonly stylizer: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Per question: yes count and ratings. */
  readonly votes: Readonly<Partial<Record<QuestionId, { readonly yes: number; readonly n: number }>>>;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface StudyResults {
  readonly format: 'geneava-study-results';
  readonly version: 1;
  readonly questions: readonly QuestionId[];
  readonly stylizers: readonly string[];
  readonly counts: {
    readonly tasks: number;
    /** Rated pairs (attention checks not counted). */
    readonly pairs: number;
    readonly raters: number;
    /** Tasks raters finished. */
    readonly completed: number;
    /** Finished tasks whose attention check was answered "same identity": discarded. */
    readonly failedAttention: number;
    /** Tasks started and not finished: not counted. */
    readonly incomplete: number;
    /** Finished tasks that passed the check: the ones every number below comes from. */
    readonly valid: number;
    /** Answers (one per question per pair) in the valid tasks, attention checks not counted. */
    readonly ratings: number;
  };
  readonly rates: readonly RateRow[];
  readonly agreement: readonly AgreementRow[];
  readonly correlations: readonly CorrelationRow[];
  readonly thresholds: readonly ThresholdRow[];
  /** Per stylizer, each automatic metric's mean over the pairs people rated (those with a valid rating). */
  readonly metricMeans: readonly MetricMeanRow[];
  readonly pairs: readonly PairResult[];
}
