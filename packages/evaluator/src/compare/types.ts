/**
 * The plain data a comparison is built from and the model it produces. Everything here is JSON: no
 * class instances, no Maps, so callers can store the input, rebuild the model later, and hand the model
 * to the HTML renderer or to their own tooling. `geneava compare` builds it by running stylizers; a
 * dataset build can build the same input from its own (real, avatar) records.
 */
import type { MetricRecord, StylizedFace } from '@geneava/core/contracts';
import type { UnsharedItem } from './shared-items.js';

/** A stylizer taking part, as the report names and describes it. */
export interface ComparedStylizer {
  /** Unique name in this comparison: table rows, chart labels, avatar folder, keys of pair records. */
  readonly name: string;
  /** The stylizer's own id (StylizerInfo.id), when it differs from `name` or for the record. */
  readonly id?: string;
  readonly style?: string;
  readonly version?: string;
  /** What the stylizer declares (StylizerInfo.geometryPreserving); shown, never used to measure it. */
  readonly geometryPreserving?: boolean;
}

interface PairBase {
  /** The item (real photo) id, the same for every stylizer: pairs of two stylizers are matched on it. */
  readonly id: string;
  /** ComparedStylizer.name of the stylizer that made the avatar. */
  readonly stylizer: string;
  /** Wall time of the stylize call for this image, in milliseconds (absent when it never ran). */
  readonly stylizeMs?: number;
  /** Wall time of scoring the pair, in milliseconds. */
  readonly evaluateMs?: number;
}

/** A scored (real, avatar) pair: the evaluator's metric records (PreservationEvaluator's names). */
export interface ScoredPair extends PairBase {
  readonly status: 'ok';
  readonly metrics: readonly MetricRecord[];
  readonly outcome?: StylizedFace['outcome'];
  readonly notes?: readonly string[];
}

/** A pair that could not be scored, and the step that failed. */
export interface FailedPair extends PairBase {
  readonly status: 'failed';
  readonly stage: 'stylize' | 'save' | 'evaluate';
  /** One line. */
  readonly reason: string;
}

export type ComparisonPair = ScoredPair | FailedPair;

/** An input no stylizer ran on (unreadable photo, no face in it), so it is in no pair. */
export interface SkippedItem {
  readonly id: string;
  readonly reason: string;
}

/**
 * Small images for the report's grids, as data: URIs (see thumbnailDataUri): the real photo by item id,
 * and each stylizer's avatar by stylizer name then item id. Any may be missing; the grid then shows a
 * placeholder. Only data:image/(png|jpeg|webp);base64 URIs are used, anything else is ignored.
 */
export interface ReportThumbnails {
  readonly real: Readonly<Record<string, string>>;
  readonly avatars: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Labels of one item, e.g. { expression: 'glee', gender: 'female', race: 'white', ageGroup: '30s' }. */
export type ItemLabelSet = Readonly<Record<string, string>>;

export interface ComparisonInput {
  /** In the order the user gave them; that order breaks ranking ties and orders pairwise tests. */
  readonly stylizers: readonly ComparedStylizer[];
  /** At most one pair per (id, stylizer). */
  readonly pairs: readonly ComparisonPair[];
  /**
   * Labels by item id. An expression label adds its family (core's taxonomy) under "family" unless the
   * labels carry one; breakdowns use the keys in ComparisonOptions.groupKeys.
   */
  readonly labels?: Readonly<Record<string, ItemLabelSet>>;
  readonly skipped?: readonly SkippedItem[];
  readonly thumbnails?: ReportThumbnails;
  /** Report title (default "Stylizer comparison"). */
  readonly title?: string;
  /** ISO time shown in the report; absent, none is shown (keeps the model reproducible). */
  readonly generatedAt?: string;
  /** Facts listed in the report header: input folder, analyzer, thresholds... */
  readonly context?: Readonly<Record<string, string | number | boolean>>;
}

export interface ComparisonOptions {
  /** Bootstrap resamples per interval (default 10,000). */
  readonly resamples?: number;
  /** Base seed: each interval and test derives its own seed from it and its name (default DEFAULT_SEED). */
  readonly seed?: number;
  /** Label keys to break the headline metrics down by (default family, gender, race, ageGroup). */
  readonly groupKeys?: readonly string[];
  /** Worst cases kept per stylizer (default 4). */
  readonly worstCases?: number;
  /** Items in the report's sample grid, spread evenly over the compared items (default 8). */
  readonly galleryItems?: number;
  /** Identity model whose cosine ranks and picks worst cases (default mobileface when present, else the first seen). */
  readonly primaryIdentityModel?: string;
}

/** A column of the comparison: one metric (and model), with how to read it. */
export interface ComparisonMetric {
  /** "identity.cosine[mobileface]", or the metric name when it has no model. */
  readonly key: string;
  readonly metric: string;
  readonly model?: string;
  readonly label: string;
  /** A few characters for narrow places (terminal tables, chart rows). */
  readonly shortLabel: string;
  readonly higherIsBetter: boolean;
  /** 'rate': a share in [0, 1]; 'cosine': in [-1, 1]; 'open': any non-negative number (distances, ms). */
  readonly scale: 'rate' | 'cosine' | 'open';
  /** Counts towards the rank (the mean rank over ranked metrics orders the leaderboard). */
  readonly ranked: boolean;
  /** Shown in the leaderboard, charts and breakdowns (others are in the JSON, CSV and the full table). */
  readonly headline: boolean;
}

/** A mean with its 95% interval over n values. */
export interface MetricSummary {
  readonly n: number;
  readonly mean: number;
  readonly ci95: readonly [number, number];
  /** 'wilson': score interval of a rate (0/1 values); 'bootstrap': seeded percentile bootstrap. */
  readonly interval: 'wilson' | 'bootstrap';
  /** 1 = best among the stylizers on this metric (ties share the mean rank); ranked metrics only. */
  readonly rank?: number;
}

export interface LeaderboardRow {
  /** Row position, 1 = first (not-stylized rows come after every ranked one; read rankInterval for the rank). */
  readonly rank: number;
  /**
   * Bootstrap 95% interval of the place ([best, worst], 1 = first), for ranked rows only: [1, 2] means
   * the data do not settle whether this stylizer is first or second. Absent: not ranked.
   */
  readonly rankInterval?: readonly [number, number];
  readonly stylizer: string;
  /**
   * false: its median stylization strength is below the minimum (settings.minStylizationStrength), so it is
   * "not stylized" and not ranked. Absent when no strength was measured.
   */
  readonly stylized?: boolean;
  /** Mean of the per-metric ranks over the ranked metrics (1 = best on every one); NaN when none has data. */
  readonly score: number;
  /** Items the stylizer was run on. */
  readonly attempted: number;
  readonly ok: number;
  readonly failed: number;
  /** By ComparisonMetric.key; a metric the stylizer has no value for is absent. */
  readonly metrics: Readonly<Record<string, MetricSummary>>;
}

/** One paired comparison of two stylizers on one metric, over the items both have a value for. */
export interface PairwiseTest {
  readonly a: string;
  readonly b: string;
  /** ComparisonMetric.key. */
  readonly metric: string;
  /** Items in the test (both stylizers measured on them). */
  readonly n: number;
  /** Mean of (a − b) over those items. */
  readonly meanDiff: number;
  /**
   * 95% interval of the mean difference: Newcombe's paired score interval when both sides are rates (0/1
   * outcomes), else the paired percentile bootstrap (items resampled as pairs).
   */
  readonly ci95: readonly [number, number];
  /** Which interval ci95 is. */
  readonly interval: 'newcombe' | 'bootstrap';
  /** Two-sided paired sign-flip permutation p (exact up to 16 items, Monte Carlo beyond); 1 with no items. */
  readonly pPermutation: number;
  readonly permutationMethod: 'exact' | 'monte-carlo';
  /** Two-sided Wilcoxon signed-rank p; 1 when every difference is zero or there are no items. */
  readonly pWilcoxon: number;
  /**
   * pPermutation adjusted by Holm over every p-value the comparison reports: both tests of every pair of
   * stylizers on every metric (settings.multipleTesting.tests of them).
   */
  readonly pHolm: number;
  /** pWilcoxon adjusted in that same Holm family. */
  readonly pWilcoxonHolm: number;
  /**
   * The better stylizer when the evidence agrees: the interval excludes 0 and pHolm < 0.05 (percentile
   * intervals of a handful of items are too narrow to go by alone; with 5 items or fewer no sign-flip
   * test can reach 0.05). Otherwise null.
   */
  readonly better: string | null;
}

/** A headline metric of one stylizer over the items of one label value. */
export interface BreakdownRow {
  /** Label key, e.g. "family". */
  readonly key: string;
  readonly value: string;
  readonly stylizer: string;
  /** ComparisonMetric.key. */
  readonly metric: string;
  readonly n: number;
  readonly mean: number;
  readonly ci95: readonly [number, number];
  readonly interval: MetricSummary['interval'];
}

/** How far one stylizer's avatars depart from the photos (stylization.strength), per stylizer and per item. */
export interface StylizerStrength {
  readonly stylizer: string;
  /** Items with a strength value. */
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly ci95: readonly [number, number];
  /** median >= settings.minStylizationStrength (most faces changed; see isStylized). */
  readonly stylized: boolean;
  /** Strength by item id. */
  readonly items: Readonly<Record<string, number>>;
}

/** One stylizer's result on one item, for the image grids. */
export interface GalleryCell {
  readonly stylizer: string;
  /** 'missing': the stylizer has no pair for this item. */
  readonly status: 'ok' | 'failed' | 'missing';
  /** Primary identity cosine (absent when not measured, e.g. no face found on the avatar). */
  readonly identity?: number;
  /** Expression top-1 agreement (1 or 0). */
  readonly expressionAgree?: number;
  /** Whether the face was found again on the avatar (1 or 0). */
  readonly redetected?: number;
  readonly reason?: string;
}

export interface GalleryRow {
  readonly id: string;
  readonly labels: ItemLabelSet;
  /** One per stylizer, in stylizer order. */
  readonly cells: readonly GalleryCell[];
}

/** A stylizer's worst items: lowest primary identity cosine, avatars where no face was found first. */
export interface WorstCases {
  readonly stylizer: string;
  /** The metric key they are ordered by. */
  readonly metric: string;
  readonly rows: readonly GalleryRow[];
}

export interface PairFailure {
  readonly id: string;
  readonly stylizer: string;
  readonly stage: FailedPair['stage'];
  readonly reason: string;
}

export interface ComparisonModel {
  readonly title: string;
  readonly generatedAt?: string;
  readonly context: Readonly<Record<string, string | number | boolean>>;
  readonly settings: {
    readonly resamples: number;
    readonly seed: number;
    readonly confidence: number;
    readonly groupKeys: readonly string[];
    readonly primaryIdentityModel?: string;
    /** Keys of the ranked metrics. */
    readonly rankedBy: readonly string[];
    /** Below this median stylization strength a stylizer is "not stylized" and not ranked. */
    readonly minStylizationStrength: number;
    /** Resamples of the rank intervals. */
    readonly rankResamples: number;
    /** The one family every reported p-value is adjusted in. */
    readonly multipleTesting: { readonly method: 'holm'; readonly tests: number };
  };
  readonly stylizers: readonly ComparedStylizer[];
  readonly counts: {
    /** Distinct items: in any pair or skipped. */
    readonly items: number;
    /** Items with at least one scored pair. */
    readonly compared: number;
    readonly skipped: number;
    readonly pairs: number;
    readonly failedPairs: number;
    /**
     * Items every stylizer was scored on (a missed face counts as scored): the items every summary is
     * computed on, except the success rate and the time per image (every item run).
     */
    readonly shared: number;
  };
  /** Items left out of the summaries because some stylizers have no scored pair for them, and which. */
  readonly unshared: readonly UnsharedItem[];
  readonly metrics: readonly ComparisonMetric[];
  /** In rank order. */
  readonly leaderboard: readonly LeaderboardRow[];
  readonly pairwise: readonly PairwiseTest[];
  /** Stylizers with any strength value, in stylizer order. */
  readonly strength: readonly StylizerStrength[];
  /**
   * The strength-versus-preservation front among stylized stylizers (absent without strength or a
   * primary identity model): the preservation metric's key, and the names on the front by strength.
   */
  readonly pareto?: { readonly preservation: string; readonly front: readonly string[] };
  readonly breakdowns: readonly BreakdownRow[];
  readonly gallery: readonly GalleryRow[];
  readonly worstCases: readonly WorstCases[];
  readonly failures: readonly PairFailure[];
  readonly skipped: readonly SkippedItem[];
  readonly thumbnails?: ReportThumbnails;
}
