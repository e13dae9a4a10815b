/** One number an evaluator measured, with enough context to aggregate and explain it. */
export interface MetricRecord {
  /** Stable metric name, e.g. "identity.cosine", "expression.top1_agree". */
  readonly metric: string;
  readonly value: number;
  /** The model that produced it, when the metric depends on one (e.g. "mobileface", "arcface-r50"). */
  readonly model?: string;
  /** Whether larger values are better; reports use it to rank. */
  readonly higherIsBetter?: boolean;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** A mean over a set with its 95% confidence interval. */
export interface SetMetric {
  readonly metric: string;
  readonly model?: string;
  readonly n: number;
  readonly mean: number;
  readonly ci95: readonly [number, number];
  /** The group it was computed over, e.g. { expression: "joy" } or {} for all items. */
  readonly group: Readonly<Record<string, string>>;
}
